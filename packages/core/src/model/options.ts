/** The options every stage reads, resolved (see options.ts for the public {@link GenerateOptions}). */

import type { FileReport } from './report.js';
import type { TestTemplates } from './templates.js';

export type Framework = 'vitest' | 'jest';

/** Progress of a {@link generateTests} run, one event per step, for progress bars and logs. */
export interface ProgressEvent {
  phase: 'discover' | 'file-start' | 'file-done';
  /** Source path relative to the root (posix), for file events. */
  file?: string;
  done: number;
  total: number;
  /** The file's report, on `file-done` (its status says whether it was written, unchanged, failed…). */
  report?: FileReport;
}

/** {@link GenerateOptions} with every default applied and paths made absolute. */
export interface ResolvedOptions {
  paths: string[];
  exclude: string[];
  root: string;
  framework: Framework | undefined;
  outDir: string | undefined;
  concurrency: number;
  callTimeoutMs: number;
  unitBudgetMs: number;
  fileBudgetMs: number;
  /** Heap limit of each sandbox process, in MB. */
  sandboxHeapMb: number;
  maxCandidates: number;
  maxCasesPerUnit: number;
  seed: number;
  onProgress: (event: ProgressEvent) => void;
  templates: TestTemplates | undefined;
  property: boolean;
  validate: boolean;
  validateRuns: number;
  validateTimeoutMs: number;
  coverageTarget: number;
  maxIterations: number;
}

export type FileOptions = ResolvedOptions & { framework: Framework };
