import { OptionError } from './errors.js';
import { fileOfTestId } from './testId.js';
import type { RunRecord, StoredRun } from './types.js';

/** What assay concludes about a test from its history. */
export type Verdict = 'flaky' | 'broken' | 'stable';

/** Why a test was called flaky. */
export type FlakyEvidence = 'retry' | 'same-version' | 'failure-rate';

/** Thresholds of the verdicts. Every field is optional in user config; see {@link DEFAULT_THRESHOLDS}. */
export interface VerdictThresholds {
  /**
   * How many of a test's latest results are looked at.
   * @default 10
   */
  window: number;
  /**
   * Fewest results before the failure-rate rule applies.
   * @default 3
   */
  minResults: number;
  /**
   * Failure rate (0–1) in the window from which a test with both outcomes is flaky.
   * @default 0.3
   */
  failureRate: number;
  /**
   * Consecutive latest failures (with no pass at the same code version) that make a test broken even
   * if its rate says flaky.
   * @default 3
   */
  brokenAfter: number;
  /**
   * A test that passed only after a retry (or passed and failed among repeats) in one run is flaky.
   * @default true
   */
  retryPassIsFlaky: boolean;
  /**
   * A test that passed and failed at the same code version (commit + test file hash, clean work tree)
   * is flaky.
   * @default true
   */
  sameVersionIsFlaky: boolean;
}

/** Default verdict thresholds, as DESIGN.md states them. */
export const DEFAULT_THRESHOLDS: Readonly<VerdictThresholds> = Object.freeze({
  window: 10,
  minResults: 3,
  failureRate: 0.3,
  brokenAfter: 3,
  retryPassIsFlaky: true,
  sameVersionIsFlaky: true,
});

/** One counted result of a test (skipped results are not counted). */
export interface ResultPoint {
  state: 'passed' | 'failed';
  retries: number;
  /** Attempts passed and failed in that run, when several ran. */
  attempts?: { passed: number; failed: number };
  /** Code version `commit:fileHash`, when both are known and the tree was clean. */
  version?: string;
  /** When the run started (ISO). */
  at: string;
  quarantined: boolean;
  error?: string;
}

/** The verdict on one test, with the figures behind it. */
export interface TestVerdict {
  id: string;
  verdict: Verdict;
  /** One sentence saying why. */
  reason: string;
  /** Rules that found the test flaky (empty unless `verdict` is flaky). */
  evidence: FlakyEvidence[];
  /** Results in the window. */
  results: number;
  failures: number;
  /** failures / results in the window. */
  failureRate: number;
  lastState: 'passed' | 'failed';
  /** Start time of the latest run that had the test. */
  lastRun: string;
  /** Broken: the run since which it fails; flaky: the first run in the window with flaky evidence. */
  since?: string;
  /** The window as letters, oldest first: P passed, F failed, R passed after retry/with failed attempts. */
  recent: string;
  /** Whether the latest result was recorded while the test was quarantined. */
  quarantined: boolean;
  /** First line of the latest error. */
  lastError?: string;
}

