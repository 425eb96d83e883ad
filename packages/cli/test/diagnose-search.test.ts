import { describe, expect, test } from 'vitest';
import { UnknownTestError } from '../src/diagnose/errors.js';
import { type DiagnoseOptions, diagnoseOrder } from '../src/diagnose/search.js';
import type { Execute, RunRequest } from '../src/diagnose/types.js';

const FILE = 'src/a.test.ts';
const id = (name: string) => `${FILE}::${name}`;
const OPTIONS: DiagnoseOptions = { runs: 4, fileRuns: 2, shuffles: 6, seed: 1, confirm: 2 };

/** A seeded shuffle (mulberry32 + Fisher–Yates), standing in for the runner's. */
function shuffle<T>(items: T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * A fake runner over a file of tests sharing one piece of state per run: `polluter` sets it,
 * `victim` fails when it is set (or, with `brittle`, fails unless `setter` ran first).
 */
function fakeRunner(
  names: string[],
  behaviour: (ran: Set<string>, name: string) => boolean,
): Execute & { calls: RunRequest[] } {
  const calls: RunRequest[] = [];
  const execute = async (request: RunRequest) => {
    calls.push(request);
    let order = names.filter((n) => !request.only || request.only.includes(id(n)));
    if (request.seed !== undefined) order = shuffle(order, request.seed);
    const ran = new Set<string>();
    const tests = order.map((name) => {
      const passed = behaviour(ran, name);
      ran.add(name);
      return { id: id(name), state: passed ? ('passed' as const) : ('failed' as const) };
    });
    return { tests };
  };
  return Object.assign(execute, { calls });
}

const MANY = Array.from({ length: 16 }, (_, i) => `t${i}`);

describe('diagnoseOrder', () => {
  test('bisects the tests declared before the victim down to the polluter', async () => {
    const names = [...MANY.slice(0, 5), 'polluter', ...MANY.slice(5, 14), 'victim', 'last'];
    const runner = fakeRunner(names, (ran, name) => name !== 'victim' || !ran.has('polluter'));
    const report = await diagnoseOrder(id('victim'), FILE, runner, OPTIONS);
    expect(report).toMatchObject({
      verdict: 'order-dependent',
      kind: 'polluter',
      culprit: id('polluter'),
      message: `order-dependent: fails after ${id('polluter')}`,
      alone: { runs: 6, failed: 0 },
      fileOrder: { runs: 2, failed: 2 },
    });
    // 2 file runs + 4 alone + 1 group check + at most log2(15)·2 halves + 2 pair and 2 alone confirmations.
    expect(report.invocations).toBeLessThanOrEqual(2 + 4 + 1 + 8 + 2 + 2);
    expect(report.invocations).toBe(runner.calls.length);
  });

  test('finds a polluter declared after the victim through shuffled orders', async () => {
    const names = ['a', 'victim', 'b', 'polluter', 'c'];
    const runner = fakeRunner(names, (ran, name) => name !== 'victim' || !ran.has('polluter'));
    const report = await diagnoseOrder(id('victim'), FILE, runner, OPTIONS);
    expect(report.verdict).toBe('order-dependent');
    expect(report.culprit).toBe(id('polluter'));
    expect(report.fileOrder.failed).toBe(0);
    expect(report.shuffled.failed).toBeGreaterThan(0);
    expect(report.shuffled.failingSeeds.length).toBe(report.shuffled.failed);
  });

  test('names the test a victim needs when it fails alone but passes in its file', async () => {
    const names = ['setter', 'other', 'victim'];
    const runner = fakeRunner(names, (ran, name) => name !== 'victim' || ran.has('setter'));
    const report = await diagnoseOrder(id('victim'), FILE, runner, OPTIONS);
    expect(report).toMatchObject({ verdict: 'order-dependent', kind: 'state-setter', culprit: id('setter') });
    expect(report.message).toBe(`order-dependent: fails alone (6/6), passes after ${id('setter')}`);
  });

  test('does not blame order when the test also fails alone, some of the time', async () => {
    let calls = 0;
    const runner = fakeRunner(['other', 'victim'], (_ran, name) => name !== 'victim' || ++calls % 2 === 0);
    const report = await diagnoseOrder(id('victim'), FILE, runner, OPTIONS);
    expect(report.verdict).toBe('not-order-dependent');
    expect(report.message).toBe('not order-dependent (fails alone: 2/4)');
    expect(report.culprit).toBeUndefined();
  });

  test('does not name a culprit when the test fails alone in the final check', async () => {
    let alone = 0;
    const runner = fakeRunner(['polluter', 'victim'], (ran, name) => {
      if (name !== 'victim') return true;
      if (ran.size === 0) return ++alone !== 5; // the first alone run after the search fails
      return !ran.has('polluter');
    });
    const report = await diagnoseOrder(id('victim'), FILE, runner, OPTIONS);
    expect(report).toMatchObject({ verdict: 'not-order-dependent', alone: { runs: 6, failed: 1 } });
    expect(report.message).toBe('not order-dependent (fails alone: 1/6)');
    expect(report.culprit).toBeUndefined();
  });

  test('says it could not reproduce when every order passes', async () => {
    const runner = fakeRunner(['a', 'victim', 'b'], () => true);
    const report = await diagnoseOrder(id('victim'), FILE, runner, OPTIONS);
    expect(report.verdict).toBe('could-not-reproduce');
    expect(report.shuffled).toMatchObject({ runs: 6, failed: 0, seeds: [1, 2, 3, 4, 5, 6] });
    expect(report.invocations).toBe(2 + 4 + 6);
  });

  test('rejects an id the file does not hold, listing the ids it does', async () => {
    const runner = fakeRunner(['a', 'b'], () => true);
    const error = await diagnoseOrder(id('nope'), FILE, runner, OPTIONS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownTestError);
    expect((error as UnknownTestError).known).toEqual([id('a'), id('b')]);
    expect(runner.calls).toHaveLength(1);
  });
});
