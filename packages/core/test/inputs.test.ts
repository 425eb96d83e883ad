import type { ArbitrarySpec } from '@assay/property';
import { describe, expect, test } from 'vitest';
import { candidatesFor, constantValues } from '../src/inputs/candidates.js';
import { emptyValue, presentValue } from '../src/inputs/present-value.js';
import { stableKey } from '../src/inputs/stable-key.js';
import type { FunctionUnit } from '../src/model/unit.js';

const unit: FunctionUnit = {
  kind: 'function',
  name: 'clamp',
  exportName: 'clamp',
  isAsync: false,
  line: 1,
  parameters: [
    { name: 'value', spec: { kind: 'number' }, rest: false },
    {
      name: 'mode',
      spec: {
        kind: 'union',
        members: [
          { kind: 'constant', value: 'a' },
          { kind: 'constant', value: 'b' },
        ],
      },
      rest: false,
    },
  ],
  constants: { numbers: [10], strings: [], lengths: [], byProperty: {}, patterns: [] },
};

describe('candidatesFor', () => {
  const candidates = candidatesFor(unit, { seed: 42, max: 60 });
  const args = candidates.map((c) => c.args);

  test('includes each mined constant and its neighbours', () => {
    expect(args).toContainEqual([9, 'a']);
    expect(args).toContainEqual([10, 'a']);
    expect(args).toContainEqual([11, 'a']);
  });

  test('includes every member of a literal union', () => {
    expect(args).toContainEqual([0, 'b']);
  });

  test('never repeats a tuple and respects the maximum', () => {
    expect(new Set(args.map(stableKey)).size).toBe(args.length);
    expect(candidates.length).toBeLessThanOrEqual(60);
  });

  test('is reproducible for a seed and differs for another', () => {
    expect(candidatesFor(unit, { seed: 42, max: 60 })).toEqual(candidates);
    expect(candidatesFor(unit, { seed: 7, max: 60 })).not.toEqual(candidates);
  });
});

test('constants are matched to object properties of the same name', () => {
  const values = constantValues(
    {
      kind: 'object',
      properties: [{ name: 'size', spec: { kind: 'number', integer: true }, optional: false }],
    },
    { numbers: [], strings: [], lengths: [], byProperty: { size: [3] }, patterns: [] },
  );
  expect(values).toEqual([{ size: 3 }, { size: 2 }, { size: 4 }]);
});

test('compared lengths become strings of those lengths', () => {
  const values = constantValues(
    { kind: 'string' },
    { numbers: [], strings: [], lengths: [2], byProperty: {}, patterns: [] },
  );
  expect(values).toEqual(['a', 'aa', 'aaa']);
});

test('a property named like an Object.prototype member finds no constants of Object (no crash)', () => {
  const spec = {
    kind: 'object' as const,
    properties: [{ name: 'constructor', spec: { kind: 'number' as const }, optional: false }],
  };
  const values = constantValues(spec, {
    numbers: [],
    strings: [],
    lengths: [],
    byProperty: {},
    patterns: [],
  });
  expect(values).toEqual([]);
});

test('a mined separator is tried between items, and with the same item repeated', () => {
  const values = constantValues(
    { kind: 'string' },
    { numbers: [], strings: ['&', 'name'], lengths: [], byProperty: {}, patterns: [] },
  );
  expect(values).toEqual(expect.arrayContaining(['&', 'a&b', 'a&a&a', 'name']));
  // Words are not separators.
  expect(values).not.toContain('anamea');
});

test('strings matching the mined regular expressions are tried', () => {
  const values = constantValues(
    { kind: 'string' },
    { numbers: [], strings: [], lengths: [], byProperty: {}, patterns: [['^(\\d+)s$', '']] },
  );
  expect(values.length).toBeGreaterThan(0);
  for (const value of values) expect(value).toMatch(/^(\d+)s$/);
});

describe('values for a mocked function to return', () => {
  const settings = {
    kind: 'object',
    properties: [
      {
        name: 'file',
        spec: { kind: 'union', members: [{ kind: 'constant', value: undefined }, { kind: 'string' }] },
        optional: false,
      },
      { name: 'tags', spec: { kind: 'array', item: { kind: 'string' } }, optional: false },
      { name: 'limit', spec: { kind: 'number', integer: true }, optional: true },
    ],
  } as const satisfies ArbitrarySpec;

  test('a present value fills every property with something there', () => {
    const built = presentValue(settings)?.value as { file: string; tags: string[]; limit: number };
    expect(built.file).toEqual(expect.any(String));
    expect(built.file).not.toBe('');
    expect(built.tags).toHaveLength(1);
    expect(built.limit).not.toBe(0);
  });

  test('an empty value takes the missing member, empty collections and leaves optional properties out', () => {
    expect(emptyValue(settings)).toEqual({ value: { file: undefined, tags: [] } });
    expect(emptyValue({ kind: 'number' })).toEqual({ value: 0 });
  });

  test('void, unknown and functions give nothing to return', () => {
    expect(presentValue({ kind: 'constant', value: undefined })).toBeUndefined();
    expect(presentValue({ kind: 'anything' })).toBeUndefined();
    expect(presentValue({ kind: 'function', returns: { kind: 'string' } })).toBeUndefined();
  });
});
