import type { ArbitrarySpec } from './spec.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Renders a spec as fast-check source code, for generated tests. `fc` must be in scope.
 *
 * @example
 * ```ts
 * toCode({ kind: 'tuple', items: [{ kind: 'boolean' }, { kind: 'string' }] });
 * // 'fc.tuple(fc.boolean(), fc.string())'
 * ```
 */
export function toCode(spec: ArbitrarySpec): string {
  switch (spec.kind) {
    case 'boolean':
      return 'fc.boolean()';
    case 'number': {
      const bounds = objectLiteral({ min: spec.min, max: spec.max });
      if (spec.integer) return `fc.integer(${bounds})`;
      return `fc.double(${objectLiteral({ min: spec.min, max: spec.max, noNaN: spec.min !== undefined || spec.max !== undefined ? true : undefined })})`;
    }
    case 'string':
      return `fc.string(${objectLiteral({ minLength: spec.minLength, maxLength: spec.maxLength })})`;
    case 'bigint':
      return 'fc.bigInt()';
    case 'constant':
      return `fc.constant(${spec.label ?? literal(spec.value)})`;
    case 'union':
      return `fc.oneof(${spec.members.map(toCode).join(', ')})`;
    case 'array':
      return `fc.array(${[toCode(spec.item), objectLiteral({ minLength: spec.minLength, maxLength: spec.maxLength })].filter(Boolean).join(', ')})`;
    case 'tuple':
      return `fc.tuple(${spec.items.map(toCode).join(', ')})`;
    case 'object': {
      const fields = spec.properties.map(
        (p) => `${IDENTIFIER.test(p.name) ? p.name : JSON.stringify(p.name)}: ${toCode(p.spec)}`,
      );
      const optional = spec.properties.some((p) => p.optional);
      const required = spec.properties.filter((p) => !p.optional).map((p) => JSON.stringify(p.name));
      const options = optional ? `, { requiredKeys: [${required.join(', ')}] }` : '';
      return `fc.record({ ${fields.join(', ')} }${options})`;
    }
    case 'anything':
      return 'fc.jsonValue()';
  }
}

function literal(value: string | number | boolean | bigint | null | undefined): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value);
}

function objectLiteral(options: Record<string, number | boolean | undefined>): string {
  const entries = Object.entries(options).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '';
  return `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(', ')} }`;
}
