import type { QuarantineEntry } from './quarantine.js';
import type { RunRecord, TestResult } from './types.js';
import type { RunRef, TestVerdict } from './verdicts.js';

/** What the end-of-run summary says, as data. */
export interface RunSummary {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Tests judged flaky now that were not before this run. */
  newFlaky: TestVerdict[];
  /** Tests that passed only after a retry in this run. */
  passedOnRetry: TestResult[];
  /** Quarantined tests that failed in this run (they did not fail the build in `report` mode). */
  quarantinedFailures: TestResult[];
  /** Tests that failed in this run and are judged broken. */
  broken: TestVerdict[];
  /**
   * Tests already judged flaky before this run that failed in it without being quarantined: they
   * failed the build, and `assay quarantine add <id>` would keep them from doing so.
   */
  knownFlakyFailures: TestVerdict[];
  /** Tests quarantined or released by a policy at the end of this run. */
  quarantinedNow: QuarantineEntry[];
  releasedNow: QuarantineEntry[];
  /** Quarantine mode in effect. */
  mode: string;
  /** Where the run was recorded. */
  file?: string;
  /** Problems reading history (corrupt files), one line each. */
  problems: string[];
}

/** Builds the summary from this run's record and the verdicts before and after it. */
export function summarizeRun(input: {
  record: RunRecord;
  before: readonly TestVerdict[];
  after: readonly TestVerdict[];
  mode: string;
  file?: string;
  problems?: readonly string[];
  quarantinedNow?: readonly QuarantineEntry[];
  releasedNow?: readonly QuarantineEntry[];
}): RunSummary {
  const { record } = input;
  const inRun = new Map(record.tests.map((t) => [t.id, t]));
  const wasFlaky = new Set(input.before.filter((v) => v.verdict === 'flaky').map((v) => v.id));
  const summary: RunSummary = {
    total: record.tests.length,
    passed: record.tests.filter((t) => t.state === 'passed').length,
    failed: record.tests.filter((t) => t.state === 'failed').length,
    skipped: record.tests.filter((t) => t.state === 'skipped').length,
    newFlaky: input.after.filter((v) => v.verdict === 'flaky' && inRun.has(v.id) && !wasFlaky.has(v.id)),
    passedOnRetry: record.tests.filter((t) => t.state === 'passed' && t.retries > 0),
    quarantinedFailures: record.tests.filter((t) => t.state === 'failed' && t.quarantined),
    broken: input.after.filter((v) => v.verdict === 'broken' && inRun.get(v.id)?.state === 'failed'),
    knownFlakyFailures: input.before.filter((v) => {
      const result = inRun.get(v.id);
      return v.verdict === 'flaky' && result?.state === 'failed' && !result.quarantined;
    }),
    quarantinedNow: [...(input.quarantinedNow ?? [])],
    releasedNow: [...(input.releasedNow ?? [])],
    mode: input.mode,
    // One corrupt run file can be met twice (read for the index and again for the verdicts): warned once.
    problems: [...new Set(input.problems ?? [])],
  };
  if (input.file) summary.file = input.file;
  return summary;
}

