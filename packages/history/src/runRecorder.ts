// The end of a run, one sequence for every runner: record → index → verdicts → policy → compact →
// summary. The plugins collect their runner's results and hand them over; everything after is here.
import { existsSync } from 'node:fs';
import { appendFile, stat } from 'node:fs/promises';
import { type GitState, gitStateAsync } from './codeVersion.js';
import { HistoryIndex } from './historyIndex.js';
import { writeJunit } from './junit.js';
import { codeVersionOf, ModuleHasher, machineName, versionContext } from './moduleVersion.js';
import { displayPath } from './paths.js';
import { applyPolicyPlan, planPolicy, type ResolvedPolicy } from './policy.js';
import { type QuarantineEntry, type QuarantineMode, readQuarantine } from './quarantine.js';
import { formatMarkdown, formatSummary, type RunSummary, summarizeRun } from './report.js';
import { verdictsAroundRun } from './runVerdicts.js';
import { newRunId, RunStore } from './store.js';
import { type FileInfo, RUN_FORMAT, type RunRecord, type TestResult, type WorkerMemory } from './types.js';
import type { TestVerdict, VerdictThresholds } from './verdicts.js';
import { formatMemoryLine } from './workerBudget.js';

/** What the runner's plugin collected during a run. */
export interface CollectedRun {
  /** Per test file (posix path relative to the root): see {@link RunRecorder.fileInfo}. */
  files: Record<string, FileInfo>;
  tests: TestResult[];
  workers: WorkerMemory[];
  main?: { peakRssBytes: number };
  shard?: { index: number; count: number };
}

/** How to judge, keep and show a finished run. */
export interface FinishOptions {
  thresholds: VerdictThresholds;
  policy: ResolvedPolicy;
  mode: QuarantineMode;
  /** Results kept per test (compaction). */
  keep: number;
  /** Lines for the summary's problems section (setup notes, duplicate ids). */
  notes: readonly string[];
  /** Print the summary. */
  summary: boolean;
  /** Append the Markdown summary to `$GITHUB_STEP_SUMMARY` (when it names an existing file). */
  githubSummary: boolean;
  /** A memory budget in bytes: the summary then shows the run's peak against it. */
  budgetBytes?: number;
  /** Where the plugin's output goes (Vitest's logger, Jest's stderr). */
  print: (text: string, isError?: boolean) => void;
  color: boolean;
  /** Also write the run as JUnit XML to this path (relative to the root): the `junit` option. */
  junit?: string;
}

/** What {@link RunRecorder.finish} did. */
export interface FinishedRun {
  record: RunRecord;
  /** The run file written. */
  file: string;
  summary: RunSummary;
}

/**
 * Records runs of one runner in one project. Call {@link start} when a run starts (git and the
 * history are read while the tests run), {@link fileInfo} as each test file ends (content hash and
 * code version), and {@link finish} at the end.
 *
 * @example
 * const recorder = new RunRecorder(root, { name: 'jest', version: '30.5.2' });
 * recorder.start(true);
 * files['test/a.test.ts'] = { ...recorder.fileInfo('/p/test/a.test.ts', loadedModules), durationMs };
 * await recorder.finish({ files, tests, workers }, { thresholds, policy, mode, keep: 50, ... });
 */
export class RunRecorder {
  /** Kept across runs of one process (watch mode): unchanged files are not read again. */
  private readonly hasher = new ModuleHasher();
  private context: string | undefined;
  private startedAt = new Date();
  private early: { git: Promise<GitState>; history: Promise<HistoryIndex | Error> } | undefined;

  constructor(
    readonly root: string,
    private readonly runner: { name: string; version: string },
  ) {}

  /** A run starts: ask git and read the history now, while the tests run, when it will be recorded. */
  start(recording: boolean): void {
    this.startedAt = new Date();
    this.hasher.startRun();
    this.context = undefined;
    this.early = recording
      ? {
          git: gitStateAsync(this.root),
          history: HistoryIndex.load(RunStore.forRoot(this.root)).catch((error: Error) => error),
        }
      : undefined;
  }

  /**
   * The record's entry for a test file: its content hash and, when the runner reported the modules the
   * file loaded (absolute paths), its code version. Without that list there is no version, and
   * verdicts fall back to the commit of a clean work tree: hashing the test file alone would call a
   * change in an imported module "the same code".
   */
  fileInfo(testFile: string, modules?: readonly string[]): FileInfo {
    const info: FileInfo = {};
    const hash = this.hasher.hashOf(testFile);
    if (hash) info.hash = hash;
    if (modules) {
      this.context ??= versionContext(this.root, this.runner, this.hasher);
      const version = codeVersionOf(this.root, [testFile, ...modules], this.context, this.hasher);
      if (version) {
        info.version = version.version;
        info.modules = version.modules;
      }
    }
    return info;
  }

