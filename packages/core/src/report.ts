/** Why a case, a unit or a file did not make it into a generated test, in words and as a code. */
export interface Problem {
  /** Stable identifier, e.g. `timeout`, `process-exit`, `unsupported-parameter`, `parse-error`. */
  code: ProblemCode;
  message: string;
  /** The unit (function) concerned, when there is one. */
  unit?: string;
}

export type ProblemCode =
  | 'parse-error'
  | 'load-error'
  | 'unsupported-unit'
  | 'unsupported-parameter'
  | 'timeout'
  | 'process-exit'
  | 'needs-io'
  | 'unrenderable-value'
  | 'unstable'
  | 'sandbox-crash'
  | 'output-conflict'
  | 'example-mismatch'
  | 'property-rejected'
  | 'property-skipped'
  | 'no-cases';

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
