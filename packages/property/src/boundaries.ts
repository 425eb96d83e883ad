import type { ArbitrarySpec } from './spec.js';

/**
 * Values at the edges of a spec's domain, most telling first: the inputs a careful tester writes
 * before any random ones (zero, empty, one, negative, non-finite, the bounds).
 *
 * @example
 * ```ts
 * boundaryValues({ kind: 'number', integer: true, min: 1, max: 10 }); // [1, 10, 2, 9]
 * ```
 */
export function boundaryValues(spec: ArbitrarySpec): unknown[] {
  return unique(rawBoundaries(spec));
}

function rawBoundaries(spec: ArbitrarySpec): unknown[] {
  switch (spec.kind) {
    case 'boolean':
      return [true, false];
    case 'number':
      return numberBoundaries(spec.integer ?? false, spec.min, spec.max);
    case 'string':
      return stringBoundaries(spec.minLength ?? 0, spec.maxLength);
    case 'bigint':
      return [0n, 1n, -1n, 2n ** 64n];
    case 'constant':
      return [spec.value];
    case 'union':
      return spec.members.flatMap(rawBoundaries);
    case 'array': {
      const items = boundaryValues(spec.item);
      const min = spec.minLength ?? 0;
      const max = spec.maxLength ?? Number.POSITIVE_INFINITY;
      const shapes = [[], items.slice(0, 1), items.slice(0, 3), [...items].reverse().slice(0, 3)];
      return shapes.filter((a) => a.length >= min && a.length <= max);
    }
    case 'tuple': {
      const perItem = spec.items.map(boundaryValues);
      const count = Math.max(1, ...perItem.map((v) => v.length));
      // Walk every item's boundaries in step, so each boundary of each item appears at least once.
      return Array.from({ length: count }, (_, i) => perItem.map((values) => values[i % values.length]));
    }
    case 'object': {
      const perProperty = spec.properties.map((p) => boundaryValues(p.spec));
      const count = Math.max(1, ...perProperty.map((v) => v.length));
      const objects = Array.from({ length: count }, (_, i) =>
        Object.fromEntries(
          spec.properties.map((p, j) => [p.name, perProperty[j]![i % perProperty[j]!.length]]),
        ),
      );
      if (spec.properties.some((p) => p.optional)) {
        objects.push(
          Object.fromEntries(
            spec.properties.filter((p) => !p.optional).map((p, j) => [p.name, perProperty[j]![0]]),
          ),
        );
      }
      return objects;
    }
    case 'anything':
      return [undefined, null, 0, '', 'text', [], {}, true];
  }
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

function stringBoundaries(minLength: number, maxLength: number | undefined): string[] {
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
  return candidates.filter(
    (s) => s.length >= minLength && s.length <= (maxLength ?? Number.POSITIVE_INFINITY),
  );
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

function stableKey(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
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
