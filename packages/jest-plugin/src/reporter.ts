// Main-process entry: `reporters: ['default', '@assay/jest-plugin/reporter']`.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  applyPolicyPlan,
  collectResults,
  displayPath,
  fileHash,
  formatMarkdown,
  formatSummary,
  type GitState,
  gitStateAsync,
  type HistoryRead,
  newRunId,
  planPolicy,
  type QuarantineEntry,
  type QuarantineMode,
  type ResultPoint,
  RUN_FORMAT,
  type RunRecord,
  RunStore,
  readQuarantine,
  recordingOffByEnv,
  resolvePolicy,
  resolveQuarantineMode,
  resolveThresholds,
  summarizeRun,
  type TestResult,
  type TestVerdict,
  testId,
  type VerdictThresholds,
  verdictOf,
  type WorkerMemory,
} from '@assay/history';
import { type AssayJestOptions, DEFAULT_OPTIONS } from './options.js';
import { CHANNEL_ENV, type ChannelMessage, channelName, loadQuarantined, validateOptions } from './shared.js';

export type { AssayJestOptions } from './options.js';
export { DEFAULT_OPTIONS } from './options.js';

// The few fields of Jest's types the reporter reads, common to Jest 29 and 30.
interface AssertionResult {
  ancestorTitles: string[];
  title: string;
  status: string;
  duration?: number | null;
  invocations?: number;
  failureMessages: string[];
}
interface TestFileResult {
  testFilePath: string;
  testResults: AssertionResult[];
  testExecError?: unknown;
  failureMessage?: string | null;
  perfStats: { runtime?: number; start?: number; end?: number };
}
interface AggregatedResult {
  numFailedTests: number;
  numRuntimeErrorTestSuites: number;
  testResults: TestFileResult[];
  snapshot?: { failure?: boolean };
}
interface GlobalConfig {
  rootDir: string;
  watch?: boolean;
  watchAll?: boolean;
  shard?: { shardIndex: number; shardCount: number } | null;
}
interface TestContext {
  config: { setupFilesAfterEnv?: string[]; testEnvironment?: string };
}

const SETUP_PATH = /[\\/]jest-plugin[\\/]dist[\\/]setup\.(c?js|mjs)$/;
const ENVIRONMENT_PATH = /[\\/]jest-plugin[\\/]dist[\\/]environment\.(c?js|mjs)$/;

function firstLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  // Jest's failure messages carry ANSI colours and start with the matcher line.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI escapes.
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  const line = plain
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim();
  if (!line) return undefined;
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

const BY_ID = (a: TestVerdict, b: TestVerdict) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The verdicts the summary needs, computed once from the history's results: after this run for the
 * tests it ran, and before it only for those now flaky (the summary asks which are newly flaky).
 * Same rules as `computeVerdicts`, at a fraction of the cost on a large history.
 */
function verdictsAroundRun(
  results: ReadonlyMap<string, readonly ResultPoint[]>,
  record: RunRecord,
  thresholds: VerdictThresholds,
): { before: TestVerdict[]; after: TestVerdict[] } {
  const after: TestVerdict[] = [];
  const before: TestVerdict[] = [];
  for (const test of record.tests) {
    const points = results.get(test.id);
    if (!points?.length) continue;
    const verdict = verdictOf(test.id, points, thresholds);
    after.push(verdict);
    if (verdict.verdict !== 'flaky') continue;
    // This run's point is the newest one with this run's start time.
    const earlier = points.at(-1)?.at === record.startedAt ? points.slice(0, -1) : points;
    if (earlier.length) before.push(verdictOf(test.id, earlier, thresholds));
  }
  return { before, after: after.sort(BY_ID) };
}

function jestVersion(root: string): string {
  for (const from of [join(root, 'package.json'), import.meta.url]) {
    try {
      return (createRequire(from)('jest/package.json') as { version: string }).version;
    } catch {}
  }
  return 'unknown';
}

/**
 * Records every test's outcome to `.assay/runs/` (the store `@assay/vitest-plugin` uses too), prints
 * the end-of-run summary and keeps quarantined failures from failing the build in `report` mode.
 * Options go here, once: `['@assay/jest-plugin/reporter', { retry: 2 }]`.
 */
export class AssayReporter {
  private readonly options: AssayJestOptions;
  private readonly globalConfig: GlobalConfig;
  private readonly root: string;
  private readonly mode: QuarantineMode;
  private readonly channel: string;
  private quarantined = new Map<string, string>();
  private startedAt = new Date();
  private results = new Map<string, TestResult>();
  private files: RunRecord['files'] = {};
  private memory = new Map<string, WorkerMemory>();
  private notes: string[] = [];
  private git: Promise<GitState> | undefined;
  private previous: Promise<HistoryRead | undefined> | undefined;

