import type { CoverageMapData } from 'istanbul-lib-coverage';

/** What the validate child is asked to do: run one test file with the project's own runner. */
export interface RunnerRequest {
  runner: 'vitest' | 'jest';
  /** Project root: the runner and its config are resolved from here. */
  root: string;
  /** Absolute paths of the test files to run. With `related`, the source files whose tests to find. */
  files: string[];
  /** Absolute path of the source under test: coverage is collected for it only. */
  source: string;
  /** Times the files are run (one runner instance, fresh test modules each run). */
  runs: number;
  /**
   * Run the project's existing tests that import `source` instead of `files` (the coverage before any
   * generated test); `files` are then excluded.
   */
  related?: boolean;
  /** Folder for the runner's coverage output (a temporary folder). */
  coverageDir: string;
  /** No further request for these files will come: the child may let go of its runner instance. */
  last?: boolean;
  /**
   * Only load the runner and set up its instance for these files, running nothing (`runs` is ignored):
   * sent while the file is still being explored, so validation finds the runner ready.
   */
  prepare?: boolean;
}

/** One test's result in one run. */
export interface TestResult {
  /** Names from the outermost describe to the test itself. */
  path: string[];
  state: 'passed' | 'failed' | 'skipped';
  /** First line of the first error, when it failed. */
  error?: string;
}

export interface RunResult {
  tests: TestResult[];
  /** Errors outside any test: a file that does not load, an unhandled rejection. */
  errors: string[];
  /** Istanbul coverage of the source under test in this run; absent when coverage could not be collected. */
  coverage?: CoverageMapData;
}

export type RunnerResponse =
  | { type: 'done'; version: string; runs: RunResult[]; coverageProblem?: string }
  | { type: 'missing'; message: string }
  /** `timedOut`: the runner was killed at the time limit (a test that never ends, or never lets go). */
  | { type: 'error'; message: string; timedOut?: true };