  /**
   * Writes the run's record, adds it to the history's index, judges the tests the run touched, applies
   * the quarantine policies, compacts the history, prints the summary (and the GitHub step summary)
   * and saves the index. Problems are printed, never thrown: a run's result does not depend on them.
   */
  async finish(run: CollectedRun, options: FinishOptions): Promise<FinishedRun | undefined> {
    try {
      return await this.record(run, options);
    } catch (error) {
      options.print(`assay: could not record this run: ${(error as Error).message}`, true);
      return undefined;
    }
  }

  /**
   * Writes the JUnit report (the `junit` option) of a run that is not recorded (`record: false`,
   * `ASSAY_RECORD=off`): the same report without the history's flaky verdicts. Does nothing without
   * `options.junit`; problems are printed, never thrown.
   */
  async junit(
    tests: readonly TestResult[],
    options: Pick<FinishOptions, 'junit' | 'mode' | 'print'>,
    verdicts?: readonly TestVerdict[],
  ): Promise<void> {
    if (!options.junit) return;
    try {
      const reasons = new Map<string, string>();
      if (options.mode !== 'off') {
        for (const entry of (await readQuarantine(this.root)).tests) reasons.set(entry.id, entry.reason);
      }
      await writeJunit(this.root, options.junit, {
        runner: this.runner,
        tests,
        mode: options.mode,
        reasons,
        ...(verdicts ? { verdicts } : {}),
      });
    } catch (error) {
      options.print(
        `assay: could not write the JUnit report ${options.junit}: ${(error as Error).message}`,
        true,
      );
    }
  }

  private async record(run: CollectedRun, options: FinishOptions): Promise<FinishedRun> {
    const git = await (this.early?.git ?? gitStateAsync(this.root));
    const record: RunRecord = {
      format: RUN_FORMAT,
      runId: newRunId(),
      startedAt: this.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      runner: this.runner,
      ...(git.commit ? { commit: git.commit, dirty: git.dirty ?? false } : {}),
      machine: machineName(),
      ...(run.shard ? { shard: run.shard } : {}),
      files: run.files,
      thresholds: { ...options.thresholds },
      workers: run.workers,
      ...(run.main ? { main: run.main } : {}),
      tests: run.tests,
    };
    const store = RunStore.forRoot(this.root);
    const written = await store.write(record);
    // The history as read (through its index) when the run started, plus this run; shards finishing
    // meanwhile are picked up by the next run.
    const loaded = await (this.early?.history ?? HistoryIndex.load(store).catch((error: Error) => error));
    const history = loaded instanceof Error ? HistoryIndex.empty(store) : loaded;
    // With the file's size and time, the index saved below holds this run: the next run does not
    // read this record back.
    history.add(record, written, await stat(written).catch(() => undefined));
    const { before, after } = verdictsAroundRun(history, record, written, options.thresholds);

    let quarantinedNow: QuarantineEntry[] = [];
    let releasedNow: QuarantineEntry[] = [];
    if (options.policy.autoQuarantine || options.policy.autoRelease) {
      const plan = planPolicy(
        history.results(),
        await readQuarantine(this.root),
        options.policy,
        options.thresholds,
      );
      ({ quarantined: quarantinedNow, released: releasedNow } = await applyPolicyPlan(this.root, plan));
    }
    if (history.maxResultsPerTest() > options.keep) await history.compact(options.keep);
    await this.junit(run.tests, options, after);

    const summary = summarizeRun({
      record,
      before,
      after,
      mode: options.mode,
      file: displayPath(written),
      problems: [
        ...history.problems.map((p) => p.message),
        ...history.warnings,
        ...(loaded instanceof Error ? [`could not read the history: ${loaded.message}`] : []),
        ...options.notes,
      ],
      quarantinedNow,
      releasedNow,
    });
    if (options.summary) {
      options.print(formatSummary(summary, { color: options.color }));
      if (options.budgetBytes !== undefined) {
        options.print(
          `assay ${formatMemoryLine(record.workers, record.main?.peakRssBytes, options.budgetBytes)}`,
        );
      }
    }
    const github = process.env.GITHUB_STEP_SUMMARY;
    if (github && options.githubSummary && existsSync(github)) {
      await appendFile(github, `${formatMarkdown(summary)}\n`);
    }
    if (!(loaded instanceof Error)) await history.save();
    return { record, file: written, summary };
  }
}
