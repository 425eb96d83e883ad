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
   * A test that passed and failed at the same code version is flaky, even from one failure among many
   * passes. The code version is the hash of the test file and every module it loaded (older records:
   * commit + test file hash of a clean work tree).
   * @default true
   */
  sameVersionIsFlaky: boolean;
  /**
   * For a test already seen flaky at an earlier code version that now fails at a new version where it
   * has not passed: how unlikely (0–1) its failures there must be, at the failure rate it had before,
   * before it is called broken rather than flaky. The figure compared is the one-sided p-value of
   * Fisher's exact test (the chance that a test failing as often as before would put all of its
   * failures on the newest runs). 1: any such failure is broken until the test passes at the new
   * version; 0: a flaky test is never called broken by failures alone while its flaky evidence is in
   * the window.
   * @default 0.05
   */
  brokenSignificance: number;
}

/** Default verdict thresholds, as DESIGN.md states them. */
export const DEFAULT_THRESHOLDS: Readonly<VerdictThresholds> = Object.freeze({
  window: 10,
  minResults: 3,
  failureRate: 0.3,
  brokenAfter: 3,
  retryPassIsFlaky: true,
  sameVersionIsFlaky: true,
  brokenSignificance: 0.05,
});

/** The run a result came from, as evidence names it. */
export interface RunRef {
  /** When the run started (ISO). */
  at: string;
  runId?: string;
  /** `RunRecord.machine`. */
  machine?: string;
  shard?: { index: number; count: number };
}

/** One counted result of a test (skipped results are not counted). */
export interface ResultPoint extends RunRef {
  state: 'passed' | 'failed';
  retries: number;
  /** Attempts passed and failed in that run, when several ran. */
  attempts?: { passed: number; failed: number };
  /**
   * Code version: `m:<hash>` from the modules the test file loaded (`FileInfo.version`), or, for
   * records without it, `<commit>:<test file hash>` when the work tree was clean. See {@link versionOfFile}.
   */
  version?: string;
  quarantined: boolean;
  error?: string;
}

/** Prefix of code versions made from the modules a test loaded: see {@link versionOfFile}. */
export const MODULE_VERSION_PREFIX = 'm:';

/**
 * A result's code version from its test file's record: the module version when the run recorded one,
 * else (older records) the commit with the test file's hash when the work tree was clean.
 */
export function versionOfFile(
  info: { version?: string; hash?: string } | undefined,
  cleanCommit: string | undefined,
): string | undefined {
  if (typeof info?.version === 'string' && info.version) return `${MODULE_VERSION_PREFIX}${info.version}`;
  if (cleanCommit && typeof info?.hash === 'string' && info.hash) return `${cleanCommit}:${info.hash}`;
  return undefined;
}

/** Whether a version says exactly what code ran (modules hashed), not only a commit. */
function isModuleVersion(version: string | undefined): boolean {
  return version?.startsWith(MODULE_VERSION_PREFIX) === true;
}

