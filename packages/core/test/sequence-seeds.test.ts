import { expect, test } from 'vitest';
import {
  fill,
  fullestTuple,
  type MethodArgs,
  resultArgs,
  reusedArgs,
  stories,
  tours,
} from '../src/explore/sequence-seeds.js';
import type { MethodInfo } from '../src/model/unit.js';
import type { Encoded } from '../src/model/value.js';

const int = { kind: 'number', integer: true, min: 1, max: 99 } as const;
const method = (name: string, ...specs: MethodInfo['parameters'][number]['spec'][]): MethodInfo => ({
  name,
  parameters: specs.map((spec, i) => ({ name: `p${i}`, spec, rest: false })),
  isAsync: false,
  returnsValue: true,
});
const set = method('set', { kind: 'string' }, int);
const get = method('get', { kind: 'string' });
const size = method('size');
const withArgs = (m: MethodInfo, args: Encoded[][]): MethodArgs => ({ method: m, args });

test('a read after set reuses the key set, latest first, and needs a value of each parameter type', () => {
  const earlier = [
    { method: 'set', args: ['a', 1] },
    { method: 'set', args: ['b', 2] },
  ];
  expect(reusedArgs(get, earlier)).toEqual(['b']);
  expect(reusedArgs(get, earlier, 1)).toEqual(['a']);
  expect(reusedArgs(method('has', { kind: 'boolean' }), earlier)).toBeUndefined();
  expect(reusedArgs(size, earlier)).toBeUndefined();
});

test('stories add three different entries, then read the first and the last one back', () => {
  const found = stories([
    withArgs(set, [
      ['', 1],
      ['', 2],
      ['a', 3],
      ['hello', 3],
    ]),
    withArgs(get, [['x']]),
  ]);
  expect(found).toEqual([
    [
      { method: 'set', args: ['', 1] },
      { method: 'set', args: ['a', 2] },
      { method: 'set', args: ['hello', 3] },
      { method: 'get', args: [''] },
    ],
    [
      { method: 'set', args: ['', 1] },
      { method: 'set', args: ['a', 2] },
      { method: 'set', args: ['hello', 3] },
      { method: 'get', args: ['hello'] },
    ],
  ]);
  // With the clock faked, each read is also tried a day later.
  const later = stories([withArgs(set, [['k', 1]]), withArgs(get, [])], 86_400_000);
  expect(later.some((s) => s.some((step) => step.advanceMs === 86_400_000))).toBe(true);
});

test('tours add, then call every other method once, cut at the step limit', () => {
  const others = ['a', 'b', 'c', 'd', 'e'].map((name) => withArgs(method(name), [[]]));
  const found = tours([withArgs(set, [['k', 1]]), ...others], 5);
  expect(found.map((steps) => steps.map((s) => s.method))).toEqual([
    ['set', 'set', 'set', 'a', 'b'],
    ['set', 'set', 'set', 'c', 'd'],
    ['set', 'set', 'set', 'e'],
  ]);
});

test('an object an earlier step returned is passed to a parameter that takes an object', () => {
  const unlink = method('unlink', {
    kind: 'object',
    properties: [{ name: 'value', spec: int, optional: false }],
  });
  const returned = [
    { kind: 'return' as const, value: 3, async: false },
    { kind: 'return' as const, value: { $: 'instance' as const, ctor: 'Node', v: {} }, async: false },
  ];
  expect(resultArgs(unlink, returned, [{ $: 'object', v: { value: 1 } }], () => 0)).toEqual([
    { $: 'result', step: 1 },
  ]);
  expect(resultArgs(get, returned, ['x'], () => 0)).toBeUndefined();
  expect(resultArgs(unlink, returned.slice(0, 1), [], () => 0)).toBeUndefined();
});

test('the fullest constructor arguments take the elements and every option any tuple had', () => {
  const stub: Encoded = { $: 'stub', id: '', returns: 0, like: 'compare' };
  expect(
    fullestTuple([
      [[], { $: 'undefined' }],
      [[1, 2], { $: 'undefined' }],
      [[], { $: 'object', v: { compare: stub } }],
    ]),
  ).toEqual([[1, 2], { $: 'object', v: { compare: stub } }]);
  expect(fill([])).toBeLessThan(fill([1]));
});
