import { appendFile } from 'node:fs/promises';
import { relative } from 'node:path';
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
  newRunId,
  planPolicy,
  type QuarantineEntry,
  RUN_FORMAT,
  type RunRecord,
  RunStore,
  readQuarantine,
  recordingOffByEnv,
  summarizeRun,
  type TestResult,
  verdictsAroundRun,
  type WorkerMemory,
} from '@assay/history';
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node';
import { fileCostMs } from './fileCost.js';
import { type AssayVitestOptions, DEFAULT_OPTIONS } from './options.js';
import { idFor, META_ATTEMPTS, META_FILE_TIME, META_MEMORY, META_QUARANTINE } from './shared.js';
import { loadRunState, type RunState, validateOptions } from './state.js';

type RunEndReason = 'passed' | 'failed' | 'interrupted';

interface ModuleMemory {
  pool: string;
  rss: number;
  heap: number;
}

function namesOf(testCase: TestCase): string[] {
  const names = [testCase.name];
  for (let p = testCase.parent; p.type === 'suite'; p = p.parent) names.unshift(p.name);
  return names;
}

const STATE_RANK: Record<TestResult['state'], number> = { failed: 2, passed: 1, skipped: 0 };

function mergeResults(a: TestResult, b: TestResult): TestResult {
  const merged: TestResult = {
    ...a,
    state: STATE_RANK[b.state] > STATE_RANK[a.state] ? b.state : a.state,
    durationMs: a.durationMs + b.durationMs,
    retries: a.retries + b.retries,
  };
  if (b.quarantined) merged.quarantined = true;
  if (!merged.error && b.error) merged.error = b.error;
  if (b.attempts) {
    merged.attempts = {
      passed: (a.attempts?.passed ?? 0) + b.attempts.passed,
      failed: (a.attempts?.failed ?? 0) + b.attempts.failed,
    };
  }
  return merged;
}

function firstLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const line = text.split('\n', 1)[0]!.trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/**
 * Records every test's outcome to `.assay/runs/`, prints the end-of-run summary and keeps quarantined
 * failures from failing the build. Added by the `assay()` plugin; can also be listed in `reporters`
 * as `'@assay/vitest-plugin/reporter'` (then quarantine `skip` mode and in-code markers need the
 * plugin's setup file).
 */
export class AssayReporter implements Reporter {
  private readonly options: AssayVitestOptions;
  private statePromise: Promise<RunState> | undefined;
  private state: RunState | undefined;
  private vitest: Vitest | undefined;
  private startedAt = new Date();
  private results = new Map<string, TestResult>();
  private files: RunRecord['files'] = {};
  private memory = new Map<string, WorkerMemory>();
  private duplicates = new Set<string>();
  private early: { git: Promise<GitState>; history: Promise<HistoryIndex | Error> } | undefined;

  constructor(options: AssayVitestOptions = {}, state?: Promise<RunState>) {
    validateOptions(options);
    this.options = options;
    this.statePromise = state;
  }

  async onInit(vitest: Vitest): Promise<void> {
    this.vitest = vitest;
    this.statePromise ??= loadRunState(this.options, this.options.root ?? vitest.config.root);
    this.state = await this.statePromise;
    this.startedAt = new Date();
  }

  onTestRunStart(): void {
    this.startedAt = new Date();
    this.results = new Map();
    this.files = {};
    this.memory = new Map();
    this.duplicates = new Set();
    // Ask git and read the history now, while the tests run, rather than after them.
    this.early = undefined;
    const state = this.state;
    if (state && this.recording()) {
      this.early = {
        git: gitStateAsync(state.root),
        history: HistoryIndex.load(RunStore.forRoot(state.root)).catch((error: Error) => error),
      };
    }
  }

  /** Whether this run is recorded (`record` option; watch-mode reruns only with `'always'`; `ASSAY_RECORD=off`). */
  private recording(): boolean {
    if (recordingOffByEnv()) return false;
    const record = this.options.record ?? DEFAULT_OPTIONS.record;
    const watching = this.vitest?.config.watch === true;
    return record !== false && (!watching || record === 'always');
  }