  constructor(globalConfig: GlobalConfig, options: AssayJestOptions = {}) {
    validateOptions(options ?? {});
    this.options = options ?? {};
    this.globalConfig = globalConfig;
    this.root = this.options.root ?? globalConfig.rootDir;
    this.mode = resolveQuarantineMode(this.options.quarantine?.mode);
    // Workers inherit the environment of the process that starts them, after reporters are made.
    this.channel = mkdtempSync(join(tmpdir(), 'assay-jest-'));
    process.env[CHANNEL_ENV] = this.channel;
    const channel = this.channel;
    process.once('exit', () => rmSync(channel, { recursive: true, force: true }));
  }

  async onRunStart(): Promise<void> {
    this.startedAt = new Date();
    this.results = new Map();
    this.files = {};
    this.memory = new Map();
    this.notes = [];
    // Started now, read at the end: the git calls overlap the tests (and name the code they ran).
    this.git = gitStateAsync(this.root);
    // The history before this run, read while the tests run; only this run's record is added at the end.
    this.previous = RunStore.forRoot(this.root)
      .read()
      .catch(() => undefined);
    this.quarantined = await loadQuarantined(this.root, this.mode);
  }

  onTestResult(_test: unknown, result: TestFileResult): void {
    const message = this.takeMessage(result.testFilePath);
    const file = relative(this.root, result.testFilePath).split('\\').join('/');
    const runtime = result.perfStats.runtime ?? (result.perfStats.end ?? 0) - (result.perfStats.start ?? 0);
    this.files[file] = { durationMs: Math.max(0, Math.round(runtime)) };
    for (const assertion of result.testResults) {
      const names = [...assertion.ancestorTitles, assertion.title];
      const key = names.join(' > ');
      const id = testId(this.root, result.testFilePath, names);
      const state =
        assertion.status === 'passed' ? 'passed' : assertion.status === 'failed' ? 'failed' : 'skipped';
      const invocations = assertion.invocations ?? 1;
      const entry: TestResult = {
        id,
        state,
        durationMs: message?.durations[key] ?? Math.round((assertion.duration ?? 0) * 100) / 100,
        retries: state === 'skipped' ? 0 : Math.max(0, invocations - 1),
      };
      if (this.mode !== 'off' && (this.quarantined.has(id) || message?.markers[key] !== undefined)) {
        entry.quarantined = true;
      }
      const error = firstLine(assertion.failureMessages[0]);
      if (state === 'failed' && error) entry.error = error;
      this.results.set(id, entry);
    }
    if (message) {
      const seen = this.memory.get(message.worker) ?? {
        id: message.worker,
        peakRssBytes: 0,
        peakHeapBytes: 0,
      };
      seen.peakRssBytes = Math.max(seen.peakRssBytes, message.rss);
      seen.peakHeapBytes = Math.max(seen.peakHeapBytes, message.heap);
      this.memory.set(message.worker, seen);
    }
  }

  async onRunComplete(contexts: Set<TestContext> | undefined, aggregated: AggregatedResult): Promise<void> {
    this.checkSetup(contexts);
    this.applyQuarantineExitCode(aggregated);
    const watching = this.globalConfig.watch === true || this.globalConfig.watchAll === true;
    const record = this.options.record ?? DEFAULT_OPTIONS.record;
    if (!record || (watching && record !== 'always') || recordingOffByEnv()) return;
    try {
      await this.recordRun(aggregated);
    } catch (error) {
      process.stderr.write(`assay: could not record this run: ${(error as Error).message}\n`);
    }
  }

  /** Jest fails the run when a reporter returns an error here; assay never does. */
  getLastError(): Error | undefined {
    return undefined;
  }

  private takeMessage(testFilePath: string): ChannelMessage | undefined {
    const file = join(this.channel, channelName(testFilePath, hash));
    try {
      const message = JSON.parse(readFileSync(file, 'utf8')) as ChannelMessage;
      rmSync(file, { force: true });
      return message.file === testFilePath ? message : undefined;
    } catch {
      return undefined;
    }
  }

