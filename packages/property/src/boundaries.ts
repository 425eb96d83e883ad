import {
  binaryItem,
  binaryOf,
  errorOf,
  type PromiseMaker,
  REGEXPS,
  realPromise,
} from './_internals/built-ins.js';
import { type ClassConstructor, MissingClassError } from './_internals/plan.js';
import {
  isPlatformObject,
  PLATFORM_RECIPES,
  type PlatformFactory,
  realPlatform,
} from './_internals/platform.js';
import { leafOf, unfoldOnto } from './_internals/recursion.js';
import { stringsMatching } from './sample.js';
import type { ArbitrarySpec, InstanceSpec, StringSpec } from './spec.js';

/** Options of {@link boundaryValues}. */
export interface BoundaryOptions {
  /** The class of an instance spec (see `ArbitraryOptions.resolveClass`). */
  resolveClass?: (spec: InstanceSpec) => ClassConstructor | undefined;
  /** How a promise of a value is made (see `ArbitraryOptions.promise`). @default a real promise */
  promise?: PromiseMaker;
  /** How a web platform value is made from its recipe (see `ArbitraryOptions.platform`). @default the real object */
  platform?: PlatformFactory;
}

/** What a rejected promise among the boundary values rejects with. */
const REJECTION = new Error('rejected');

/**
 * Values at the edges of a spec's domain, most telling first: the inputs a careful tester writes
 * before any random ones (zero, empty, one, negative, non-finite, the bounds).
 *
 * @throws MissingClassError when the spec holds an instance and `resolveClass` does not give its class.
 * @example
 * ```ts
 * boundaryValues({ kind: 'number', integer: true, min: 1, max: 10 }); // [1, 10, 2, 9, 5]
 * ```
 */
export function boundaryValues(spec: ArbitrarySpec, options: BoundaryOptions = {}): unknown[] {
  return unique(rawBoundaries(spec, options));
}

