import { isDeepStrictEqual } from 'node:util';
import type { ArbitrarySpec } from '../../src/index.js';

type Scope = ReadonlyMap<string, ArbitrarySpec>;

/** A value belongs to a spec's domain: the oracle both renderings must satisfy. */
export function matches(spec: ArbitrarySpec, value: unknown, scope: Scope = new Map()): boolean {
  const m = (s: ArbitrarySpec, v: unknown) => matches(s, v, scope);
  switch (spec.kind) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return (
        typeof value === 'number' &&
        !Number.isNaN(value) &&
        (!spec.integer || Number.isInteger(value)) &&
        (spec.min === undefined || value >= spec.min) &&
        (spec.max === undefined || value <= spec.max)
      );
    case 'string':
      return (
        typeof value === 'string' &&
        value.length >= (spec.minLength ?? 0) &&
        value.length <= (spec.maxLength ?? Number.POSITIVE_INFINITY) &&
        (spec.pattern === undefined || new RegExp(spec.pattern).test(value)) &&
        (spec.format === undefined || FORMATS[spec.format].test(value))
      );
    case 'bigint':
      return (
        typeof value === 'bigint' &&
        (spec.min === undefined || value >= spec.min) &&
        (spec.max === undefined || value <= spec.max)
      );
    case 'constant':
      return Object.is(value, spec.value);
    case 'union':
      return spec.members.some((s) => m(s, value));
    case 'array':
      return (
        Array.isArray(value) &&
        value.length >= (spec.minLength ?? 0) &&
        value.length <= (spec.maxLength ?? Number.POSITIVE_INFINITY) &&
        value.every((v) => m(spec.item, v))
      );
    case 'tuple': {
      if (!Array.isArray(value)) return false;
      const after = spec.after ?? [];
      const required = spec.required ?? spec.items.length;
      const head = value.slice(0, value.length - after.length);
      const tail = value.slice(value.length - after.length);
      if (value.length < required + after.length) return false;
      if (!tail.every((v, i) => m(after[i]!, v))) return false;
      return head.every((v, i) =>
        i < spec.items.length ? m(spec.items[i]!, v) : spec.rest !== undefined && m(spec.rest, v),
      );
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
      const record = value as Record<string, unknown>;
      const known = new Set(spec.properties.map((p) => p.name));
      const propertiesMatch = spec.properties.every((p) =>
        Object.hasOwn(record, p.name) ? m(p.spec, record[p.name]) : p.optional,
      );
      const extra = Object.keys(record).filter((k) => !known.has(k));
      if (!spec.index) return propertiesMatch && extra.length === 0;
      const index = spec.index;
      return (
        propertiesMatch &&
        extra.every((k) => (index.key === 'string' || /^\d+$/.test(k)) && m(index.value, record[k]))
      );
    }
    case 'anything':
      return true;
    case 'template': {
      if (typeof value !== 'string') return false;
      return new RegExp(`^${templateRegex(spec.parts)}$`).test(value);
    }
    case 'date':
      return value instanceof Date && !Number.isNaN(value.getTime());
    case 'map':
      return value instanceof Map && [...value].every(([k, v]) => m(spec.key, k) && m(spec.value, v));
    case 'set':
      return value instanceof Set && [...value].every((v) => m(spec.item, v));
    case 'recursive':
      return matches(spec.spec, value, new Map(scope).set(spec.name, spec));
    case 'ref':
      return m(scope.get(spec.name)!, value);
    case 'branded':
      return m(spec.spec, value);
    case 'instance':
      return typeof value === 'object' && value !== null && value.constructor?.name === spec.className;
    case 'function':
      return (
        typeof value === 'function' &&
        m(spec.returns, value(1, 'a')) &&
        isDeepStrictEqual(value(1, 'a'), value(1, 'a'))
      );
    case 'binary':
      if (spec.type === 'ArrayBuffer') return value instanceof ArrayBuffer;
      return ArrayBuffer.isView(value) && value.constructor.name === spec.type;
    case 'error':
      return value instanceof Error && value.constructor.name === spec.type;
    case 'regexp':
      return value instanceof RegExp;
    case 'promise':
      return value instanceof Promise;
    case 'platform': {
      const name = spec.type === 'AbortSignal' ? 'AbortSignal' : spec.type;
      return value instanceof (globalThis as unknown as Record<string, new () => unknown>)[name]!;
    }
  }
}

