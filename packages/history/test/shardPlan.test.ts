import { describe, expect, test } from 'vitest';
import {
  completeShardRuns,
  estimateFileCosts,
  formatShardLine,
  planShards,
  type RunRecord,
  recordedFileDurations,
} from '../src/index.js';
import { run } from './helpers.js';

/** A run that recorded the given file durations (ms). */
function timed(durations: Record<string, number>, extra: Partial<RunRecord> = {}): RunRecord {
  return run(
    Object.keys(durations).map((file) => ({ id: `${file}::t`, durationMs: 1 })),
    {
      files: Object.fromEntries(Object.entries(durations).map(([f, ms]) => [f, { durationMs: ms }])),
      ...extra,
    },
  );
}

/** A run that recorded whole file costs: `[wholeMs, testsMs]` per file. */
function costed(costs: Record<string, [number, number]>, extra: Partial<RunRecord> = {}): RunRecord {
  return run(
    Object.keys(costs).map((file) => ({ id: `${file}::t`, durationMs: costs[file]![1] })),
    {
      files: Object.fromEntries(
        Object.entries(costs).map(([f, [whole, tests]]) => [f, { durationMs: whole, testsMs: tests }]),
      ),
      ...extra,
    },
  );
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('planShards', () => {
  const durations = {
    'a.test.ts': 900,
    'b.test.ts': 500,
    'c.test.ts': 400,
    'd.test.ts': 300,
    'e.test.ts': 100,
  };
  const history = [timed(durations)];

  test('assigns longest files first to the least loaded shard', () => {
    const plan = planShards(Object.keys(durations), history, { count: 2 })!;
    expect(plan.shards.map((s) => s.files)).toEqual([
      ['a.test.ts', 'd.test.ts'],
      ['b.test.ts', 'c.test.ts', 'e.test.ts'],
    ]);
    expect(plan.shards.map((s) => s.estimatedMs)).toEqual([1200, 1000]);
  });

  test('gives the same plan whatever the order of files and records', () => {
    const files = Array.from({ length: 40 }, (_, i) => `src/f${i}.test.ts`);
    const runs = [0, 1, 2].map((r) =>
      timed(Object.fromEntries(files.map((f, i) => [f, ((i * 37 + r) % 11) * 10]))),
    );
    const reference = planShards(files, runs, { count: 4 });
    for (let seed = 1; seed <= 20; seed++) {
      expect(planShards(shuffled(files, seed), shuffled(runs, seed + 7), { count: 4 })).toEqual(reference);
    }
  });

  test('gives files with no recorded duration the median of the known ones', () => {
    const plan = planShards([...Object.keys(durations), 'new.test.ts'], history, { count: 2 })!;
    expect(plan.medianMs).toBe(400);
    expect(plan.estimates['new.test.ts']).toBe(400);
    expect(plan.unknown).toEqual(['new.test.ts']);
  });

  test('returns null without any recorded duration for the files, so the runner splits them', () => {
    expect(planShards(['a.test.ts'], [], { count: 2 })).toBeNull();
    expect(planShards(['x.test.ts'], history, { count: 2 })).toBeNull();
  });

  test('puts every file in exactly one shard and leaves no shard empty when files suffice', () => {
    const files = ['a.test.ts', 'b.test.ts', 'c.test.ts', 'd.test.ts'];
    const plan = planShards(
      files,
      [timed({ 'a.test.ts': 0, 'b.test.ts': 0, 'c.test.ts': 0, 'd.test.ts': 0 })],
      {
        count: 4,
      },
    )!;
    expect(plan.shards.map((s) => s.files.length)).toEqual([1, 1, 1, 1]);
    expect(plan.shards.flatMap((s) => s.files).sort()).toEqual(files);
  });

  test('rejects a shard count that is not a whole number ≥ 1', () => {
    expect(() => planShards(['a.test.ts'], history, { count: 0 })).toThrow(/shard count 0/);
  });
});

describe('recordedFileDurations', () => {
  test('averages the newest five samples and falls back to the sum of test durations', () => {
    const runs = [1, 2, 3, 4, 5, 6].map((n) => timed({ 'a.test.ts': n * 100 }));
    const sums = run([
      { id: 'b.test.ts::one', durationMs: 30 },
      { id: 'b.test.ts::two', durationMs: 20 },
    ]);
    const estimates = recordedFileDurations([...runs, sums]);
    expect(estimates.get('a.test.ts')).toBe(400); // mean of 200..600, the oldest (100) left out
    expect(estimates.get('b.test.ts')).toBe(50);
  });

  test("prefers the planning runner's durations", () => {
    const vitest = timed({ 'a.test.ts': 100 });
    const jest = timed(
      { 'a.test.ts': 900, 'b.test.ts': 300 },
      { runner: { name: 'jest', version: '30.5.2' } },
    );
    const estimates = recordedFileDurations([vitest, jest], { runner: 'vitest' });
    expect(estimates.get('a.test.ts')).toBe(100);
    expect(estimates.get('b.test.ts')).toBe(300);
  });
});

describe('planning on whole file costs', () => {
  test('balances many cheap-to-test files by their whole cost, not by their tests alone', () => {
    // One file with 1.7 s of tests and 0.3 s of import; 40 files whose 10 ms of tests hide 290 ms of
    // import each (es-toolkit's shape).
    const costs: Record<string, [number, number]> = { 'slow.test.ts': [2000, 1700] };
    for (let i = 0; i < 40; i++) costs[`small${String(i).padStart(2, '0')}.test.ts`] = [300, 10];
    const files = Object.keys(costs);
    const wholeOf = (shard: { files: string[] }) => shard.files.reduce((sum, f) => sum + costs[f]![0], 0);
    const mean = 14_000 / 4;

    const plan = planShards(files, [costed(costs)], { count: 4 })!;
    expect(Math.max(...plan.shards.map(wholeOf)) / mean).toBeLessThan(1.1);
    expect(plan.overheadMs).toBe(290);

    // Weighed by the tests' time alone (older records), the slow file's shard gets no other file and
    // the other three share 40 files: one shard then takes 20 % longer than the mean.
    const testsOnly = timed(Object.fromEntries(files.map((f) => [f, costs[f]![1]])));
    const old = planShards(files, [testsOnly], { count: 4 })!;
    expect(old.shards.map((s) => s.files.length).sort((a, b) => a - b)).toEqual([1, 13, 13, 14]);
    expect(Math.max(...old.shards.map(wholeOf)) / mean).toBeCloseTo(1.2); // 14 small files: 4.2 s
  });

  test("prefers a file's whole-cost samples over newer samples that hold only its tests' time", () => {
    const whole = costed({ 'a.test.ts': [500, 100] });
    const older = timed({ 'a.test.ts': 100 });
    const newer = timed({ 'a.test.ts': 120 }); // e.g. a machine still on an older assay
    expect(recordedFileDurations([older, whole, newer]).get('a.test.ts')).toBe(500);
  });

  test("counts files recorded only with their tests' time at that time plus the median overhead", () => {
    const old = timed({ 'old.test.ts': 50 });
    const recent = costed({ 'a.test.ts': [400, 100], 'b.test.ts': [250, 50], 'c.test.ts': [1000, 900] });
    const { estimates, testsOnly, overheadMs } = estimateFileCosts([old, recent]);
    expect(overheadMs).toBe(200); // median of 300, 200, 100
    expect(estimates.get('old.test.ts')).toBe(250);
    expect([...testsOnly]).toEqual(['old.test.ts']);
    const plan = planShards(['a.test.ts', 'b.test.ts', 'c.test.ts', 'old.test.ts'], [old, recent], {
      count: 2,
    })!;
    expect(plan.testsOnly).toEqual(['old.test.ts']);
    expect(plan.estimates['old.test.ts']).toBe(250);
    expect(formatShardLine(plan, 1)).toContain(
      "1 file(s) recorded by an older assay counted with their tests' time + 0.2 s",
    );
  });

  test('without any whole cost, plans on the tests’ time as before (no overhead added)', () => {
    const { estimates, overheadMs } = estimateFileCosts([timed({ 'a.test.ts': 40, 'b.test.ts': 60 })]);
    expect(overheadMs).toBe(0);
    expect(Object.fromEntries(estimates)).toEqual({ 'a.test.ts': 40, 'b.test.ts': 60 });
  });

  test('gives files without history the median of the whole costs', () => {
    const plan = planShards(
      ['a.test.ts', 'b.test.ts', 'c.test.ts', 'new.test.ts'],
      [costed({ 'a.test.ts': [400, 100], 'b.test.ts': [250, 50], 'c.test.ts': [1000, 900] })],
      { count: 2 },
    )!;
    expect(plan.unknown).toEqual(['new.test.ts']);
    expect(plan.estimates['new.test.ts']).toBe(400);
  });
});

describe('completeShardRuns', () => {
  test('ignores shard records until every sibling shard has recorded', () => {
    const base = timed({ 'a.test.ts': 100 });
    const shard1 = timed({ 'a.test.ts': 5000 }, { shard: { index: 1, count: 2 }, commit: 'abc' });
    expect(completeShardRuns([base, shard1])).toEqual([base]);
    const shard2 = timed({ 'b.test.ts': 10 }, { shard: { index: 2, count: 2 }, commit: 'abc' });
    expect(completeShardRuns([base, shard1, shard2])).toEqual([base, shard1, shard2]);
    const again = timed({ 'a.test.ts': 1 }, { shard: { index: 1, count: 2 }, commit: 'abc' });
    expect(completeShardRuns([base, shard1, shard2, again])).toEqual([base, shard1, shard2]);
  });

  test('shards run one after another plan the same files', () => {
    const files = ['a.test.ts', 'b.test.ts', 'c.test.ts'];
    const history = [timed({ 'a.test.ts': 300, 'b.test.ts': 200, 'c.test.ts': 100 })];
    const first = planShards(files, history, { count: 2 });
    const afterShard1 = [...history, timed({ 'a.test.ts': 10 }, { shard: { index: 1, count: 2 } })];
    expect(planShards(files, afterShard1, { count: 2 })).toEqual(first);
  });
});
