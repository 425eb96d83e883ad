// Main-process entry: `reporters: ['default', '@assay/jest-plugin/reporter']`.
import { relative } from 'node:path';
import { resourceUsage } from 'node:process';
import {
  parseMemoryBudget,
  type QuarantineMode,
  type RunRecord,
  RunRecorder,
  resolvePolicy,
  resolveQuarantineMode,
  resolveThresholds,
  shouldRecord,
  type TestResult,
  WorkerPeaks,
} from '@assay/history';
import { openChannel, takeMessage } from './channelReader.js';
import type { Inbox } from './constants.js';
import { fileCostMs } from './fileCost.js';
import {
  type AggregatedResult,
  fileResults,
  type GlobalConfig,
  jestVersion,
  type TestContext,
  type TestFileResult,
} from './jestResults.js';
import { type AssayJestOptions, DEFAULT_OPTIONS } from './options.js';
import { applyQuarantineExitCode } from './quarantineExit.js';
import { setupNotes } from './setupCheck.js';
import { loadQuarantined, validateOptions } from './shared.js';

export { type AssayJestOptions, DEFAULT_OPTIONS } from './options.js';

/**
 * Records every test's outcome to `.assay/runs/` (the store `@assay/vitest-plugin` uses too), prints
 * the end-of-run summary and keeps quarantined failures from failing the build in `report` mode.
 * Options go here, once: `['@assay/jest-plugin/reporter', { retry: 2 }]`. The end of the run is
 * `RunRecorder.finish` of `@assay/history`, as for Vitest.
 */
export class AssayReporter {
  private readonly options: AssayJestOptions;
  private readonly root: string;
  private readonly mode: QuarantineMode;
  private readonly inbox: Inbox;
  private readonly recorder: RunRecorder;
  private quarantined: ReadonlyMap<string, string> = new Map();
  private results = new Map<string, TestResult>();
  private files: RunRecord['files'] = {};
  /** When Jest handed each file to a worker (ms since the epoch), by path: the start of its cost. */
  private fileStarts = new Map<string, number>();
  private peaks = new WorkerPeaks();
  /** Resident size of this (Jest's main) process when the run started: its share when tests run in band. */
  private mainAtStart = 0;
  /** The in-band worker's id, when its files left their resident peak to the end of the run. */
  private inBandWorker: string | undefined;

  constructor(
    private readonly globalConfig: GlobalConfig,
    options: AssayJestOptions = {},
  ) {
    validateOptions(options ?? {});
    this.options = options ?? {};
    this.root = this.options.root ?? globalConfig.rootDir;
    this.mode = resolveQuarantineMode(this.options.quarantine?.mode);
    this.inbox = openChannel();
    this.recorder = new RunRecorder(this.root, { name: 'jest', version: jestVersion(this.root) });
  }

  async onRunStart(): Promise<void> {
    this.results = new Map();
    this.files = {};
    this.fileStarts = new Map();
    this.peaks = new WorkerPeaks();
    this.inBandWorker = undefined;
    this.mainAtStart = process.memoryUsage.rss();
    this.recorder.start(this.recording());
    this.quarantined = await loadQuarantined(this.root, this.mode);
  }

  onTestFileStart(test: { path: string }): void {
    this.fileStarts.set(test.path, Date.now());
  }

  onTestResult(_test: unknown, result: TestFileResult): void {
    const endedAt = Date.now();
    const { message, inBand } = takeMessage(this.inbox, result.testFilePath);
    const quarantine = { mode: this.mode, quarantined: this.quarantined };
    const { tests, testsMs } = fileResults(this.root, result, message, quarantine);
    for (const test of tests) this.results.set(test.id, test);
    const file = relative(this.root, result.testFilePath).split('\\').join('/');
    this.files[file] = {
      ...this.recorder.fileInfo(result.testFilePath, message?.modules),
      durationMs: fileCostMs(this.fileStarts.get(result.testFilePath), endedAt, result.perfStats),
      testsMs: Math.round(testsMs),
    };
    this.fileStarts.delete(result.testFilePath);
    if (!message) return;
    const { worker, rss, heap, base, live } = message;
    // In band the environment leaves the resident peak to the end of the run (see onRunComplete).
    if (inBand && rss === undefined) this.inBandWorker = worker;
    const extra = { ...(inBand ? { inBand } : {}), ...(base ? { base } : {}), ...(live ? { live } : {}) };
    this.peaks.add({ id: worker, rss: rss ?? 0, heap, ...extra });
  }

  async onRunComplete(contexts: Set<TestContext> | undefined, aggregated: AggregatedResult): Promise<void> {
    const retry = this.options.retry ?? DEFAULT_OPTIONS.retry;
    const notes = setupNotes(contexts, { retry, mode: this.mode, quarantined: this.quarantined.size });
    applyQuarantineExitCode(this.root, this.mode, this.results, aggregated);
    const junit = this.options.junit;
    const print = (text: string) => process.stderr.write(`\n${text}${text.endsWith('\n') ? '' : '\n'}`);
    if (!this.recording()) {
      await this.recorder.junit([...this.results.values()], { junit, mode: this.mode, print });
      return;
    }
    for (const result of aggregated.testResults) {
      const file = relative(this.root, result.testFilePath).split('\\').join('/');
      this.files[file] ??= this.recorder.fileInfo(result.testFilePath);
    }
    if (this.inBandWorker !== undefined) {
      // The tests ran in this process: its peak so far is the in-band worker's (read once, not per file).
      this.peaks.add({ id: this.inBandWorker, rss: resourceUsage().maxRSS * 1024, heap: 0, inBand: true });
    }
    const shard = this.globalConfig.shard;
    const budget = this.options.memoryBudget;
    await this.recorder.finish(
      {
        files: this.files,
        tests: [...this.results.values()],
        workers: this.peaks.list(),
        main: this.peaks.mainShare(this.mainAtStart),
        ...(shard ? { shard: { index: shard.shardIndex, count: shard.shardCount } } : {}),
      },
      {
        thresholds: resolveThresholds(this.options.thresholds),
        policy: resolvePolicy(this.options.quarantine),
        mode: this.mode,
        keep: this.options.keep ?? DEFAULT_OPTIONS.keep,
        notes,
        summary: this.options.summary ?? DEFAULT_OPTIONS.summary,
        githubSummary: this.options.githubSummary ?? DEFAULT_OPTIONS.githubSummary,
        ...(budget !== undefined ? { budgetBytes: parseMemoryBudget(budget, 'memoryBudget') } : {}),
        print,
        color: process.stderr.isTTY === true && !process.env.NO_COLOR,
        ...(junit ? { junit } : {}),
      },
    );
  }

  private recording(): boolean {
    const { watch, watchAll } = this.globalConfig;
    return shouldRecord(this.options.record, watch === true || watchAll === true);
  }

  /** Jest fails the run when a reporter returns an error here; assay never does. */
  getLastError(): undefined {
    return undefined;
  }
}

export default AssayReporter;
