// Main-process entry: `reporters: ['default', '@assay/jest-plugin/reporter']`.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { appendFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { resourceUsage } from 'node:process';
import {
  applyPolicyPlan,
  displayPath,
  fileHash,
  formatMarkdown,
  formatMemoryLine,
  formatSummary,
  type GitState,
  gitStateAsync,
  HistoryIndex,
  ID_NAME_SEPARATOR,
  newRunId,
  parseMemoryBudget,
  planPolicy,
  type QuarantineEntry,
  type QuarantineMode,
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
  testId,
  verdictsAroundRun,
  type WorkerMemory,
} from '@assay/history';
import { fileCostMs, type PerfStats } from './fileCost.js';
import { type AssayJestOptions, DEFAULT_OPTIONS } from './options.js';
import {
  CHANNEL_ENV,
  type ChannelMessage,
  channelName,
  INBOX,
  type Inbox,
  loadQuarantined,
  validateOptions,
} from './shared.js';

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
  perfStats: PerfStats;
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
  private quarantined: ReadonlyMap<string, string> = new Map();
  private readonly inbox: Inbox;
  private startedAt = new Date();
  private results = new Map<string, TestResult>();
  private files: RunRecord['files'] = {};
  /** When Jest handed each file to a worker (ms since the epoch), by path: the start of its cost. */
  private fileStarts = new Map<string, number>();
  private memory = new Map<string, WorkerMemory>();
  /** Resident size of this (Jest's main) process when the run started: its share when tests run in band. */
  private mainAtStart = 0;
  private notes: string[] = [];
  private git: Promise<GitState> | undefined;
  private previous: Promise<HistoryIndex | Error> | undefined;

  constructor(globalConfig: GlobalConfig, options: AssayJestOptions = {}) {
    validateOptions(options ?? {});
    this.options = options ?? {};
    this.globalConfig = globalConfig;
    this.root = this.options.root ?? globalConfig.rootDir;
    this.mode = resolveQuarantineMode(this.options.quarantine?.mode);
    // Workers inherit the environment of the process that starts them, after reporters are made.
    this.channel = mkdtempSync(join(tmpdir(), 'assay-jest-'));
    process.env[CHANNEL_ENV] = this.channel;
    this.inbox = { channel: this.channel, messages: new Map() };
    (globalThis as unknown as Record<symbol, Inbox>)[INBOX] = this.inbox;
    const channel = this.channel;
    process.once('exit', () => rmSync(channel, { recursive: true, force: true }));
  }

  async onRunStart(): Promise<void> {
    this.startedAt = new Date();
    this.results = new Map();
    this.files = {};
    this.fileStarts = new Map();
    this.memory = new Map();
    this.mainAtStart = process.memoryUsage.rss();
    this.notes = [];
    // Started now, read at the end: the git calls overlap the tests (and name the code they ran).
    this.git = gitStateAsync(this.root);
    // The history before this run, read (through its index) while the tests run; only this run's
    // record is added at the end.
    this.previous = this.recording()
      ? HistoryIndex.load(RunStore.forRoot(this.root)).catch((error: Error) => error)
      : undefined;
    this.quarantined = await loadQuarantined(this.root, this.mode);
  }

  onTestFileStart(test: { path: string }): void {
    this.fileStarts.set(test.path, Date.now());
  }

  onTestResult(_test: unknown, result: TestFileResult): void {
    const endedAt = Date.now();
    const { message, inBand } = this.takeMessage(result.testFilePath);
    const file = relative(this.root, result.testFilePath).split('\\').join('/');
    // Hashed as each file finishes (the content that ran), not all at the end of the run.
    const contentHash = fileHash(result.testFilePath);
    const startedAt = this.fileStarts.get(result.testFilePath);
    this.fileStarts.delete(result.testFilePath);
    let testsMs = 0;
    // `<file>::`, computed once per file: the relative path is the same for all its tests.
    const prefix = testId(this.root, result.testFilePath, []);
    for (const assertion of result.testResults) {
      const key = [...assertion.ancestorTitles, assertion.title].join(ID_NAME_SEPARATOR);
      const id = prefix + key;
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
      testsMs += entry.durationMs;
    }
    this.files[file] = {
      durationMs: fileCostMs(startedAt, endedAt, result.perfStats),
      testsMs: Math.round(testsMs),
      ...(contentHash ? { hash: contentHash } : {}),
    };
    if (message) {
      const seen = this.memory.get(message.worker) ?? {
        id: message.worker,
        peakRssBytes: 0,
        peakHeapBytes: 0,
      };
      seen.peakRssBytes = Math.max(seen.peakRssBytes, message.rss);
      seen.peakHeapBytes = Math.max(seen.peakHeapBytes, message.heap);
      if (inBand) seen.inBand = true;
      // The smallest size at a file's start is the fresh worker's; the largest live heap, its need.
      if (message.base && (seen.baseRssBytes === undefined || message.base.rss < seen.baseRssBytes)) {
        seen.baseRssBytes = message.base.rss;
        seen.baseHeapBytes = message.base.heap;
      }
      if (message.live !== undefined) seen.liveHeapBytes = Math.max(seen.liveHeapBytes ?? 0, message.live);
      this.memory.set(message.worker, seen);
    }
  }

  async onRunComplete(contexts: Set<TestContext> | undefined, aggregated: AggregatedResult): Promise<void> {
    this.checkSetup(contexts);
    this.applyQuarantineExitCode(aggregated);
    if (!this.recording()) return;
    try {
      await this.recordRun(aggregated);
    } catch (error) {
      process.stderr.write(`assay: could not record this run: ${(error as Error).message}\n`);
    }
  }

  /** Whether this run is recorded (`record` option; watch-mode runs only with `'always'`). */
  /**
   * The main process's share of the run's memory: its peak, or, when the tests ran in band (in this
   * process), what it held when the run started; the rest of its peak is the in-band worker's.
   */
  private mainBytes(): number {
    const inBand = [...this.memory.values()].some((worker) => worker.inBand);
    return inBand && this.mainAtStart > 0 ? this.mainAtStart : resourceUsage().maxRSS * 1024;
  }

  private recording(): boolean {
    const watching = this.globalConfig.watch === true || this.globalConfig.watchAll === true;
    const record = this.options.record ?? DEFAULT_OPTIONS.record;
    return record !== false && (!watching || record === 'always') && !recordingOffByEnv();
  }

  /** Jest fails the run when a reporter returns an error here; assay never does. */
  getLastError(): Error | undefined {
    return undefined;
  }

  /** The environment's message for a test file; `inBand` when it came from this process. */
  private takeMessage(testFilePath: string): { message?: ChannelMessage; inBand?: boolean } {
    const handed = this.inbox.messages.get(testFilePath);
    if (handed) {
      this.inbox.messages.delete(testFilePath);
      return { message: handed, inBand: true };
    }
    const file = join(this.channel, channelName(testFilePath, hash));
    try {
      const message = JSON.parse(readFileSync(file, 'utf8')) as ChannelMessage;
      unlinkSync(file);
      return message.file === testFilePath ? { message } : {};
    } catch {
      return {};
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
      if (this.files[file]?.hash) continue;
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
      main: { peakRssBytes: this.mainBytes() },
      tests: [...this.results.values()],
    };
    const store = RunStore.forRoot(root);
    const written = await store.write(record);
    const loaded = await (this.previous ?? HistoryIndex.load(store).catch((error: Error) => error));
    const history = loaded instanceof Error ? HistoryIndex.empty(store) : loaded;
    if (loaded instanceof Error) this.notes.push(`could not read the history: ${loaded.message}`);
    // With the file's size and time, the index saved below holds this run: the next run does not
    // read this record back (it would, at its start, while its own tests run in this process).
    history.add(record, written, await stat(written).catch(() => undefined));
    const { before, after } = verdictsAroundRun(history, record, written, thresholds);

    let quarantinedNow: QuarantineEntry[] = [];
    let releasedNow: QuarantineEntry[] = [];
    if (policy.autoQuarantine || policy.autoRelease) {
      const plan = planPolicy(history.results(), await readQuarantine(root), policy, thresholds);
      ({ quarantined: quarantinedNow, released: releasedNow } = await applyPolicyPlan(root, plan));
    }

    const keep = this.options.keep ?? DEFAULT_OPTIONS.keep;
    if (history.maxResultsPerTest() > keep) await history.compact(keep);

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
      if (this.options.memoryBudget !== undefined) {
        const budget = parseMemoryBudget(this.options.memoryBudget, 'memoryBudget');
        process.stderr.write(
          `assay ${formatMemoryLine(record.workers, record.main?.peakRssBytes, budget)}\n`,
        );
      }
    }
    const github = process.env.GITHUB_STEP_SUMMARY;
    if (github && (this.options.githubSummary ?? DEFAULT_OPTIONS.githubSummary) && existsSync(github)) {
      await appendFile(github, `${formatMarkdown(summary)}\n`);
    }
    if (!(loaded instanceof Error)) await history.save();
  }
}

export default AssayReporter;