  onTestCaseResult(testCase: TestCase): void {
    const state = this.state;
    if (!state) return;
    const id = idFor(state.root, testCase.module.moduleId, namesOf(testCase));
    const result = testCase.result();
    const diagnostic = testCase.diagnostic();
    const meta = testCase.meta() as Record<string, unknown>;
    const entry: TestResult = {
      id,
      state: result.state === 'passed' ? 'passed' : result.state === 'failed' ? 'failed' : 'skipped',
      durationMs: Math.round((diagnostic?.duration ?? 0) * 100) / 100,
      retries: diagnostic?.retryCount ?? 0,
    };
    const attempts = meta[META_ATTEMPTS] as TestResult['attempts'];
    if (attempts && attempts.passed + attempts.failed > 1) entry.attempts = attempts;
    if (state.mode !== 'off' && (state.quarantined.has(id) || typeof meta[META_QUARANTINE] === 'string')) {
      entry.quarantined = true;
    }
    const error = firstLine(result.errors?.[0]?.message);
    if (entry.state === 'failed' && error) entry.error = error;
    const existing = this.results.get(id);
    if (existing) {
      // Two tests with the same file and names share an id; their results are merged so that the
      // id's result is failed when either failed.
      this.duplicates.add(id);
      this.results.set(id, mergeResults(existing, entry));
    } else {
      this.results.set(id, entry);
    }
  }

  onTestModuleEnd(testModule: TestModule): void {
    const state = this.state;
    if (!state) return;
    const file = relative(state.root, testModule.moduleId).split('\\').join('/');
    const diagnostic = testModule.diagnostic();
    const workerMs = (testModule.meta() as Record<string, unknown>)[META_FILE_TIME];
    this.files[file] = {
      durationMs: fileCostMs(diagnostic, workerMs),
      testsMs: Math.round(diagnostic.duration),
    };
    const memory = testModule.meta()[META_MEMORY as keyof ReturnType<TestModule['meta']>] as
      | ModuleMemory
      | undefined;
    if (memory) {
      const seen = this.memory.get(memory.pool) ?? { id: memory.pool, peakRssBytes: 0, peakHeapBytes: 0 };
      seen.peakRssBytes = Math.max(seen.peakRssBytes, memory.rss);
      seen.peakHeapBytes = Math.max(seen.peakHeapBytes, memory.heap);
      this.memory.set(memory.pool, seen);
    }
  }

  async onTestRunEnd(
    testModules: readonly TestModule[],
    unhandledErrors: readonly unknown[],
    reason: RunEndReason,
  ): Promise<void> {
    const state = this.state;
    if (!state || reason === 'interrupted') return;
    this.applyQuarantineExitCode(testModules, unhandledErrors);
    if (!this.recording()) return;
    try {
      await this.recordRun(state, testModules);
    } catch (error) {
      this.log(`assay: could not record this run: ${(error as Error).message}`, true);
    }
  }

  /**
   * In `report` mode, a run whose only failures are quarantined tests exits 0. Anything else that
   * failed (another test, a suite hook, a file that did not load, an unhandled error) keeps the exit
   * code Vitest set before calling this hook.
   */
  private applyQuarantineExitCode(
    testModules: readonly TestModule[],
    unhandledErrors: readonly unknown[],
  ): void {
    const state = this.state!;
    if (state.mode !== 'report' || process.exitCode !== 1 || unhandledErrors.length > 0) return;
    const failed = [...this.results.values()].filter((r) => r.state === 'failed');
    if (failed.length === 0 || !failed.every((r) => r.quarantined)) return;
    for (const testModule of testModules) {
      if (testModule.errors().length > 0) return;
      for (const suite of testModule.children.allSuites()) if (suite.errors().length > 0) return;
      for (const test of testModule.children.allTests()) {
        // A failed test we did not see reported (should not happen) keeps the build red.
        if (
          test.result().state === 'failed' &&
          !this.results.get(idFor(state.root, testModule.moduleId, namesOf(test)))?.quarantined
        ) {
          return;
        }
      }
    }
    process.exitCode = 0;
  }

