import { describe, expect, test } from 'vitest';
import {
  computeVerdicts,
  DEFAULT_THRESHOLDS,
  OptionError,
  recordedThresholds,
  resolveThresholds,
} from '../src/index.js';
import { run, runsOf } from './helpers.js';

function verdict(pattern: string, thresholds = {}) {
  return computeVerdicts(runsOf(pattern), thresholds)[0]!;
}

const atCommit = (commit: string, hash = 'h1', dirty = false) => ({
  commit,
  dirty,
  files: { 'a.test.ts': { hash } },
});

describe('verdicts', () => {
  test('a test that always passes is stable', () => {
    expect(verdict('PPPPP').verdict).toBe('stable');
  });

  test('a test that passed only after a retry is flaky after one run', () => {
    const v = verdict('R');
    expect(v.verdict).toBe('flaky');
    expect(v.evidence).toEqual(['retry']);
  });

  test('a test with failed and passed attempts in one run (repeats) is flaky even though it failed', () => {
    const v = computeVerdicts([run([{ state: 'failed', attempts: { passed: 2, failed: 1 } }])])[0]!;
    expect(v.verdict).toBe('flaky');
  });

  test('passing and failing at the same clean code version is flaky from the second run', () => {
    const runs = runsOf('PF', 'a.test.ts::t', atCommit('c1'));
    const v = computeVerdicts(runs)[0]!;
    expect(v.verdict).toBe('flaky');
    expect(v.evidence).toEqual(['same-version']);
  });

  test('the same commit with a dirty work tree is not the same code version', () => {
    const runs = runsOf('PPPPPPPPF', 'a.test.ts::t', atCommit('c1', 'h1', true));
    expect(computeVerdicts(runs)[0]!.verdict).toBe('broken');
  });

  test('a failure rate of 30 % or more with both outcomes in the last 10 is flaky', () => {
    expect(verdict('PPFPPFPPFP').verdict).toBe('flaky');
    expect(verdict('PPFPPFPPFP').evidence).toEqual(['failure-rate']);
  });

  test('a rate under the threshold that ends with a pass is stable', () => {
    expect(verdict('PPPPPPPPFP').verdict).toBe('stable');
  });

  test('only the last `window` results count', () => {
    expect(verdict(`FFFFPFP${'P'.repeat(10)}`).verdict).toBe('stable');
  });

  test('the failure-rate rule waits for minResults', () => {
    expect(verdict('FP').verdict).toBe('stable');
    expect(verdict('FP', { minResults: 2 }).verdict).toBe('flaky');
  });

  test('a test that failed in every run is broken, never flaky', () => {
    const v = verdict('FFFFFFFFFF');
    expect(v.verdict).toBe('broken');
    expect(v.reason).toMatch(/all of its 10/);
  });

  test('a test that fails every time since some point is broken even when its rate is high', () => {
    const v = verdict('PPPPPFFFFF');
    expect(v.verdict).toBe('broken');
    expect(v.since).toBeDefined();
  });

  test('a test that started failing at a new code version is broken at once', () => {
    const runs = [
      ...runsOf('PPP', 'a.test.ts::t', atCommit('c1')),
      ...runsOf('F', 'a.test.ts::t', atCommit('c2', 'h2')),
    ];
    const v = computeVerdicts(runs)[0]!;
    expect(v.verdict).toBe('broken');
    expect(v.reason).toMatch(/code changed/);
  });

  test('a failure at a new version is not a clean break when the test already failed earlier in the window', () => {
    // A new commit before every run: no two results share a version.
    const runs = [...'PFPPFPPF'].flatMap((ch, i) => runsOf(ch, 'a.test.ts::t', atCommit(`c${i}`)));
    const v = computeVerdicts(runs)[0]!;
    expect(v.verdict).toBe('flaky');
    expect(v.evidence).toEqual(['failure-rate']);
  });

  test('failures at a version where it also passed are flaky, not broken', () => {
    const runs = runsOf('PFFFF', 'a.test.ts::t', atCommit('c1'));
    expect(computeVerdicts(runs)[0]!.verdict).toBe('flaky');
  });

  test('a fresh failure with no sign of flakiness is reported broken', () => {
    expect(verdict('PPPPF').verdict).toBe('broken');
  });

  test('skipped results do not count', () => {
    const v = verdict('PSSSR');
    expect(v.results).toBe(2);
    expect(v.recent).toBe('PR');
  });

  test('rules can be turned off and thresholds changed', () => {
    expect(verdict('R', { retryPassIsFlaky: false }).verdict).toBe('stable');
    expect(verdict('PPPPPPPPFP', { failureRate: 0.1 }).verdict).toBe('flaky');
  });

  test('verdicts are sorted broken, flaky, stable', () => {
    const runs = [
      run([
        { id: 'a.test.ts::s' },
        { id: 'a.test.ts::f', retries: 1 },
        { id: 'a.test.ts::b', state: 'failed' },
      ]),
    ];
    expect(computeVerdicts(runs).map((v) => v.verdict)).toEqual(['broken', 'flaky', 'stable']);
  });

  test('recordedThresholds takes the newest recorded thresholds and ignores unknown or mistyped keys', () => {
    const runs = [
      run([], { thresholds: { window: 5 } }),
      run([], { thresholds: { failureRate: 0.2, bogus: 1, window: true } }),
      run([]),
    ];
    expect(recordedThresholds(runs)).toEqual({ failureRate: 0.2 });
    expect(recordedThresholds([])).toEqual({});
  });

  test('invalid thresholds are rejected with the option named', () => {
    expect(() => resolveThresholds({ failureRate: 30 })).toThrow(OptionError);
    expect(() => resolveThresholds({ failureRate: 30 })).toThrow(/thresholds\.failureRate: 30 is not a rate/);
    expect(() => resolveThresholds({ window: 2, minResults: 3 })).toThrow(/minResults/);
    expect(resolveThresholds({})).toEqual(DEFAULT_THRESHOLDS);
  });
});
