import type { ArbitrarySpec } from '../spec.js';
import { literalCode, propertyKey } from './expr.js';

/**
 * The TypeScript type a spec stands for, as source text (`[string, number?]`, `` `user-${number}` ``),
 * for the casts generated TypeScript needs where fast-check's inference loses the type. Named types
 * (branded, recursive, instances) are written by name and must be in scope.
 */
export function typeText(spec: ArbitrarySpec): string {
  switch (spec.kind) {
    case 'boolean':
    case 'number':
    case 'string':
    case 'bigint':
      return spec.kind;
    case 'constant':
      return spec.label ?? (spec.value === undefined ? 'undefined' : literalCode(spec.value));
    case 'union':
      return spec.members.map((m) => paren(m)).join(' | ');
    case 'array':
      return `${spec.readonly ? 'readonly ' : ''}${paren(spec.item)}[]`;
    case 'tuple': {
      const required = spec.required ?? spec.items.length;
      const items = spec.items.map((item, i) => (i >= required ? `${paren(item)}?` : typeText(item)));
      if (spec.rest) items.push(`...${paren(spec.rest)}[]`);
      for (const after of spec.after ?? []) items.push(typeText(after));
      return `[${items.join(', ')}]`;
    }
    case 'object': {
      const members = spec.properties.map(
        (p) => `${propertyKey(p.name)}${p.optional ? '?' : ''}: ${typeText(p.spec)}`,
      );
      if (spec.index) members.push(`[key: ${spec.index.key}]: ${typeText(spec.index.value)}`);
      return members.length === 0 ? '{}' : `{ ${members.join('; ')} }`;
    }
    case 'anything':
      return 'unknown';
    case 'template':
      return `\`${spec.parts.map(templatePart).join('')}\``;
    case 'date':
      return 'Date';
    case 'map':
      return `Map<${typeText(spec.key)}, ${typeText(spec.value)}>`;
    case 'set':
      return `Set<${typeText(spec.item)}>`;
    case 'recursive':
    case 'ref':
      return spec.name;
    case 'branded':
      return spec.typeName ?? typeText(spec.spec);
    case 'instance':
      return spec.className;
    case 'function':
      return `(...args: any[]) => ${typeText(spec.returns)}`;
    case 'binary':
    case 'error':
      return spec.type;
    case 'regexp':
      return 'RegExp';
    case 'promise':
      return `Promise<${typeText(spec.value)}>`;
    case 'platform':
      return spec.type === 'ReadableStream' && spec.item
        ? `ReadableStream<${typeText(spec.item)}>`
        : spec.type;
  }
}

function paren(spec: ArbitrarySpec): string {
  const text = typeText(spec);
  return spec.kind === 'union' || spec.kind === 'function' ? `(${text})` : text;
}

function templatePart(spec: ArbitrarySpec): string {
  if (spec.kind === 'constant' && typeof spec.value === 'string')
    return spec.value.replace(/[`\\]|\$\{/g, (m) => `\\${m}`);
  return `\${${typeText(spec)}}`;
}
