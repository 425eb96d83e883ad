/** What one runner invocation is asked to do with the victim's file. */
export interface RunRequest {
  /** Test file, relative to the project root (posix). */
  file: string;
  /** Test ids to run (in the file's own order); all tests of the file when absent. */
  only?: readonly string[];
  /** Shuffle the tests with this seed (the runner's own seeded shuffle). */
  seed?: number;
}

/** A test as one run saw it. */
export interface ObservedTest {
  id: string;
  state: 'passed' | 'failed';
}

/** What one invocation reported: the file's tests in the order they ran (skipped ones left out). */
export interface RunOutcome {
  tests: ObservedTest[];
  /** The runner's output when it did not report what was asked (crash, syntax error). */
  output?: string;
}

/** Runs the runner once. Implemented per runner in vitest.ts / jest.ts; faked in unit tests. */
export type Execute = (request: RunRequest) => Promise<RunOutcome>;

export type DiagnoseVerdict = 'order-dependent' | 'not-order-dependent' | 'could-not-reproduce';

/** Counts for one kind of run: how many runs, and in how many the victim failed. */
export interface Tally {
  runs: number;
  failed: number;
}

export interface DiagnoseReport {
  test: string;
  verdict: DiagnoseVerdict;
  /** One line for people: "order-dependent: fails after <id>" and the like. */
  message: string;
  /** `polluter`: the victim passes alone and fails after `culprit`; `state-setter`: the reverse. */
  kind?: 'polluter' | 'state-setter';
  /** The test whose running first changes the victim's outcome, when one was isolated. */
  culprit?: string;
  alone: Tally;
  fileOrder: Tally;
  shuffled: Tally & { seeds: number[]; failingSeeds: number[] };
  /** Runner invocations made. */
  invocations: number;
}