  private checkSetup(contexts: Set<TestContext> | undefined): void {
    const configs = [...(contexts ?? [])].map((c) => c.config);
    if (!configs.length) return;
    const withEnvironment = configs.some((c) => ENVIRONMENT_PATH.test(c.testEnvironment ?? ''));
    if (!withEnvironment && (this.mode === 'skip' || this.quarantined.size > 0)) {
      this.notes.push(
        "testEnvironment is not '@assay/jest-plugin/environment': quarantine skip mode and in-code markers do not apply",
      );
    }
    const retry = this.options.retry ?? DEFAULT_OPTIONS.retry;
    if (retry > 0 && !configs.some((c) => (c.setupFilesAfterEnv ?? []).some((f) => SETUP_PATH.test(f)))) {
      this.notes.push(
        `retry: ${retry} needs '@assay/jest-plugin/setup' in setupFilesAfterEnv; tests were not retried`,
      );
    }
  }

  /**
   * In `report` mode, a run whose only failures are quarantined tests exits 0: Jest decides the exit
   * code from `numFailedTests` after the reporters' `onRunComplete`. A file that failed to run, a
   * failing hook outside tests, an obsolete-snapshot failure or any other failed test keeps it red.
   */
  private applyQuarantineExitCode(aggregated: AggregatedResult): void {
    if (this.mode !== 'report' || aggregated.numFailedTests === 0) return;
    if (aggregated.numRuntimeErrorTestSuites > 0) return;
    let quarantinedFailures = 0;
    for (const file of aggregated.testResults) {
      if (file.testExecError) return;
      for (const assertion of file.testResults) {
        if (assertion.status !== 'failed') continue;
        const id = testId(this.root, file.testFilePath, [...assertion.ancestorTitles, assertion.title]);
        if (!this.results.get(id)?.quarantined) return;
        quarantinedFailures++;
      }
      // A file-level failure not attached to a test (e.g. an afterAll hook) keeps the build red.
      const failedTests = file.testResults.filter((t) => t.status === 'failed').length;
      if (failedTests === 0 && file.failureMessage) return;
    }
    if (quarantinedFailures !== aggregated.numFailedTests) return;
    // Only the count Jest's exit code reads; suites stay "failed" in Jest's own summary.
    aggregated.numFailedTests = 0;
  }

  private async recordRun(aggregated: AggregatedResult): Promise<void> {
    const root = this.root;
    const thresholds = resolveThresholds(this.options.thresholds);
    const policy = resolvePolicy(this.options.quarantine);
    const git = await (this.git ?? gitStateAsync(root));
    for (const result of aggregated.testResults) {
      const file = relative(root, result.testFilePath).split('\\').join('/');
      const fileHashValue = fileHash(result.testFilePath);
      this.files[file] = { ...this.files[file], ...(fileHashValue ? { hash: fileHashValue } : {}) };
    }
    const shard = this.globalConfig.shard;
    const record: RunRecord = {
      format: RUN_FORMAT,
      runId: newRunId(),
      startedAt: this.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      runner: { name: 'jest', version: jestVersion(root) },
      ...(git.commit ? { commit: git.commit, dirty: git.dirty ?? false } : {}),
      ...(shard ? { shard: { index: shard.shardIndex, count: shard.shardCount } } : {}),
      files: this.files,
      workers: [...this.memory.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })),
      tests: [...this.results.values()],
    };
    const store = RunStore.forRoot(root);
    const written = await store.write(record);
    const previous = await this.previous;
    const history: HistoryRead = previous
      ? { ...previous, runs: [...previous.runs, { file: written, record }] }
      : await store.read();
    const results = collectResults(history.runs);
    const { before, after } = verdictsAroundRun(results, record, thresholds);

    let quarantinedNow: QuarantineEntry[] = [];
    let releasedNow: QuarantineEntry[] = [];
    if (policy.autoQuarantine || policy.autoRelease) {
      const plan = planPolicy(results, await readQuarantine(root), policy, thresholds);
      ({ quarantined: quarantinedNow, released: releasedNow } = await applyPolicyPlan(root, plan));
    }

    const keep = this.options.keep ?? DEFAULT_OPTIONS.keep;
    if (history.runs.length > keep) await store.compact({ keep });

    const summary = summarizeRun({
      record,
      before,
      after,
      mode: this.mode,
      file: displayPath(written),
      problems: [...history.problems.map((p) => p.message), ...history.warnings, ...this.notes],
      quarantinedNow,
      releasedNow,
    });
    if (this.options.summary ?? DEFAULT_OPTIONS.summary) {
      process.stderr.write(
        `\n${formatSummary(summary, { color: process.stderr.isTTY === true && !process.env.NO_COLOR })}`,
      );
    }
    const github = process.env.GITHUB_STEP_SUMMARY;
    if (github && (this.options.githubSummary ?? DEFAULT_OPTIONS.githubSummary) && existsSync(github)) {
      await appendFile(github, `${formatMarkdown(summary)}\n`);
    }
  }
}

export default AssayReporter;