  private async recordRun(state: RunState, testModules: readonly TestModule[]): Promise<void> {
    const git = await (this.early?.git ?? gitStateAsync(state.root));
    for (const testModule of testModules) {
      const file = relative(state.root, testModule.moduleId).split('\\').join('/');
      const hash = fileHash(testModule.moduleId);
      this.files[file] = { ...this.files[file], ...(hash ? { hash } : {}) };
    }
    const shard = this.vitest?.config.shard;
    const record: RunRecord = {
      format: RUN_FORMAT,
      runId: newRunId(),
      startedAt: this.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      runner: { name: 'vitest', version: this.vitest?.version ?? 'unknown' },
      ...(git.commit ? { commit: git.commit, dirty: git.dirty ?? false } : {}),
      ...(shard ? { shard: { index: shard.index, count: shard.count } } : {}),
      files: this.files,
      thresholds: { ...state.thresholds },
      workers: [...this.memory.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })),
      main: { peakRssBytes: resourceUsage().maxRSS * 1024 },
      tests: [...this.results.values()],
    };
    const store = RunStore.forRoot(state.root);
    const written = await store.write(record);
    // The history as read (through its index) when the run started, plus this run (shards finishing
    // meanwhile are picked up by the next run).
    const loaded = await (this.early?.history ?? HistoryIndex.load(store).catch((error: Error) => error));
    const history = loaded instanceof Error ? HistoryIndex.empty(store) : loaded;
    const readProblem = loaded instanceof Error ? [`could not read the history: ${loaded.message}`] : [];
    history.add(record, written);
    const { before, after } = verdictsAroundRun(history, record, written, state.thresholds);

    let quarantinedNow: QuarantineEntry[] = [];
    let releasedNow: QuarantineEntry[] = [];
    if (state.policy.autoQuarantine || state.policy.autoRelease) {
      const plan = planPolicy(
        history.results(),
        await readQuarantine(state.root),
        state.policy,
        state.thresholds,
      );
      ({ quarantined: quarantinedNow, released: releasedNow } = await applyPolicyPlan(state.root, plan));
    }

    const keep = this.options.keep ?? DEFAULT_OPTIONS.keep;
    if (history.maxResultsPerTest() > keep) await history.compact(keep);

    const summary = summarizeRun({
      record,
      before,
      after,
      mode: state.mode,
      file: displayPath(written),
      problems: [
        ...history.problems.map((p) => p.message),
        ...history.warnings,
        ...readProblem,
        ...state.notes,
        ...[...this.duplicates].map(
          (id) =>
            `${id}: several tests have this file and name; their results were recorded as one. Give them distinct names.`,
        ),
      ],
      quarantinedNow,
      releasedNow,
    });
    if (this.options.summary ?? DEFAULT_OPTIONS.summary) {
      this.log(formatSummary(summary, { color: process.stdout.isTTY === true && !process.env.NO_COLOR }));
      if (state.budget) {
        this.log(
          `assay ${formatMemoryLine(record.workers, record.main?.peakRssBytes, state.budget.budgetBytes)}`,
        );
      }
    }
    const github = process.env.GITHUB_STEP_SUMMARY;
    if (github && (this.options.githubSummary ?? DEFAULT_OPTIONS.githubSummary)) {
      await appendFile(github, `${formatMarkdown(summary)}\n`);
    }
  }

  private log(text: string, error = false): void {
    const logger = this.vitest?.logger;
    if (logger) (error ? logger.error : logger.log).call(logger, text);
    else (error ? console.error : console.log)(text);
  }
}

export default AssayReporter;
