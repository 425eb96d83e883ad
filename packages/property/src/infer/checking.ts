import fc from 'fast-check';
import { boundaryValues } from '../boundaries.js';
import type { ArbitrarySpec } from '../spec.js';
import { type ArbitraryOptions, toArbitrary } from '../to-arbitrary.js';

/** Literals found in the code under test: what its branches compare against. */
export interface MinedLiterals {
  strings?: readonly string[];
  numbers?: readonly number[];
}

/**
 * The arbitrary a candidate is checked with: the spec's own (the one written in the emitted test),
 * mixed with values built from the code's literals (`'&amp;'` for an HTML escaper). Checking on more
 * than is emitted only rejects more: a property kept here holds on the emitted arbitrary too, and
 * the ones random strings would almost never falsify (`unescape(unescape('&amp;lt;'))`) are caught.
 */
export function checkingArbitrary(
  spec: ArbitrarySpec,
  literals: MinedLiterals,
  options: ArbitraryOptions,
): fc.Arbitrary<unknown> {
  const base = toArbitrary(spec, options);
  switch (spec.kind) {
    case 'string': {
      const strings = literals.strings ?? [];
      if (strings.length === 0 || spec.format || spec.pattern !== undefined) return base;
      const piece = fc.oneof(fc.constantFrom(...strings), fc.string({ maxLength: 3 }));
      const joined = fc
        .array(piece, { minLength: 1, maxLength: 4 })
        .map((parts) => parts.join(''))
        .filter(
          (s) =>
            s.length >= (spec.minLength ?? 0) && s.length <= (spec.maxLength ?? Number.POSITIVE_INFINITY),
        );
      return mix(base, joined);
    }
    case 'number': {
      const numbers = (literals.numbers ?? [])
        .flatMap((n) => [n - 1, n, n + 1])
        .filter(
          (n) =>
            (!spec.integer || Number.isInteger(n)) &&
            n >= (spec.min ?? Number.NEGATIVE_INFINITY) &&
            n <= (spec.max ?? Number.POSITIVE_INFINITY),
        );
      return numbers.length === 0 ? base : mix(base, fc.constantFrom(...numbers));
    }
    case 'array':
      return mix(
        base,
        fc.array(checkingArbitrary(spec.item, literals, options), {
          minLength: spec.minLength ?? 0,
          maxLength: spec.maxLength ?? 10,
        }),
      );
    default:
      return base;
  }
}

/** Mostly the emitted arbitrary, so checks keep the power of random inputs (float rounding …). */
function mix(base: fc.Arbitrary<unknown>, fromLiterals: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: base, weight: 3 }, { arbitrary: fromLiterals, weight: 1 });
}

/** Input tuples from the boundaries of each spec, walked in step: fast-check runs these first. */
export function boundaryExamples(specs: readonly ArbitrarySpec[], options: ArbitraryOptions): unknown[][] {
  const lists = specs.map((spec) => {
    try {
      // NaN and the infinities are boundaries of `number`, but not values the emitted arbitrary draws.
      return boundaryValues(spec, options).filter((value) => !hasNonFinite(value));
    } catch {
      return [];
    }
  });
  if (lists.some((l) => l.length === 0)) return [];
  const count = Math.max(...lists.map((l) => l.length));
  return Array.from({ length: count }, (_, i) => lists.map((l) => l[i % l.length]));
}

function hasNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(hasNonFinite);
  if (value instanceof Map) return [...value].some(hasNonFinite);
  if (value instanceof Set) return [...value].some(hasNonFinite);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasNonFinite);
  return false;
}
