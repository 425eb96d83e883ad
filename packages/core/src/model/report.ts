/** Why a case, a unit or a file did not make it into a generated test, in words and as a code. */
export interface Problem {
  /** Stable identifier, e.g. `timeout`, `process-exit`, `unsupported-parameter`, `parse-error`. */
  code: ProblemCode;
  message: string;
  /** The unit (function) concerned, when there is one. */
  unit?: string;
  /**
   * A wall-clock hang guard fired: what was written depends on how busy the machine was, not only on
   * the sources and options (such a report is never cached).
   */
  hangGuard?: true;
}

export type ProblemCode =
  | 'parse-error'
  | 'load-error'
  | 'unsupported-unit'
  | 'unsupported-parameter'
  | 'timeout'
  | 'process-exit'
  | 'needs-io'
  /** Calls that left a rejected `Promise` argument unhandled (the test run would fail on it): not written. */
  | 'unhandled-rejection'
  /** Calls whose code threw an error on a later tick, outside the call (the test run would fail on it): not written. */
  | 'uncaught-error'
  | 'unrenderable-value'
  | 'unstable'
  | 'sandbox-crash'
  /**
   * A call ended the sandbox process (it ran out of the sandbox's heap limit, or crashed it): that input
   * was left out, the sandbox restarted and exploration went on.
   */
  | 'crash'
  | 'output-conflict'
  | 'example-mismatch'
  | 'property-rejected'
  | 'property-skipped'
  | 'no-cases'
  /** The module does file I/O and the project has no memfs: its fs functions were mocked, not served from memory files. */
  | 'no-memfs'
  /** The project has no Vitest/Jest installed: the generated tests were not run with the real runner. */
  | 'no-runner'
  /** The real runner could not run the generated file (or timed out); the report's coverage is missing. */
  | 'validation-error'
  /** The runner ran, but without a coverage provider (`@vitest/coverage-v8`). */
  | 'no-coverage'
  /** A generated test failed under the real runner and was removed from the file. */
  | 'test-failed';

/** What exploration saw of one unit. */
export interface UnitReport {
  name: string;
  kind: 'function' | 'class';
  /** Test cases written for this unit (sequences, for a class). */
  tests: number;
  /** Argument tuples tried in the sandbox. */
  candidates: number;
  /** Code blocks of the unit's module reached by the written cases, out of all blocks seen. */
  blocks: { covered: number; total: number };
  problems: Problem[];
}

export type FileStatus = 'written' | 'unchanged' | 'no-tests' | 'failed';

export interface FileReport {
  /** Source path relative to the project root (posix). */
  source: string;
  /** Generated test file, relative to the project root (posix), when one was written or kept. */
  output?: string;
  status: FileStatus;
  units: UnitReport[];
  tests: number;
  problems: Problem[];
  durationMs: number;
  /** True when nothing changed since the run that produced this report, so it was taken from the cache. */
  cached?: boolean;
  /**
   * What the real runner said: coverage before, after each iteration of the coverage-gap loop and at the
   * end; tests dropped; what remains uncovered and why. Absent when the file was not validated.
   */
  coverage?: CoverageReport;
}

/** One pass of generate → run with the real runner → measure. Iteration 0 is the first generation. */
export interface IterationReport {
  iteration: number;
  /** Units explored again in this iteration (none for iteration 0). */
  units: string[];
  /** Coverage of the source with the generated file of this iteration (and the project's own tests). */
  coverage: CoverageFigures | undefined;
  /** Test cases in the file after this iteration. */
  tests: number;
  /** False when the iteration raised no coverage: its new tests were discarded and the loop stopped. */
  kept: boolean;
  durationMs: number;
}

/** Why lines stay uncovered after the loop. */
export type GapReason =
  /** The unit calls I/O the sandbox refuses (files, network, processes). */
  | 'needs-io'
  /** Calls on the way timed out. */
  | 'timed-out'
  /** assay did not explore this code: not an exported unit, or a unit it cannot call yet. */
  | 'not-explored'
  /** Its tests failed under the real runner (it behaves differently there than in the sandbox) and were dropped. */
  | 'tests-failed'
  /** Explored, but no input reached it within the budget: it may be unreachable. */
  | 'not-reached';

export interface RemainingGap extends UnitGaps {
  reason: GapReason;
}

/** The coverage-gap loop's account of one file. */
export interface CoverageReport {
  runner: { name: 'vitest' | 'jest'; version: string };
  /** Line coverage target in percent (`--coverage-target`). */
  target: number;
  met: boolean;
  /** The project's own tests that import the source (zero when there are none). */
  before: CoverageFigures | undefined;
  iterations: IterationReport[];
  final: CoverageFigures | undefined;
  /** Test cases in the written file. */
  kept: number;
  dropped: DroppedTest[];
  /** Uncovered code per unit, with the reason it stayed uncovered (empty when everything is covered). */
  remaining: RemainingGap[];
  /** Milliseconds per stage: `generate` (analyze → write, iteration 0), `validate`, `loop`. */
  stages: Record<string, number>;
}

/** The result of {@link generateTests}: per file, what was written and why anything was left out. */
export interface GenerateReport {
  root: string;
  framework: 'vitest' | 'jest';
  files: FileReport[];
  totals: {
    files: number;
    written: number;
    unchanged: number;
    /** Files whose earlier result still held (nothing they depend on changed): not processed again. */
    cached: number;
    failed: number;
    units: number;
    tests: number;
    problems: number;
  };
  durationMs: number;
}

/** A branch the tests never took, with the source condition that decides it. */
export interface BranchGap {
  /** 1-based line of the branching construct. */
  line: number;
  /** The construct: `if`, `cond-expr` (`a ? b : c`), `binary-expr` (`a && b`), `switch`, `default-arg`. */
  type: string;
  /** Source text of the condition, e.g. `size > 100`, or of the switch's subject. */
  condition: string;
  /** What the tests still need, e.g. `size > 100 is true`, `case 'x'`, `b evaluated`. */
  need: string;
}

/** What no test reached in one unit (or `(module)` for code outside every unit). */
export interface UnitGaps {
  unit: string;
  /** Uncovered lines, 1-based, ascending. */
  lines: number[];
  branches: BranchGap[];
}

/** Covered and total counts of one kind (lines, branches, functions), and the percentage. */
export interface CoverageCount {
  covered: number;
  total: number;
  /** 0–100, one decimal; 100 when there is nothing to cover. */
  pct: number;
}

/** Coverage of one source file. */
export interface CoverageFigures {
  lines: CoverageCount;
  branches: CoverageCount;
  functions: CoverageCount;
}

/** A generated test that the real runner failed, and so was taken out of the file. */
export interface DroppedTest {
  unit: string;
  /** The test's title as the runner reported it. */
  test: string;
  /** Why: the runner's first error lines, and in how many runs it failed. */
  reason: string;
  /** Dropped because a run hit the validation time limit (a hang guard): it may pass on a faster machine. */
  hangGuard?: true;
}