interface Paint {
  bold(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  dim(s: string): string;
}

const plain: Paint = { bold: (s) => s, red: (s) => s, yellow: (s) => s, green: (s) => s, dim: (s) => s };
const ansi = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const colored: Paint = {
  bold: ansi(1, 22),
  red: ansi(31, 39),
  yellow: ansi(33, 39),
  green: ansi(32, 39),
  dim: ansi(2, 22),
};

const LIST_LIMIT = 10;

function section<T>(lines: string[], title: string, items: readonly T[], line: (item: T) => string): void {
  if (!items.length) return;
  lines.push(`  ${title} (${items.length})`);
  for (const item of items.slice(0, LIST_LIMIT)) lines.push(`    ${line(item)}`);
  if (items.length > LIST_LIMIT)
    lines.push(`    … and ${items.length - LIST_LIMIT} more (run \`assay flaky\`)`);
}

/** The short end-of-run summary for the terminal. */
export function formatSummary(s: RunSummary, options: { color?: boolean } = {}): string {
  const c = options.color ? colored : plain;
  const lines: string[] = [];
  const head = `${c.bold(' assay ')} ${s.total} tests recorded: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`;
  lines.push(head + (s.file ? c.dim(` → ${s.file}`) : ''));
  section(lines, c.yellow('new flaky tests'), s.newFlaky, (v) => `${v.id} ${c.dim(`— ${v.reason}`)}`);
  const retriedNotNew = s.passedOnRetry.filter((t) => !s.newFlaky.some((v) => v.id === t.id));
  section(
    lines,
    c.yellow('passed only after a retry'),
    retriedNotNew,
    (t) => `${t.id} ${c.dim(`(${t.retries} retr${t.retries === 1 ? 'y' : 'ies'})`)}`,
  );
  section(
    lines,
    c.yellow(s.mode === 'report' ? 'quarantined failures, not failing the build' : 'quarantined failures'),
    s.quarantinedFailures,
    (t) => t.id,
  );
  section(lines, c.red('broken tests'), s.broken, (v) => `${v.id} ${c.dim(`— ${v.reason}`)}`);
  section(
    lines,
    c.yellow('known flaky, failed, not quarantined'),
    s.knownFlakyFailures ?? [],
    (v) => `${v.id} ${c.dim(`— assay quarantine add '${v.id}'`)}`,
  );
  section(lines, c.yellow('quarantined by policy'), s.quarantinedNow, (e) => e.id);
  section(lines, c.green('released from quarantine'), s.releasedNow, (e) => e.id);
  for (const p of s.problems) lines.push(`  ${c.yellow('warning')} ${p}`);
  return `${lines.join('\n')}\n`;
}

function md(text: string): string {
  return text.replace(/[|\\`*_<>]/g, (ch) => `\\${ch}`);
}

/** The same summary as GitHub-flavoured Markdown, for `$GITHUB_STEP_SUMMARY`. */
export function formatMarkdown(s: RunSummary): string {
  const out: string[] = ['## assay: test run', ''];
  out.push(
    `**${s.total}** tests: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped. Quarantine mode: \`${s.mode}\`.`,
    '',
  );
  const table = (title: string, rows: string[][]) => {
    if (!rows.length) return;
    out.push(`### ${title} (${rows.length})`, '', '| test | detail |', '| --- | --- |');
    for (const [a, b] of rows) out.push(`| ${md(a ?? '')} | ${md(b ?? '')} |`);
    out.push('');
  };
  table(
    'New flaky tests',
    s.newFlaky.map((v) => [v.id, v.reason]),
  );
  table(
    'Passed only after a retry',
    s.passedOnRetry.map((t) => [t.id, `${t.retries} retries`]),
  );
  table(
    'Quarantined failures',
    s.quarantinedFailures.map((t) => [t.id, t.error ?? '']),
  );
  table(
    'Broken tests',
    s.broken.map((v) => [v.id, v.reason]),
  );
  table(
    'Known flaky, failed, not quarantined',
    (s.knownFlakyFailures ?? []).map((v) => [v.id, v.reason]),
  );
  table(
    'Quarantined by policy',
    s.quarantinedNow.map((e) => [e.id, e.reason]),
  );
  table(
    'Released from quarantine',
    s.releasedNow.map((e) => [e.id, e.reason]),
  );
  if (s.problems.length) out.push('### Warnings', '', ...s.problems.map((p) => `- ${md(p)}`), '');
  if (out.length === 4) out.push('No flaky, broken or quarantined tests in this run.', '');
  return out.join('\n');
}

/** A plain-text table of verdicts for the command line. */
export function formatVerdictTable(
  verdicts: readonly TestVerdict[],
  quarantined: ReadonlySet<string> = new Set(),
): string {
  if (!verdicts.length)
    return 'No test results recorded yet. Add the assay plugin to your test runner and run the tests.\n';
  const rows = verdicts.map((v) => [
    v.verdict + (quarantined.has(v.id) ? ' (q)' : ''),
    `${Math.round(v.failureRate * 100)}%`,
    v.recent,
    v.id,
    v.reason,
  ]);
  const header = ['verdict', 'fail', 'recent', 'test', 'why'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.slice(0, 500).map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(Math.min(widths[i]!, 80)))).join('  ');
  return `${[fmt(header), ...rows.map(fmt)].join('\n')}\n`;
}

/** A run as evidence names it: `2026-12-06 23:40:01 UTC on ci-1, shard 1/2`. */
export function formatRunRef(run: RunRef): string {
  const time = Number.isNaN(Date.parse(run.at))
    ? run.at
    : `${new Date(run.at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  const where = [
    ...(run.machine ? [`on ${run.machine}`] : []),
    ...(run.shard ? [`shard ${run.shard.index}/${run.shard.count}`] : []),
  ];
  return where.length ? `${time} ${where.join(', ')}` : time;
}

/**
 * The evidence of same-version verdicts: for each flaky test with it, the latest run that passed and
 * the latest that failed at the same code version. Empty when no verdict has such evidence.
 */
export function formatEvidence(verdicts: readonly TestVerdict[]): string {
  const lines: string[] = [];
  for (const v of verdicts) {
    if (v.verdict !== 'flaky' || !v.disagreement) continue;
    const d = v.disagreement;
    lines.push(
      v.id,
      `  passed ${formatRunRef(d.passed)}`,
      `  failed ${formatRunRef(d.failed)}`,
      `  same code version ${d.version.replace(/^m:/, '').slice(0, 12)}`,
    );
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
