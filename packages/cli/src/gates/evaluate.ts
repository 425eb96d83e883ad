// Each quality gate as a pure function of what it reads: the history, the quarantine list, a coverage
// summary. `assay gate` gathers the inputs and prints the results.
import { computeVerdicts, type QuarantineEntry, recordedThresholds, type StoredRun } from '@assay/history';
import type { ResolvedGates } from './config.js';

/** `pass`; `fail` (exit 1); `warn` (reported, exit 0); `skip` (not configured or nothing to judge). */
export type GateStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** The outcome of one gate. */
export interface GateResult {
  gate: 'newFlaky' | 'quarantineMaxAgeDays' | 'coverage';
  status: GateStatus;
  /** One line saying what was checked and what came out, with what to do when it failed. */
  message: string;
  /** One line per offending test or measure. */
  details: string[];
}

/**
 * The runs of the code under test: those of `commit` (every shard of the CI run, and reruns of the
 * commit), else the latest run alone. The rest is the history the code is compared with.
 */
export function splitCurrent(
  runs: readonly StoredRun[],
  commit: string | undefined,
): { current: StoredRun[]; earlier: StoredRun[]; by: string } {
  const ofCommit = commit ? runs.filter((r) => r.record.commit === commit) : [];
  if (ofCommit.length) {
    return {
      current: ofCommit,
      earlier: runs.filter((r) => !ofCommit.includes(r)),
      by: `commit ${commit!.slice(0, 12)}`,
    };
  }
  const latest = [...runs].sort(
    (a, b) => Date.parse(b.record.finishedAt) - Date.parse(a.record.finishedAt),
  )[0];
  return latest
    ? { current: [latest], earlier: runs.filter((r) => r !== latest), by: 'the latest run' }
    : { current: [], earlier: [], by: 'no run' };
}

/**
 * `newFlaky`: tests the whole history judges flaky that the history before the current runs did not,
 * among the tests the current runs ran, quarantined ones left out (they are known).
 */
export function newFlakyGate(
  runs: readonly StoredRun[],
  quarantined: ReadonlySet<string>,
  setting: ResolvedGates['newFlaky'],
  commit: string | undefined,
): GateResult {
  const gate = 'newFlaky';
  if (setting === 'off') return { gate, status: 'skip', message: 'newFlaky: off', details: [] };
  const { current, earlier, by } = splitCurrent(runs, commit);
  if (!current.length) {
    return {
      gate,
      status: 'skip',
      message: 'newFlaky: no recorded run to judge (.assay/runs/ is empty)',
      details: [],
    };
  }
  const thresholds = recordedThresholds(runs);
  const before = new Set(
    computeVerdicts(earlier, thresholds)
      .filter((v) => v.verdict === 'flaky')
      .map((v) => v.id),
  );
  const ran = new Set(current.flatMap((r) => r.record.tests.map((t) => t.id)));
  const found = computeVerdicts(runs, thresholds).filter(
    (v) => v.verdict === 'flaky' && ran.has(v.id) && !before.has(v.id) && !quarantined.has(v.id),
  );
  const scope = `${current.length} run${current.length === 1 ? '' : 's'} of ${by} against ${earlier.length} earlier`;
  if (!found.length)
    return { gate, status: 'pass', message: `newFlaky: no new flaky test (${scope})`, details: [] };
  return {
    gate,
    status: setting === 'fail' ? 'fail' : 'warn',
    message:
      `newFlaky: ${found.length} new flaky test${found.length === 1 ? '' : 's'} (${scope}). ` +
      'Fix them, or quarantine each with `assay quarantine add "<id>" --reason "<why>"`.',
    details: found.map((v) => `${v.id} — ${v.reason}`),
  };
}

const DAY_MS = 86_400_000;

/** `quarantineMaxAgeDays`: no test stays quarantined longer than the limit (counted from `since`). */
export function quarantineAgeGate(
  entries: readonly QuarantineEntry[],
  maxDays: number | undefined,
  now: Date,
): GateResult {
  const gate = 'quarantineMaxAgeDays';
  if (maxDays === undefined)
    return { gate, status: 'skip', message: 'quarantineMaxAgeDays: not set', details: [] };
  const ageOf = (e: QuarantineEntry) => Math.floor((now.getTime() - Date.parse(e.since)) / DAY_MS);
  const old = entries.filter((e) => ageOf(e) > maxDays).sort((a, b) => ageOf(b) - ageOf(a));
  if (!old.length) {
    return {
      gate,
      status: 'pass',
      message: `quarantineMaxAgeDays: ${entries.length} quarantined, none longer than ${maxDays} days`,
      details: [],
    };
  }
  return {
    gate,
    status: 'fail',
    message:
      `quarantineMaxAgeDays: ${old.length} test${old.length === 1 ? '' : 's'} quarantined longer than ${maxDays} days. ` +
      'Fix and release each (`assay quarantine remove "<id>"`), or raise gates.quarantineMaxAgeDays.',
    details: old.map(
      (e) =>
        `${e.id} — since ${e.since} (${ageOf(e)} days)${e.owner ? `, owner ${e.owner}` : ''}${e.issue ? `, ${e.issue}` : ''}`,
    ),
  };
}

/** The totals of an istanbul `coverage-summary.json`, or a sentence saying why they cannot be read. */
export function coverageTotals(summary: unknown): { lines: number; branches: number } | string {
  const total = (summary as { total?: Record<string, { pct?: unknown }> } | null)?.total;
  const lines = total?.lines?.pct;
  const branches = total?.branches?.pct;
  // istanbul writes "Unknown" when there is nothing to count (no branches at all): that is 100 %.
  const pct = (v: unknown) => (v === 'Unknown' ? 100 : v);
  if (typeof pct(lines) !== 'number' || typeof pct(branches) !== 'number') {
    return 'it has no total.lines.pct / total.branches.pct (is it an istanbul json-summary file?)';
  }
  return { lines: pct(lines) as number, branches: pct(branches) as number };
}

/** `coverage`: total lines and branches at or above the configured percentages. */
export function coverageGate(
  minimum: ResolvedGates['coverage'],
  summary: { file: string; content: unknown } | { file: string; missing: true },
): GateResult {
  const gate = 'coverage';
  if (!minimum || (minimum.lines === undefined && minimum.branches === undefined)) {
    return { gate, status: 'skip', message: 'coverage: not set', details: [] };
  }
  if ('missing' in summary) {
    return {
      gate,
      status: 'fail',
      message:
        `coverage: ${summary.file} does not exist. Run the tests with coverage and the json-summary reporter ` +
        "(Vitest: coverage.reporter: ['json-summary'], Jest: coverageReporters: ['json-summary']), or pass --coverage <file>.",
      details: [],
    };
  }
  const totals = coverageTotals(summary.content);
  if (typeof totals === 'string')
    return { gate, status: 'fail', message: `coverage: ${summary.file}: ${totals}`, details: [] };
  const details: string[] = [];
  for (const key of ['lines', 'branches'] as const) {
    const min = minimum[key];
    if (min !== undefined && totals[key] < min) details.push(`${key} ${totals[key]} % < ${min} %`);
  }
  const measured = `lines ${totals.lines} %, branches ${totals.branches} %`;
  if (!details.length) return { gate, status: 'pass', message: `coverage: ${measured}`, details: [] };
  return {
    gate,
    status: 'fail',
    message: `coverage: ${measured}, under the gate (gates.coverage in assay.config). Add tests (\`assay generate\`) or lower the gate.`,
    details,
  };
}