function rawBoundaries(spec: ArbitrarySpec, o: BoundaryOptions): unknown[] {
  const of = (s: ArbitrarySpec) => boundaryValues(s, o);
  switch (spec.kind) {
    case 'boolean':
      return [true, false];
    case 'number':
      return numberBoundaries(spec.integer ?? false, spec.min, spec.max);
    case 'string':
      return stringBoundaries(spec);
    case 'bigint': {
      const lo = spec.min ?? -(2n ** 64n);
      const hi = spec.max ?? 2n ** 64n;
      return [0n, 1n, -1n, 2n ** 64n, lo, hi, lo + 1n, hi - 1n].filter((n) => n >= lo && n <= hi);
    }
    case 'constant':
      return [spec.value];
    case 'union':
      return spec.members.flatMap(of);
    case 'array': {
      const items = of(spec.item);
      const min = spec.minLength ?? 0;
      const max = spec.maxLength ?? Number.POSITIVE_INFINITY;
      const shapes = [[], items.slice(0, 1), items.slice(0, 3), [...items].reverse().slice(0, 3)];
      if (min > 3 && items.length > 0)
        shapes.push(Array.from({ length: min }, (_, i) => items[i % items.length]));
      return shapes.filter((a) => a.length >= min && a.length <= max);
    }
    case 'tuple': {
      const perItem = spec.items.map(of);
      const after = (spec.after ?? []).map(of);
      const base = inStep([...perItem, ...after]);
      const head = (t: unknown[]) => t.slice(0, spec.items.length);
      const tail = (t: unknown[]) => t.slice(spec.items.length);
      const out = [...base];
      const required = spec.required ?? spec.items.length;
      if (required < spec.items.length) {
        out.push(...base.slice(0, 2).map((t) => [...head(t).slice(0, required), ...tail(t)]));
      }
      if (spec.rest) {
        const rest = of(spec.rest);
        out.push(...base.slice(0, 2).map((t) => [...head(t), ...rest.slice(0, 2), ...tail(t)]));
      }
      return out;
    }
    case 'object': {
      const perProperty = spec.properties.map((p) => of(p.spec));
      const objects = inStep(perProperty).map((values) =>
        Object.fromEntries(spec.properties.map((p, j) => [p.name, values[j]])),
      );
      if (spec.properties.some((p) => p.optional)) {
        objects.push(
          Object.fromEntries(
            spec.properties.flatMap((p, j) => (p.optional ? [] : [[p.name, perProperty[j]![0]]])),
          ),
        );
      }
      if (spec.index) {
        const values = of(spec.index.value);
        const keys = spec.index.key === 'number' ? ['0', '1'] : ['key', 'other key'];
        objects.push(...values.slice(0, 2).map((v, i) => ({ [keys[i]!]: v, ...(objects[0] as object) })));
      }
      return objects;
    }
    case 'anything':
      return [undefined, null, 0, '', 'text', [], {}, true];
    case 'template': {
      // `${number}` holds only finite numbers: NaN and the infinities are not written there.
      const parts = spec.parts.map((p) => of(p).filter((v) => typeof v !== 'number' || Number.isFinite(v)));
      return inStep(parts).map((values) => values.join(''));
    }
    case 'date': {
      const lo = spec.min ?? Number.NEGATIVE_INFINITY;
      const hi = spec.max ?? Number.POSITIVE_INFINITY;
      const times = [0, Date.UTC(2000, 0, 1), Date.UTC(2024, 1, 29, 12, 30), -1, spec.min, spec.max];
      return times.filter((t): t is number => t !== undefined && t >= lo && t <= hi).map((t) => new Date(t));
    }
    case 'map': {
      const keys = of(spec.key);
      const values = of(spec.value);
      const size = spec.maxSize ?? Number.POSITIVE_INFINITY;
      const maps = [new Map(), new Map(keys.slice(0, 1).map((k) => [k, values[0]]))];
      maps.push(new Map(keys.slice(0, 3).map((k, i) => [k, values[i % values.length]])));
      return maps.filter((m) => m.size <= size);
    }
    case 'set': {
      const items = of(spec.item);
      const size = spec.maxSize ?? Number.POSITIVE_INFINITY;
      return [new Set(), new Set(items.slice(0, 1)), new Set(items.slice(0, 3))].filter(
        (s) => s.size <= size,
      );
    }
    case 'recursive': {
      const leaf = leafOf(spec.spec, spec.name);
      if (!leaf) return [];
      // The innermost level, then one level above it.
      const oneLevel = unfoldOnto(spec, leaf);
      return [...of(leaf), ...of(oneLevel)];
    }
    case 'ref':
      return [];
    case 'branded':
      return of(spec.spec);
    case 'function':
      return of(spec.returns)
        .slice(0, 3)
        .map((v) => () => v);
    case 'instance': {
      const Class = o.resolveClass?.(spec);
      if (!Class) throw new MissingClassError(spec.className);
      const argTuples = inStep(spec.args.map(of)).slice(0, 4);
      const out: unknown[] = [];
      for (const args of argTuples) {
        try {
          out.push(new Class(...(args as never[])));
        } catch {
          // A constructor may reject some boundary arguments (it validates them): skip those.
        }
      }
      return out;
    }
    case 'binary': {
      // Empty, one item, then a few of the item's own boundaries (0, 1, the extremes).
      const items = of(binaryItem(spec.type, true));
      const { make } = binaryOf(spec.type);
      return [[], items.slice(0, 1), items.slice(0, 3)].map(make);
    }
    case 'error': {
      const { make } = errorOf(spec.type);
      return ['a', '', 'Something failed'].map(make);
    }
    case 'regexp':
      return [...REGEXPS];
    case 'platform': {
      const make = o.platform ?? realPlatform;
      if (spec.type === 'ReadableStream') {
        // No chunk, one, a few: an empty stream, a single read, a read loop.
        const chunks = of(spec.item ?? { kind: 'anything' });
        return [[], chunks.slice(0, 1), chunks.slice(0, 3)].map((c) => make('ReadableStream', [c]));
      }
      return PLATFORM_RECIPES[spec.type].map(([maker, args]) => make(maker, args));
    }
    case 'promise': {
      // Resolved with the first boundary, rejected, then resolved with the others: both paths early.
      const make = o.promise ?? realPromise;
      const values = of(spec.value);
      return [
        ...values.slice(0, 1).map((v) => make(v, false)),
        make(REJECTION, true),
        ...values.slice(1).map((v) => make(v, false)),
      ];
    }
  }
}