/** Two runs of the same code version that disagreed: the evidence of the same-version rule. */
export interface Disagreement {
  version: string;
  passed: RunRef;
  failed: RunRef;
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
  /**
   * With `same-version` evidence: the latest run that passed and the latest that failed at the code
   * version that most recently saw both.
   */
  disagreement?: Disagreement;
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
  if (typeof t.brokenSignificance !== 'number' || !(t.brokenSignificance >= 0 && t.brokenSignificance <= 1)) {
    throw new OptionError(
      `${prefix}.brokenSignificance`,
      `${t.brokenSignificance} is not a probability in [0, 1], e.g. 0.05`,
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
    const cleanCommit = record.dirty === false ? record.commit : undefined;
    for (const test of record.tests) {
      if (test.state === 'skipped') continue;
      const point: ResultPoint = {
        state: test.state,
        retries: test.retries,
        at: record.startedAt,
        runId: record.runId,
        quarantined: test.quarantined === true,
      };
      if (record.machine) point.machine = record.machine;
      if (record.shard) point.shard = record.shard;
      if (test.attempts) point.attempts = test.attempts;
      const version = versionOfFile(record.files[fileOfTestId(test.id)], cleanCommit);
      if (version) point.version = version;
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

/**
 * The version that most recently saw both outcomes in two runs, with the latest passing and failing
 * runs there. Both outcomes inside one run (a pass after a retry) are the retry rule's evidence.
 */
function lastDisagreement(
  w: readonly ResultPoint[],
): { disagreement: Disagreement; since: string } | undefined {
  const byVersion = new Map<string, { passed?: ResultPoint; failed?: ResultPoint; since?: string }>();
  let latest: string | undefined;
  for (const p of w) {
    if (!p.version) continue;
    const o = byVersion.get(p.version) ?? {};
    o[p.state] = p;
    if (o.passed && o.failed) {
      o.since ??= p.at;
      latest = p.version;
    }
    byVersion.set(p.version, o);
  }
  if (latest === undefined) return undefined;
  const o = byVersion.get(latest)!;
  const ref = (p: ResultPoint): RunRef => {
    const r: RunRef = { at: p.at };
    if (p.runId) r.runId = p.runId;
    if (p.machine) r.machine = p.machine;
    if (p.shard) r.shard = p.shard;
    return r;
  };
  let since = o.since!;
  for (const other of byVersion.values()) if (other.since && other.since < since) since = other.since;
  return { disagreement: { version: latest, passed: ref(o.passed!), failed: ref(o.failed!) }, since };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Failures of a test since its code changed, weighed against its earlier failure rate. */
interface ChangeTest {
  /** Results at the newest code version (all failed). */
  failedSinceChange: number;
  /** Failures and results at earlier versions in the window. */
  failedBefore: number;
  resultsBefore: number;
  /** One-sided p-value of Fisher's exact test. */
  pValue: number;
}

/**
 * Fisher's exact test, one-sided, on the window split at the code change: with `n` results since the
 * change, all failed, and `k` failures among the window's `w` results, the chance that `k` failures
 * falling at random on the window's results would put `n` of them on the results since the change is
 * C(k, n) / C(w, n).
 */
function changeTest(w: readonly ResultPoint[], since: readonly ResultPoint[]): ChangeTest {
  const before = w.filter((p) => !since.includes(p));
  const failedBefore = before.filter((p) => p.state === 'failed').length;
  const failures = failedBefore + since.length;
  let pValue = 1;
  for (let i = 0; i < since.length; i++) pValue *= (failures - i) / (w.length - i);
  return { failedSinceChange: since.length, failedBefore, resultsBefore: before.length, pValue };
}

/** Whether results show flakiness on their own: both outcomes at one version, or within one run. */
function seenFlaky(points: readonly ResultPoint[], thresholds: VerdictThresholds): boolean {
  if (thresholds.retryPassIsFlaky && points.some(flakyInRun)) return true;
  return lastDisagreement(points) !== undefined;
}

const percent = (x: number) => `${Math.round(x * 100)} %`;

/**
 * Broken by the module-version rules: the latest result failed at a code version where the test never
 * passed (in the window) — failing every time since its code changed, or a failure at a new version
 * that is broken until it passes there. A test already seen flaky at earlier versions is broken only
 * when its failures since the change are unlikely at its earlier failure rate (`brokenSignificance`);
 * otherwise `explained` says why it stays flaky. Undefined when the latest result does not carry such
 * a version.
 */
function brokenAtVersion(
  w: readonly ResultPoint[],
  thresholds: VerdictThresholds,
): { broken?: { reason: string; since: string }; explained?: ChangeTest } | undefined {
  const last = w[w.length - 1]!;
  if (last.state !== 'failed' || !isModuleVersion(last.version) || !thresholds.sameVersionIsFlaky) {
    return undefined;
  }
  const here = w.filter((p) => p.version === last.version);
  if (here.some((p) => p.state === 'passed')) return undefined;
  if (thresholds.retryPassIsFlaky && here.some(flakyInRun)) return undefined;
  const since = here[0]!.at;
  if (w.every((p) => p.state === 'failed')) {
    return { broken: { reason: `failed in all of its ${plural(w.length, 'recorded run')}`, since } };
  }
  const reason =
    here.length === 1
      ? 'failed at a new code version where it has not passed yet'
      : `failed in each of its ${plural(here.length, 'run')} since its code changed, never passing there`;
  // A flaky test fails now and then at every version: failures after a change are a break only when
  // they are more than its earlier rate explains. A change to a module it loads still makes the next
  // failure of a test that was never flaky broken at once.
  if (
    !seenFlaky(
      w.filter((p) => !here.includes(p)),
      thresholds,
    )
  )
    return { broken: { reason, since } };
  const test = changeTest(w, here);
  if (test.pValue >= thresholds.brokenSignificance) return { explained: test };
  return {
    broken: {
      reason: `${reason}: more than its earlier failure rate explains (${test.failedBefore} of ${test.resultsBefore} failed before; chance ${percent(test.pValue)})`,
      since,
    },
  };
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
  // Module versions name the code exactly: the verdict follows them, and the failure-rate rule only
  // weighs older results that have none.
  const exact = isModuleVersion(last.version) && thresholds.sameVersionIsFlaky;

  const atVersion = exact ? brokenAtVersion(w, thresholds) : undefined;
  const broken = exact ? atVersion?.broken : legacyBroken(w, thresholds);
  if (broken) return { ...base, verdict: 'broken', reason: broken.reason, evidence: [], since: broken.since };

  const evidence: FlakyEvidence[] = [];
  let since: string | undefined;
  let disagreement: Disagreement | undefined;
  const note = (kind: FlakyEvidence, at: string) => {
    if (!evidence.includes(kind)) evidence.push(kind);
    if (since === undefined || at < since) since = at;
  };
  if (thresholds.retryPassIsFlaky) {
    const p = w.find(flakyInRun);
    if (p) note('retry', p.at);
  }
  if (thresholds.sameVersionIsFlaky) {
    const found = lastDisagreement(w);
    if (found) {
      note('same-version', found.since);
      disagreement = found.disagreement;
    }
  }
  const rated = exact ? w.filter((p) => !isModuleVersion(p.version)) : w;
  const ratedFailures = rated.filter((p) => p.state === 'failed').length;
  if (
    rated.length >= thresholds.minResults &&
    ratedFailures > 0 &&
    ratedFailures < rated.length &&
    ratedFailures / rated.length >= thresholds.failureRate
  ) {
    note('failure-rate', rated.find((p) => p.state === 'failed')!.at);
  }
  if (evidence.length > 0) {
    const parts = evidence.map((e) =>
      e === 'retry'
        ? 'passed only after a retry'
        : e === 'same-version'
          ? 'passed and failed at the same code version'
          : `failed ${ratedFailures} of its last ${rated.length} runs`,
    );
    const explained = atVersion?.explained;
    if (explained) {
      parts.push(
        `its ${plural(explained.failedSinceChange, 'failure')} since its code changed are in line with its earlier rate (${explained.failedBefore} of ${explained.resultsBefore})`,
      );
    }
    return {
      ...base,
      verdict: 'flaky',
      reason: parts.join('; '),
      evidence,
      ...(since ? { since } : {}),
      ...(disagreement ? { disagreement } : {}),
    };
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
    reason: !failures
      ? 'passed'
      : exact
        ? `failed ${failures} of ${w.length} runs, each time at a code version where it did not pass`
        : `failed ${failures} of ${w.length} runs, under the flaky rate`,
    evidence: [],
  };
}

/**
 * Broken by the rules for results without module versions: it fails every time since some point
 * (the last `brokenAfter` runs, every run, or since a new commit after only clean passes).
 */
function legacyBroken(
  w: readonly ResultPoint[],
  thresholds: VerdictThresholds,
): { reason: string; since: string } | undefined {
  let streak = 0;
  while (streak < w.length && w[w.length - 1 - streak]!.state === 'failed') streak++;
  if (streak === 0) return undefined;
  const streakPoints = w.slice(w.length - streak);
  const streakVersions = new Set(streakPoints.map((p) => p.version).filter((v) => v !== undefined));
  const passedAtStreakVersion =
    thresholds.sameVersionIsFlaky &&
    w.some((p) => p.state === 'passed' && p.version && streakVersions.has(p.version));
  const mixedInStreak = thresholds.retryPassIsFlaky && streakPoints.some(flakyInRun);
  if (passedAtStreakVersion || mixedInStreak) return undefined;
  const first = streakPoints[0]!;
  const before = w[w.length - 1 - streak];
  // A clean break: it passed every time before, and the failures began with a new code version.
  // A test that already failed earlier in the window gets no such benefit of the doubt: a commit
  // names the whole tree, not what the test ran.
  const cleanBefore = w.slice(0, w.length - streak).every((p) => p.state === 'passed' && !flakyInRun(p));
  const startedAtChange =
    cleanBefore &&
    before?.version !== undefined &&
    first.version !== undefined &&
    before.version !== first.version;
  if (streak < thresholds.brokenAfter && streak !== w.length && !startedAtChange) return undefined;
  const reason =
    streak === w.length
      ? `failed in all of its ${plural(streak, 'recorded run')}`
      : startedAtChange && streak < thresholds.brokenAfter
        ? `started failing when its code changed and has not passed since (${plural(streak, 'run')})`
        : `failed in each of its last ${streak} runs`;
  return { reason, since: first.at };
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
