import { typeText } from '../_internals/type-text.js';
import type { ArbitrarySpec } from '../spec.js';

/**
 * The type a spec stands for, as a key, without constraints and labels: two specs with the same shape
 * describe values of the same type (`number` with or without bounds), so a function's output can be
 * fed to another's input or compared with it.
 */
export function shapeOf(spec: ArbitrarySpec): string {
  switch (spec.kind) {
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'date':
    case 'anything':
      return spec.kind;
    case 'string':
    case 'template':
      return 'string';
    case 'constant':
      return `=${typeof spec.value}:${String(spec.value)}`;
    case 'union': {
      const members = [...new Set(spec.members.map(shapeOf))].sort();
      return members.length === 1 ? members[0]! : `(${members.join('|')})`;
    }
    case 'array':
      return `${shapeOf(spec.item)}[]`;
    case 'tuple':
      return `[${spec.items.map(shapeOf).join(',')}${spec.rest ? `,...${shapeOf(spec.rest)}` : ''}]`;
    case 'object':
      return `{${spec.properties
        .map((p) => `${p.name}${p.optional ? '?' : ''}:${shapeOf(p.spec)}`)
        .sort()
        .join(',')}${spec.index ? `,[${spec.index.key}]:${shapeOf(spec.index.value)}` : ''}}`;
    case 'map':
      return `Map<${shapeOf(spec.key)},${shapeOf(spec.value)}>`;
    case 'set':
      return `Set<${shapeOf(spec.item)}>`;
    case 'recursive':
    case 'ref':
      return `rec:${spec.name}`;
    case 'branded':
      return shapeOf(spec.spec);
    case 'instance':
      return `new ${spec.className}`;
    case 'function':
      return `fn:${shapeOf(spec.returns)}`;
    case 'binary':
    case 'error':
    case 'regexp':
    case 'platform':
      return typeText(spec);
    case 'promise':
      return `Promise<${shapeOf(spec.value)}>`;
  }
}

/** Values of the spec are arrays or strings: they have a length. */
export function hasLength(spec: ArbitrarySpec): boolean {
  const s = spec.kind === 'branded' ? spec.spec : spec;
  return s.kind === 'array' || s.kind === 'string' || s.kind === 'template';
}

/** The item spec when the spec is an array, else undefined. */
export function itemOf(spec: ArbitrarySpec | undefined): ArbitrarySpec | undefined {
  return spec?.kind === 'array' ? spec.item : undefined;
}

/** Numbers, strings and booleans: values `<=` and the default sort order make sense for. */
export function isOrderedPrimitive(spec: ArbitrarySpec | undefined): 'number' | 'string' | undefined {
  const shape = spec && shapeOf(spec);
  return shape === 'number' || shape === 'string' ? shape : undefined;
}