/** Checks user thresholds and fills defaults. Throws an {@link OptionError} naming the bad field. */
export function resolveThresholds(
  user: Partial<VerdictThresholds> = {},
  prefix = 'thresholds',
): VerdictThresholds {
  const t = { ...DEFAULT_THRESHOLDS, ...stripUndefined(user) };
  for (const key of ['window', 'minResults', 'brokenAfter'] as const) {
    if (!Number.isInteger(t[key]) || t[key] < 1) {
      throw new OptionError(`${prefix}.${key}`, `${t[key]} is not a whole number ≥ 1`);
    }
  }
  if (typeof t.failureRate !== 'number' || !(t.failureRate > 0 && t.failureRate <= 1)) {
    throw new OptionError(
      `${prefix}.failureRate`,
      `${t.failureRate} is not a rate in (0, 1], e.g. 0.3 for 30 %`,
    );
  }
  if (t.minResults > t.window) {
    throw new OptionError(`${prefix}.minResults`, `${t.minResults} is more than window (${t.window})`);
  }
  return t;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Thresholds recorded with the newest run that has them (see `RunRecord.thresholds`), else `{}`. */
export function recordedThresholds(runs: readonly (RunRecord | StoredRun)[]): Partial<VerdictThresholds> {
  let newest: RunRecord | undefined;
  for (const r of runs) {
    const record = 'record' in r ? r.record : r;
    if (record.thresholds && (!newest || Date.parse(record.startedAt) >= Date.parse(newest.startedAt))) {
      newest = record;
    }
  }
  const known = Object.keys(DEFAULT_THRESHOLDS);
  return Object.fromEntries(
    Object.entries(newest?.thresholds ?? {}).filter(
      ([key, value]) =>
        known.includes(key) && typeof value === typeof DEFAULT_THRESHOLDS[key as keyof VerdictThresholds],
    ),
  ) as Partial<VerdictThresholds>;
}

/** Every test's counted results, oldest first. Accepts records in any order; sorts them by start time. */
export function collectResults(runs: readonly (RunRecord | StoredRun)[]): Map<string, ResultPoint[]> {
  const records = runs
    .map((r) => ('record' in r ? r.record : r))
    .slice()
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  const byTest = new Map<string, ResultPoint[]>();
  for (const record of records) {
    const clean = record.commit !== undefined && record.dirty === false;
    for (const test of record.tests) {
      if (test.state === 'skipped') continue;
      const hash = record.files[fileOfTestId(test.id)]?.hash;
      const point: ResultPoint = {
        state: test.state,
        retries: test.retries,
        at: record.startedAt,
        quarantined: test.quarantined === true,
      };
      if (test.attempts) point.attempts = test.attempts;
      if (clean && hash) point.version = `${record.commit}:${hash}`;
      if (test.error) point.error = test.error;
      const list = byTest.get(test.id);
      if (list) list.push(point);
      else byTest.set(test.id, [point]);
    }
  }
  return byTest;
}

function flakyInRun(p: ResultPoint): boolean {
  if (p.state === 'passed' && p.retries > 0) return true;
  return p.attempts !== undefined && p.attempts.passed > 0 && p.attempts.failed > 0;
}

/** The verdict on one test from its counted results (oldest first). */
export function verdictOf(
  id: string,
  points: readonly ResultPoint[],
  thresholds: VerdictThresholds,
): TestVerdict {
  const w = points.slice(-thresholds.window);
  const last = w[w.length - 1]!;
  const failures = w.filter((p) => p.state === 'failed').length;
  const base = {
    id,
    results: w.length,
    failures,
    failureRate: w.length ? failures / w.length : 0,
    lastState: last.state,
    lastRun: last.at,
    recent: w.map((p) => (flakyInRun(p) ? 'R' : p.state === 'passed' ? 'P' : 'F')).join(''),
    quarantined: last.quarantined,
    ...(last.error && last.state === 'failed' ? { lastError: last.error } : {}),
  };

  // Trailing failures: "fails every time since some point".
  let streak = 0;
  while (streak < w.length && w[w.length - 1 - streak]!.state === 'failed') streak++;
  const streakPoints = w.slice(w.length - streak);
  const streakVersions = new Set(streakPoints.map((p) => p.version).filter((v) => v !== undefined));
  const passedAtStreakVersion =
    thresholds.sameVersionIsFlaky &&
    w.some((p) => p.state === 'passed' && p.version && streakVersions.has(p.version));
  const mixedInStreak = thresholds.retryPassIsFlaky && streakPoints.some(flakyInRun);
  if (streak > 0 && !passedAtStreakVersion && !mixedInStreak) {
    const first = streakPoints[0]!;
    const before = w[w.length - 1 - streak];
    // A clean break: it passed every time before, and the failures began with a new code version.
    // A test that already failed earlier in the window gets no such benefit of the doubt.
    const cleanBefore = w.slice(0, w.length - streak).every((p) => p.state === 'passed' && !flakyInRun(p));
    const startedAtChange =
      cleanBefore &&
      before?.version !== undefined &&
      first.version !== undefined &&
      before.version !== first.version;
    if (streak >= thresholds.brokenAfter || streak === w.length || startedAtChange) {
      const why =
        streak === w.length
          ? `failed in all of its ${streak} recorded run${streak === 1 ? '' : 's'}`
          : startedAtChange && streak < thresholds.brokenAfter
            ? `started failing when its code changed and has not passed since (${streak} run${streak === 1 ? '' : 's'})`
            : `failed in each of its last ${streak} runs`;
      return { ...base, verdict: 'broken', reason: why, evidence: [], since: first.at };
    }
  }

  const evidence: FlakyEvidence[] = [];
  let since: string | undefined;
  const note = (kind: FlakyEvidence, at: string) => {
    if (!evidence.includes(kind)) evidence.push(kind);
    if (since === undefined || at < since) since = at;
  };
  if (thresholds.retryPassIsFlaky) {
    const p = w.find(flakyInRun);
    if (p) note('retry', p.at);
  }
  if (thresholds.sameVersionIsFlaky) {
    const outcomes = new Map<string, { passed: boolean; failed: boolean; firstMixed?: string }>();
    for (const p of w) {
      if (!p.version) continue;
      const o = outcomes.get(p.version) ?? { passed: false, failed: false };
      o[p.state] = true;
      if (o.passed && o.failed && !o.firstMixed) o.firstMixed = p.at;
      outcomes.set(p.version, o);
    }
    for (const o of outcomes.values()) if (o.firstMixed) note('same-version', o.firstMixed);
  }
  if (
    w.length >= thresholds.minResults &&
    failures > 0 &&
    failures < w.length &&
    failures / w.length >= thresholds.failureRate
  ) {
    note('failure-rate', w.find((p) => p.state === 'failed')!.at);
  }
  if (evidence.length > 0) {
    const parts = evidence.map((e) =>
      e === 'retry'
        ? 'passed only after a retry'
        : e === 'same-version'
          ? 'passed and failed at the same code version'
          : `failed ${failures} of its last ${w.length} runs`,
    );
    return { ...base, verdict: 'flaky', reason: parts.join('; '), evidence, ...(since ? { since } : {}) };
  }
  if (last.state === 'failed') {
    return {
      ...base,
      verdict: 'broken',
      reason: 'failed in its latest run with no sign of flakiness yet',
      evidence: [],
      since: last.at,
    };
  }
  return {
    ...base,
    verdict: 'stable',
    reason: failures ? `failed ${failures} of ${w.length} runs, under the flaky rate` : 'passed',
    evidence: [],
  };
}

const ORDER: Record<Verdict, number> = { broken: 0, flaky: 1, stable: 2 };

/**
 * Verdicts for every test in the given runs (tests that were only ever skipped have none): broken
 * first, then flaky, then stable, each by id.
 */
export function computeVerdicts(
  runs: readonly (RunRecord | StoredRun)[],
  thresholds: Partial<VerdictThresholds> = {},
): TestVerdict[] {
  const t = resolveThresholds(thresholds);
  const verdicts: TestVerdict[] = [];
  for (const [id, points] of collectResults(runs)) verdicts.push(verdictOf(id, points, t));
  return verdicts.sort(
    (a, b) => ORDER[a.verdict] - ORDER[b.verdict] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