/** Walks each list in step, so each boundary of each position appears at least once. */
function inStep(lists: unknown[][]): unknown[][] {
  if (lists.some((l) => l.length === 0)) return [];
  const count = Math.max(1, ...lists.map((v) => v.length));
  return Array.from({ length: count }, (_, i) => lists.map((values) => values[i % values.length]));
}

function numberBoundaries(integer: boolean, min: number | undefined, max: number | undefined): number[] {
  if (min !== undefined || max !== undefined) {
    const lo = min ?? (max! > 0 ? 0 : max! - 100);
    const hi = max ?? (lo < 0 ? 0 : lo + 100);
    const step = integer ? 1 : (hi - lo) / 100;
    const middle = integer ? Math.floor((lo + hi) / 2) : (lo + hi) / 2;
    return [lo, hi, lo + step, hi - step, middle].filter((n) => n >= lo && n <= hi);
  }
  const whole = [0, 1, -1, 2, 10, -10, 100, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
  if (integer) return whole;
  return [
    ...whole.slice(0, 4),
    0.5,
    -0.5,
    1.5,
    ...whole.slice(4),
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ];
}

const FORMAT_EXAMPLES: Record<NonNullable<StringSpec['format']>, string[]> = {
  email: ['a@b.co', 'first.last@example.com'],
  uuid: ['00000000-0000-1000-8000-000000000000', '123e4567-e89b-42d3-a456-426614174000'],
  url: ['https://example.com', 'http://a.b/c?d=e'],
  'date-time': ['1970-01-01T00:00:00.000Z', '2024-02-29T12:30:00.000Z'],
};

function stringBoundaries(spec: StringSpec): string[] {
  const minLength = spec.minLength ?? 0;
  const maxLength = spec.maxLength ?? Number.POSITIVE_INFINITY;
  const fits = (s: string) => s.length >= minLength && s.length <= maxLength;
  if (spec.format) return FORMAT_EXAMPLES[spec.format].filter(fits);
  if (spec.pattern !== undefined) return stringsMatching(spec.pattern, '', { count: 6 }).filter(fits);
  const candidates = [
    '',
    'a',
    'hello',
    'Hello World',
    ' ',
    '  padded  ',
    'a-b_c.d',
    '123',
    'ü€😀',
    'a'.repeat(40),
  ];
  const out = candidates.filter(fits);
  // Long minimums leave none of the above: the shortest allowed string, then the longest.
  if (out.length === 0 && Number.isFinite(minLength)) out.push('a'.repeat(minLength));
  if (Number.isFinite(maxLength) && maxLength > minLength && maxLength <= 1000)
    out.push('b'.repeat(maxLength));
  return out;
}

/** Deduplicates with SameValueZero-plus-structure, so `[]` and `[]` count once but `0` and `-0` do too. */
function unique(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const value of values) {
    const key = stableKey(value);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(value);
  }
  return out;
}

let promiseCount = 0;

function stableKey(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return `fn:${stableKey(value())}`;
  if (value instanceof Date) return `date:${value.getTime()}`;
  if (value instanceof RegExp || value instanceof Error) return `${value.constructor.name}:${String(value)}`;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return `${value.constructor.name}:${stableKey([...(value as unknown as Iterable<unknown>)])}`;
  if (value instanceof ArrayBuffer) return `ArrayBuffer:${stableKey([...new Uint8Array(value)])}`;
  if (value instanceof DataView)
    return `DataView:${stableKey([...new Uint8Array(value.buffer, value.byteOffset, value.byteLength)])}`;
  // Promises are told apart by their order among the boundaries: never merged.
  if (value instanceof Promise) return `promise:${promiseCount++}`;
  if (isPlatformObject(value)) return `platform:${promiseCount++}`;
  if (value instanceof Map) return `map:${stableKey([...value])}`;
  if (value instanceof Set) return `set:${stableKey([...value])}`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}:${stableKey(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