const FORMATS = {
  email: /^[^@\s]+@[^@\s]+$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  url: /^https?:\/\/\S+$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
};

function templateRegex(parts: ArbitrarySpec[]): string {
  return parts
    .map((p) => {
      if (p.kind === 'constant') return String(p.value).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      if (p.kind === 'union') return `(?:${p.members.map((m) => templateRegex([m])).join('|')})`;
      if (p.kind === 'number') return '-?[\\d.e+-]+';
      return '[\\s\\S]*';
    })
    .join('');
}

/**
 * Writes a value of a spec as a TypeScript expression (enum members by name, branded values cast to
 * their type), so a type checker can say whether it has the type. Instances give `undefined`: they
 * have no literal form.
 */
export function typedLiteral(
  spec: ArbitrarySpec,
  value: unknown,
  scope: Scope = new Map(),
): string | undefined {
  const t = (s: ArbitrarySpec, v: unknown) => typedLiteral(s, v, scope);
  const all = (items: Array<string | undefined>) => (items.some((i) => i === undefined) ? undefined : items);
  switch (spec.kind) {
    case 'constant':
      if (spec.label) return spec.label;
      return literal(value);
    case 'union': {
      const member = spec.members.find((s) => matches(s, value, scope));
      return member ? t(member, value) : undefined;
    }
    case 'array':
    case 'set': {
      const items = all(
        (Array.isArray(value) ? value : [...(value as Set<unknown>)]).map((v) => t(spec.item, v)),
      );
      if (!items) return undefined;
      return spec.kind === 'set' ? `new Set([${items.join(', ')}])` : `[${items.join(', ')}]`;
    }
    case 'tuple': {
      const values = value as unknown[];
      const after = spec.after ?? [];
      const items = all(
        values.map((v, i) => {
          if (i >= values.length - after.length) return t(after[i - (values.length - after.length)]!, v);
          return t(i < spec.items.length ? spec.items[i]! : spec.rest!, v);
        }),
      );
      return items && `[${items.join(', ')}]`;
    }
    case 'object': {
      const record = value as Record<string, unknown>;
      const entries = all(
        Object.entries(record).map(([k, v]) => {
          const known = spec.properties.find((p) => p.name === k);
          const inner = t(known ? known.spec : spec.index!.value, v);
          return inner && `${JSON.stringify(k)}: ${inner}`;
        }),
      );
      return entries && `{ ${entries.join(', ')} }`;
    }
    case 'map': {
      const entries = all(
        [...(value as Map<unknown, unknown>)].map(([k, v]) => {
          const key = t(spec.key, k);
          const val = t(spec.value, v);
          return key && val && `[${key}, ${val}]`;
        }),
      );
      return entries && `new Map([${entries.join(', ')}])`;
    }
    case 'date':
      return `new Date(${(value as Date).getTime()})`;
    case 'recursive':
      return typedLiteral(spec.spec, value, new Map(scope).set(spec.name, spec));
    case 'ref':
      return t(scope.get(spec.name)!, value);
    case 'branded': {
      const inner = t(spec.spec, value);
      return inner && spec.typeName ? `(${inner} as ${spec.typeName})` : inner;
    }
    case 'function': {
      const result = t(spec.returns, (value as (...a: unknown[]) => unknown)());
      return result && `(() => ${result})`;
    }
    case 'instance':
      return undefined;
    case 'binary': {
      if (spec.type === 'DataView') {
        const view = value as DataView;
        return `new DataView(new Uint8Array([${[...new Uint8Array(view.buffer)].join(', ')}]).buffer)`;
      }
      if (spec.type === 'ArrayBuffer')
        return `new Uint8Array([${[...new Uint8Array(value as ArrayBuffer)].join(', ')}]).buffer`;
      return `new ${spec.type}([${[...(value as Iterable<unknown>)].map(literal).join(', ')}])`;
    }
    case 'error':
      return `new ${spec.type}(${JSON.stringify((value as Error).message)})`;
    case 'regexp':
      return String(value);
    case 'promise':
    case 'platform':
      // What a promise holds is not readable synchronously: a promise of the type, not of this value.
      // A platform object (a request's body) neither.
      return undefined;
    default:
      return literal(value);
  }
}

function literal(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  return JSON.stringify(value);
}
