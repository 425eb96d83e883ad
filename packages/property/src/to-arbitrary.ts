import fc from 'fast-check';
import type { ArbitrarySpec } from './spec.js';

/** Largest collection drawn at random: small enough to keep generated tests readable. */
const DEFAULT_MAX_LENGTH = 5;

export interface ArbitraryOptions {
  /**
   * Draw values a person would write in a test: whole numbers and numbers with two decimals instead of
   * the whole double range (`-3.2e-172`), short printable strings. The domain stays the spec's.
   * @default false
   */
  readable?: boolean;
}

/**
 * Renders a spec as a live fast-check arbitrary.
 *
 * @example
 * ```ts
 * const arb = toArbitrary({ kind: 'array', item: { kind: 'number', integer: true } });
 * fc.sample(arb, { seed: 42, numRuns: 3 });
 * ```
 */
export function toArbitrary(spec: ArbitrarySpec, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const inner = (s: ArbitrarySpec) => toArbitrary(s, options);
  switch (spec.kind) {
    case 'boolean':
      return fc.boolean();
    case 'number':
      if (spec.integer) return fc.integer({ min: spec.min ?? -1000, max: spec.max ?? 1000 });
      if (options.readable) return readableNumber(spec.min ?? -1000, spec.max ?? 1000);
      return fc.double({
        min: spec.min ?? -1000,
        max: spec.max ?? 1000,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'string':
      return options.readable
        ? fc.string({ unit: READABLE_CHARS, minLength: spec.minLength ?? 0, maxLength: spec.maxLength ?? 12 })
        : fc.string({ minLength: spec.minLength ?? 0, maxLength: spec.maxLength ?? 12 });
    case 'bigint':
      return fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n });
    case 'constant':
      return fc.constant(spec.value);
    case 'union':
      return fc.oneof(...spec.members.map(inner));
    case 'array':
      return fc.array(inner(spec.item), {
        minLength: spec.minLength ?? 0,
        maxLength: spec.maxLength ?? Math.max(spec.minLength ?? 0, DEFAULT_MAX_LENGTH),
      });
    case 'tuple':
      return fc.tuple(...spec.items.map(inner));
    case 'object': {
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const property of spec.properties) model[property.name] = inner(property.spec);
      const requiredKeys = spec.properties.filter((p) => !p.optional).map((p) => p.name);
      return fc.record(model, { requiredKeys });
    }
    case 'anything':
      return fc.jsonValue({ maxDepth: 2 });
  }
}

const READABLE_CHARS = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,:/@#'.split(''),
);

/** Whole numbers and numbers with two decimals between the bounds, both ends included. */
function readableNumber(min: number, max: number): fc.Arbitrary<number> {
  const lo = Math.ceil(min * 100);
  const hi = Math.floor(max * 100);
  return fc.oneof(
    fc.integer({ min: Math.ceil(min), max: Math.floor(max) }),
    fc.integer({ min: lo, max: hi }).map((n) => n / 100),
  );
}
