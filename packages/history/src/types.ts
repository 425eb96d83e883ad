/** The format tag written in every run file; bumped only with a migration. */
export const RUN_FORMAT = 'assay-run/1';

/** Outcome of one test in one run. Skipped tests are recorded but never count toward a verdict. */
export type TestState = 'passed' | 'failed' | 'skipped';

/** One test's result in one run. */
export interface TestResult {
  /** Test id: `<file>::<describe > ... > test>`. */
  id: string;
  /** Final state after retries and repeats. */
  state: TestState;
  /** Wall time of the test including retries, in milliseconds. */
  durationMs: number;
  /** How many times the test was retried after failing (0 when it passed the first time). */
  retries: number;
  /**
   * Attempts of the test in this run (retries and repeats, e.g. early flake detection), when more than
   * one ran: how many passed and how many failed.
   */
  attempts?: { passed: number; failed: number };
  /** True when the test was on the quarantine list (or marked in code) during this run. */
  quarantined?: boolean;
  /** First line of the first error, for reports. */
  error?: string;
}

/** What a run knows about one test file. */
export interface FileInfo {
  /** Hash of the file's content (sha1, hex): with a clean commit, the code version of older records. */
  hash?: string;
  /**
   * Code version of the file's tests in this run: a hash of the content of the test file and of every
   * project module it loaded (outside `node_modules`), plus the lockfile, Node's major version, the
   * platform and the runner's version (see `codeVersion`). Two results with the same version ran the
   * same code, with or without git. Absent in records written before it existed: then the commit and
   * `hash` of a clean work tree stand in for it.
   */
  version?: string;
  /** How many modules (the test file included) went into `version`. */
  modules?: number;
  /**
   * The file's whole cost in this run, in milliseconds: from the moment the runner gave the file to a
   * worker to its result (environment, transform and import, set-up files, collection, tests, hooks).
   * Shard plans weigh files by it. Records written before `testsMs` existed hold only the tests'
   * time here (Vitest: tests and hooks; Jest: `perfStats.runtime`); the planner tells them apart by
   * the missing `testsMs`.
   */
  durationMs?: number;
  /** Time of the file's tests alone, in milliseconds (Vitest: tests and hooks; Jest: its tests' sum). */
  testsMs?: number;
}

/** Peak memory seen in one worker during a run. */
export interface WorkerMemory {
  /** Worker slot (e.g. `VITEST_POOL_ID`). */
  id: string;
  /** Peak resident set size of the worker's process, in bytes. */
  peakRssBytes: number;
  /** Peak V8 heap used, in bytes. */
  peakHeapBytes: number;
  /**
   * The tests ran in the runner's main process (Jest's `runInBand`, chosen by Jest itself for a few
   * fast files or one worker): the peaks include the runner's own memory and everything earlier
   * files left behind, so they overstate what a worker process needs. Memory budgets use them only
   * when no run recorded real workers.
   */
  inBand?: boolean;
  /**
   * Resident size and heap used by the worker before its first file (the smallest seen when a file's
   * environment was set up): what a fresh worker uses.
   */
  baseRssBytes?: number;
  baseHeapBytes?: number;
  /**
   * Largest heap in use after a full collection at the end of a file: what its files kept alive,
   * without the garbage a reused worker carries. Measured by the Jest plugin under a memory budget.
   */
  liveHeapBytes?: number;
}

/** One run (or one shard of a run): the content of a file under `.assay/runs/`. */
export interface RunRecord {
  format: typeof RUN_FORMAT;
  /** Random id of the run; shards of one CI job share the commit, not the id. */
  runId: string;
  /** ISO time the run started. */
  startedAt: string;
  /** ISO time the run ended. */
  finishedAt: string;
  /** The runner that produced the record, e.g. `{ name: 'vitest', version: '4.1.12' }`. */
  runner: { name: string; version: string };
  /** Commit the run tested, when known. */
  commit?: string;
  /** True when the work tree had uncommitted changes: then the commit alone does not name the code. */
  dirty?: boolean;
  /**
   * The machine that ran it (`ASSAY_MACHINE`, else the host name): shown as evidence when two runs of
   * the same code disagree.
   */
  machine?: string;
  /** Shard of the run, 1-based, when the run was sharded. */
  shard?: { index: number; count: number };
  /** Per-file information (hash, duration), keyed by posix path relative to the root. */
  files: Record<string, FileInfo>;
  /** Peak memory per worker. */
  workers: WorkerMemory[];
  /**
   * Peak resident set size of the runner's main process, in bytes (for memory budgets). When the
   * tests ran in band, its resident size when the run started: the tests' part is the in-band worker's.
   */
  main?: { peakRssBytes: number };
  /**
   * Verdict thresholds the recording plugin was configured with, so `assay flaky` judges as the
   * end-of-run summary did (its flags still override them).
   */
  thresholds?: Record<string, number | boolean>;
  tests: TestResult[];
}

/** A run record together with the file it was read from. */
export interface StoredRun {
  file: string;
  record: RunRecord;
}
