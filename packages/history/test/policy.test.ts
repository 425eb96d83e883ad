import { describe, expect, test } from 'vitest';
import { collectResults, DEFAULT_THRESHOLDS, planPolicy, resolvePolicy } from '../src/index.js';
import { runsOf } from './helpers.js';

const results = (pattern: string, id = 'a.test.ts::t') => collectResults(runsOf(pattern, id));

describe('quarantine policies', () => {
  test('are off by default', () => {
    const plan = planPolicy(results('RRRR'), { tests: [] }, resolvePolicy({}), DEFAULT_THRESHOLDS);
    expect(plan).toEqual({ add: [], release: [] });
  });

  test('auto-quarantine adds a test judged flaky at the end of its last N runs', () => {
    const policy = resolvePolicy({ autoQuarantine: { afterFlakyRuns: 2 } });
    expect(planPolicy(results('PPPR'), { tests: [] }, policy, DEFAULT_THRESHOLDS).add).toEqual([]);
    const plan = planPolicy(results('PPRP'), { tests: [] }, policy, DEFAULT_THRESHOLDS);
    expect(plan.add).toEqual([
      expect.objectContaining({
        id: 'a.test.ts::t',
        auto: true,
        reason: expect.stringMatching(/^auto-quarantined/),
      }),
    ]);
  });

  test('never quarantines a broken test', () => {
    const policy = resolvePolicy({ autoQuarantine: { afterFlakyRuns: 1 } });
    expect(planPolicy(results('PPFFFF'), { tests: [] }, policy, DEFAULT_THRESHOLDS).add).toEqual([]);
  });

  test('auto-release takes out auto entries after N clean passes since quarantine', () => {
    const policy = resolvePolicy({ autoRelease: { afterPasses: 3 } });
    const entry = { id: 'a.test.ts::t', reason: 'r', since: '2000-01-01', auto: true };
    expect(planPolicy(results('RPP'), { tests: [entry] }, policy, DEFAULT_THRESHOLDS).release).toEqual([]);
    expect(planPolicy(results('RPPP'), { tests: [entry] }, policy, DEFAULT_THRESHOLDS).release).toEqual([
      { entry, passes: 3 },
    ]);
  });

  test('auto-release leaves hand-made entries alone unless includeManual', () => {
    const entry = { id: 'a.test.ts::t', reason: 'r', since: '2000-01-01' };
    const off = resolvePolicy({ autoRelease: { afterPasses: 1 } });
    const on = resolvePolicy({ autoRelease: { afterPasses: 1, includeManual: true } });
    expect(planPolicy(results('PP'), { tests: [entry] }, off, DEFAULT_THRESHOLDS).release).toEqual([]);
    expect(planPolicy(results('PP'), { tests: [entry] }, on, DEFAULT_THRESHOLDS).release).toHaveLength(1);
  });

  test('bad policy numbers are rejected with the option path', () => {
    expect(() => resolvePolicy({ autoRelease: { afterPasses: 0 } })).toThrow(
      /quarantine\.autoRelease\.afterPasses/,
    );
  });
});
