import { relative } from 'node:path';
import {
  mergeResults,
  type RunRecord,
  RunRecorder,
  shouldRecord,
  type TestResult,
  WorkerPeaks,
} from '@assay/history';
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node';
import { caseResult } from './caseResult.js';
import { fileCostMs } from './fileCost.js';
import { type AssayVitestOptions, DEFAULT_OPTIONS } from './options.js';
import { applyQuarantineExitCode } from './quarantineExit.js';
import { META_FILE_TIME, META_MEMORY, META_MODULES } from './shared.js';
import { loadRunState, type RunState, validateOptions } from './state.js';

interface ModuleMemory {
  pool: string;
  rss: number;
  heap: number;
}

/**
 * Records every test's outcome to `.assay/runs/`, prints the end-of-run summary and keeps quarantined
 * failures from failing the build. Added by the `assay()` plugin; can also be listed in `reporters`
 * as `'@assay/vitest-plugin/reporter'` (then quarantine `skip` mode, in-code markers and code
 * versions need the plugin's setup file). The end of the run is `RunRecorder.finish` of
 * `@assay/history`, as for Jest.
 */
export class AssayReporter implements Reporter {
  private readonly options: AssayVitestOptions;
  private statePromise: Promise<RunState> | undefined;
  private state: RunState | undefined;
  private vitest: Vitest | undefined;
  private recorder: RunRecorder | undefined;
  private results = new Map<string, TestResult>();
  private files: RunRecord['files'] = {};
  private peaks = new WorkerPeaks();
  private duplicates = new Set<string>();

  constructor(options: AssayVitestOptions = {}, state?: Promise<RunState>) {
    validateOptions(options);
    this.options = options;
    this.statePromise = state;
  }

  async onInit(vitest: Vitest): Promise<void> {
    this.vitest = vitest;
    this.statePromise ??= loadRunState(this.options, this.options.root ?? vitest.config.root);
    this.state = await this.statePromise;
    this.recorder = new RunRecorder(this.state.root, { name: 'vitest', version: vitest.version });
    this.recorder.start(false);
  }

  onTestRunStart(): void {
    this.results = new Map();
    this.files = {};
    this.peaks = new WorkerPeaks();
    this.duplicates = new Set();
    this.recorder?.start(this.recording());
  }

  private recording(): boolean {
    return shouldRecord(this.options.record, this.vitest?.config.watch === true);
  }

  onTestCaseResult(testCase: TestCase): void {
    if (!this.state) return;
    const entry = caseResult(this.state, testCase);
    const existing = this.results.get(entry.id);
    // Two tests with the same file and names share an id: one result, failed when either failed.
    if (existing) this.duplicates.add(entry.id);
    this.results.set(entry.id, existing ? mergeResults(existing, entry) : entry);
  }

  onTestModuleEnd(testModule: TestModule): void {
    if (!this.state || !this.recorder) return;
    const file = relative(this.state.root, testModule.moduleId).split('\\').join('/');
    const diagnostic = testModule.diagnostic();
    const meta = testModule.meta() as Record<string, unknown>;
    const modules = meta[META_MODULES];
    this.files[file] = {
      ...this.recorder.fileInfo(testModule.moduleId, Array.isArray(modules) ? modules : undefined),
      durationMs: fileCostMs(diagnostic, meta[META_FILE_TIME]),
      testsMs: Math.round(diagnostic.duration),
    };
    const memory = meta[META_MEMORY] as ModuleMemory | undefined;
    if (memory) this.peaks.add({ id: memory.pool, rss: memory.rss, heap: memory.heap });
  }

  async onTestRunEnd(
    testModules: readonly TestModule[],
    unhandledErrors: readonly unknown[],
    reason: 'passed' | 'failed' | 'interrupted',
  ): Promise<void> {
    const state = this.state;
    if (!state || !this.recorder || reason === 'interrupted') return;
    applyQuarantineExitCode(state, this.results, testModules, unhandledErrors);
    const junit = this.options.junit;
    const print = (text: string, isError?: boolean) => this.log(text, isError);
    if (!this.recording()) {
      await this.recorder.junit([...this.results.values()], { junit, mode: state.mode, print });
      return;
    }
    const shard = this.vitest?.config.shard;
    await this.recorder.finish(
      {
        files: this.files,
        tests: [...this.results.values()],
        workers: this.peaks.list(),
        main: this.peaks.mainShare(),
        ...(shard ? { shard: { index: shard.index, count: shard.count } } : {}),
      },
      {
        thresholds: state.thresholds,
        policy: state.policy,
        mode: state.mode,
        keep: this.options.keep ?? DEFAULT_OPTIONS.keep,
        notes: [
          ...state.notes,
          ...[...this.duplicates].map(
            (id) =>
              `${id}: several tests have this file and name; their results were recorded as one. Give them distinct names.`,
          ),
        ],
        summary: this.options.summary ?? DEFAULT_OPTIONS.summary,
        githubSummary: this.options.githubSummary ?? DEFAULT_OPTIONS.githubSummary,
        ...(state.budget ? { budgetBytes: state.budget.budgetBytes } : {}),
        print,
        color: process.stdout.isTTY === true && !process.env.NO_COLOR,
        ...(junit ? { junit } : {}),
      },
    );
  }

  private log(text: string, error = false): void {
    const logger = this.vitest?.logger;
    if (logger) (error ? logger.error : logger.log).call(logger, text);
    else (error ? console.error : console.log)(text);
  }
}

export default AssayReporter;
