import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type ArbitrarySpec, boundaryValues, sampleValues, toArbitrary, toCode } from '../src/index.js';

const specs: Record<string, ArbitrarySpec> = {
  boolean: { kind: 'boolean' },
  'bounded integer': { kind: 'number', integer: true, min: 1, max: 10 },
  double: { kind: 'number' },
  'short string': { kind: 'string', maxLength: 3 },
  'literal union': {
    kind: 'union',
    members: [
      { kind: 'constant', value: 'a' },
      { kind: 'constant', value: 'b' },
    ],
  },
  'array of integers': { kind: 'array', item: { kind: 'number', integer: true }, maxLength: 4 },
  tuple: { kind: 'tuple', items: [{ kind: 'boolean' }, { kind: 'string' }] },
  'object with optional key': {
    kind: 'object',
    properties: [
      { name: 'id', spec: { kind: 'number', integer: true, min: 0 }, optional: false },
      { name: 'label-text', spec: { kind: 'string' }, optional: true },
    ],
  },
};

/** A value matches a spec: the oracle both renderings must satisfy. */
function matches(spec: ArbitrarySpec, value: unknown): boolean {
  switch (spec.kind) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return (
        typeof value === 'number' &&
        (!spec.integer || Number.isInteger(value)) &&
        (spec.min === undefined || value >= spec.min) &&
        (spec.max === undefined || value <= spec.max)
      );
    case 'string':
      return typeof value === 'string' && value.length <= (spec.maxLength ?? Number.POSITIVE_INFINITY);
    case 'bigint':
      return typeof value === 'bigint';
    case 'constant':
      return Object.is(value, spec.value);
    case 'union':
      return spec.members.some((m) => matches(m, value));
    case 'array':
      return (
        Array.isArray(value) &&
        value.length <= (spec.maxLength ?? Number.POSITIVE_INFINITY) &&
        value.every((v) => matches(spec.item, v))
      );
    case 'tuple':
      return (
        Array.isArray(value) &&
        value.length === spec.items.length &&
        spec.items.every((s, i) => matches(s, value[i]))
      );
    case 'object':
      return (
        typeof value === 'object' &&
        value !== null &&
        spec.properties.every((p) =>
          p.name in value ? matches(p.spec, (value as Record<string, unknown>)[p.name]) : p.optional,
        )
      );
    default:
      return true;
  }
}

describe.each(Object.entries(specs))('%s', (_name, spec) => {
  test('the live arbitrary only produces matching values', () => {
    fc.assert(fc.property(toArbitrary(spec), (value) => matches(spec, value)));
  });

  test('the rendered code builds an arbitrary that produces matching values', () => {
    const build = new Function('fc', `return ${toCode(spec)};`) as (f: typeof fc) => fc.Arbitrary<unknown>;
    fc.assert(fc.property(build(fc), (value) => matches(spec, value)));
  });

  test('sampling with the same seed gives the same values', () => {
    expect(sampleValues(spec, { seed: 7, count: 10 })).toEqual(sampleValues(spec, { seed: 7, count: 10 }));
  });

  test('every boundary value matches the spec', () => {
    const values = boundaryValues(spec);
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(matches(spec, value)).toBe(true);
  });
});

test('integer boundaries start with the bounds and their neighbours', () => {
  expect(boundaryValues({ kind: 'number', integer: true, min: 1, max: 10 })).toEqual([1, 10, 2, 9, 5]);
});

test('unbounded numbers include zero, negatives and non-finite values', () => {
  const values = boundaryValues({ kind: 'number' });
  expect(values).toContain(0);
  expect(values).toContain(-1);
  expect(values).toContainEqual(Number.NaN);
  expect(values).toContain(Number.POSITIVE_INFINITY);
});

test('enum-like unions give each member as a boundary', () => {
  const spec: ArbitrarySpec = {
    kind: 'union',
    members: [0, 1, 2].map((value) => ({ kind: 'constant' as const, value })),
  };
  expect(boundaryValues(spec)).toEqual([0, 1, 2]);
});

test('constants with a label render the label', () => {
  expect(toCode({ kind: 'constant', value: 0, label: 'Color.Red' })).toBe('fc.constant(Color.Red)');
});

test('readable numbers are whole or have at most two decimals, within the bounds', () => {
  const spec: ArbitrarySpec = { kind: 'number', min: -5, max: 5 };
  fc.assert(
    fc.property(toArbitrary(spec, { readable: true }), (n) => {
      const n100 = Math.round((n as number) * 100);
      return (n as number) >= -5 && (n as number) <= 5 && Math.abs(n100 / 100 - (n as number)) < 1e-9;
    }),
  );
});

test('readable values of an untyped parameter are small plain values: short strings, small numbers, tiny arrays and objects', () => {
  const small = (v: unknown): boolean =>
    v === null ||
    typeof v === 'boolean' ||
    (typeof v === 'number' && Number.isInteger(v) && v >= -10 && v <= 100) ||
    (typeof v === 'string' && v.length <= 8);
  fc.assert(
    fc.property(toArbitrary({ kind: 'anything' }, { readable: true }), (v) =>
      Array.isArray(v)
        ? v.length <= 3 && v.every(small)
        : typeof v === 'object' && v !== null
          ? Object.values(v).length <= 5 && Object.values(v).every(small)
          : small(v),
    ),
  );
});
