import { expect, test } from 'vitest';
import type { Observation, Outcome } from '../src/model/observation.js';
import type { FunctionUnit } from '../src/model/unit.js';
import { isAssertable, selectCases } from '../src/select/select.js';

const unit = { name: 'f', exportName: 'f', parameters: [] } as unknown as FunctionUnit;
const NONE = new Set<string>();
const returns = (value: number | boolean): Outcome => ({ kind: 'return', value, async: false });
const observe = (arg: number, outcome: Outcome): Observation => ({ unit, args: [arg], outcome, ranges: [] });

test('keeps the fewest cases that cover every point', () => {
  const observations = [observe(1, returns(1)), observe(2, returns(2)), observe(3, returns(3))];
  const covered = [new Set(['a']), new Set(['a', 'b']), new Set(['c'])];
  const { cases } = selectCases(observations, covered, 10, NONE);
  expect(cases.map((c) => c.observation.args)).toEqual([[2], [3]]);
});

test('adds a case for an outcome kind not yet shown, even without new coverage', () => {
  const observations = [observe(1, returns(true)), observe(2, returns(false))];
  const { cases } = selectCases(observations, [new Set(['a']), new Set(['a'])], 10, NONE);
  expect(cases).toHaveLength(2);
});

test('treats errors that differ only in the numbers of their message as one kind', () => {
  const error = (message: string): Outcome => ({
    kind: 'throw',
    error: { $: 'error', name: 'RangeError', message, ctor: 'RangeError' },
    async: false,
  });
  const observations = [
    observe(1, error('got 1')),
    observe(2, error('got -2.5')),
    observe(3, error('other')),
  ];
  const { cases } = selectCases(observations, [new Set(['a']), new Set(['a']), new Set(['a'])], 10, NONE);
  expect(cases.map((c) => c.observation.args)).toEqual([[1], [3]]);
});

test('errors of one class that cover nothing new earn at most two tests, however their messages differ', () => {
  const error = (ctor: string, message: string): Outcome => ({
    kind: 'throw',
    error: { $: 'error', name: ctor, message, ctor },
    async: false,
  });
  const observations = [
    observe(1, returns(1)),
    observe(2, error('TypeError', 'undefined: Received undefined')),
    observe(3, error('TypeError', 'null: Received null')),
    observe(4, error('TypeError', 'true: Received type boolean')),
    observe(5, error('TypeError', 'x: Received an instance of Array')),
    observe(6, error('RangeError', 'too big')),
    // New coverage always earns its test.
    observe(7, error('TypeError', 'deep: not a function')),
  ];
  const covered = [...Array(6)].map(() => new Set(['a']));
  const { cases } = selectCases(observations, [...covered, new Set(['a', 'b'])], 10, NONE);
  expect(cases.map((c) => c.observation.args)).toEqual([[1], [2], [6], [7]]);
});

test('leaves out timeouts, exits, refused I/O and unwritable values, saying why', () => {
  const observations = [
    observe(1, { kind: 'timeout' }),
    observe(2, { kind: 'exit', code: 1 }),
    observe(3, { kind: 'blocked', operation: 'fs.rmSync' }),
    observe(4, { kind: 'return', value: { $: 'opaque', what: 'function g' }, async: false }),
  ];
  const { cases, problems } = selectCases(
    observations,
    observations.map(() => new Set(['a'])),
    10,
    NONE,
  );
  expect(cases).toEqual([]);
  expect(problems.map((p) => p.code)).toEqual(['timeout', 'process-exit', 'needs-io', 'unrenderable-value']);
  expect(problems[2]!.message).toContain('fs.rmSync');
});

test('stops at the maximum number of cases', () => {
  const observations = [1, 2, 3, 4].map((n) => observe(n, returns(n)));
  const { cases } = selectCases(
    observations,
    [1, 2, 3, 4].map((n) => new Set([`p${n}`])),
    2,
    NONE,
  );
  expect(cases).toHaveLength(2);
});

test('keeps instances of classes the module exports, and drops others as unwritable', () => {
  const instance = (ctor: string): Outcome => ({
    kind: 'return',
    value: { $: 'instance', ctor, v: { n: 1 } },
    async: false,
  });
  const observations = [observe(1, instance('Exported')), observe(2, instance('Hidden'))];
  const { cases, problems } = selectCases(
    observations,
    [new Set(['a']), new Set(['b'])],
    10,
    new Set(['Exported']),
  );
  expect(cases.map((c) => c.observation.args)).toEqual([[1]]);
  expect(problems).toEqual([expect.objectContaining({ code: 'unrenderable-value' })]);
  expect(problems[0]!.message).toContain('instance of Hidden');
});

test('a result that read randomness is never asserted as a value, even when it looks fixed', () => {
  const random: Outcome = { kind: 'return', value: 3, async: false, random: 'Math.random' };
  expect(isAssertable(random, new Set())).toBe(false);
  expect(isAssertable({ kind: 'return', value: 3, async: false }, new Set())).toBe(true);
});
