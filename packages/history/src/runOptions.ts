// The options every runner plugin takes (each plugin adds its own and words the docs for its runner),
// their defaults and one check of them.
import { OptionError } from './errors.js';
import { parseMemoryBudget } from './memorySize.js';
import type { QuarantinePolicy } from './policy.js';
import { resolvePolicy } from './policy.js';
import { type QuarantineMode, resolveQuarantineMode } from './quarantine.js';
import { recordingOffByEnv } from './recording.js';
import { resolveThresholds, type VerdictThresholds } from './verdicts.js';

/** Options shared by `@assay/vitest-plugin` and `@assay/jest-plugin`. Every field is optional. */
export interface RunOptions {
  /**
   * Project root: test ids are relative to it and `.assay/` lives in it.
   * @default the runner's root
   */
  root?: string;
  /**
   * Write a run record to `.assay/runs/` at the end of each run. Watch-mode reruns are recorded only
   * when this is `'always'`. `ASSAY_RECORD=off` turns recording off whatever this says.
   * @default true
   */
  record?: boolean | 'always';
  /** Quarantine mode and policies. */
  quarantine?: {
    /**
     * `report`: quarantined tests run and are recorded, their failures do not fail the build;
     * `skip`: they do not run; `off`: the list is ignored. `ASSAY_QUARANTINE` overrides it.
     * @default 'report'
     */
    mode?: QuarantineMode;
  } & QuarantinePolicy;
  /**
   * Retries for failing tests. A test that passes only after a retry is flaky.
   * @default 0
   */
  retry?: number;
  /** Thresholds of the flaky and broken verdicts. */
  thresholds?: Partial<VerdictThresholds>;
  /**
   * Results kept per test when the history is compacted at the end of a run.
   * @default 50
   */
  keep?: number;
  /**
   * Print the end-of-run summary (new flaky tests, quarantined failures, broken tests).
   * @default true
   */
  summary?: boolean;
  /**
   * Append a Markdown summary to `$GITHUB_STEP_SUMMARY` when that variable names an existing file.
   * @default true
   */
  githubSummary?: boolean;
  /**
   * Memory budget of the whole run: `'4GB'`, `'512MB'` or a number of bytes.
   * @default undefined (no budget)
   */
  memoryBudget?: string | number;
  /**
   * Write the run's results as JUnit XML to this path (relative to the root), for CI systems' test
   * reports: quarantined tests marked (`<skipped>` in skip mode, a property and `<system-out>` note in
   * report mode, never a failure), tests that passed on a retry marked `<flakyFailure>` (Surefire's
   * convention). Written also when the run is not recorded. See docs/ci.md.
   * @default undefined (no JUnit file)
   * @example 'reports/junit.xml'
   */
  junit?: string;
}

/** Default values of the shared options. */
export const DEFAULT_RUN_OPTIONS = Object.freeze({
  record: true,
  keep: 50,
  summary: true,
  githubSummary: true,
  retry: 0,
} as const);

/**
 * Checks the shared options, so a typo fails before any test runs. `where(field)` names the option
 * as the user wrote it, e.g. `assay({ keep })`. Throws an {@link OptionError}.
 *
 * @example
 * validateRunOptions({ keep: 0 }, (field) => `assay({ ${field} })`); // throws: assay({ keep }): 0 is not …
 */
export function validateRunOptions(options: RunOptions, where: (field: string) => string): void {
  resolveThresholds(options.thresholds, where('thresholds'));
  resolvePolicy(options.quarantine, where('quarantine'));
  resolveQuarantineMode(options.quarantine?.mode);
  for (const [field, min] of [
    ['keep', 1],
    ['retry', 0],
  ] as const) {
    const value = options[field];
    if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
      throw new OptionError(where(field), `${value} is not a whole number ≥ ${min}`);
    }
  }
  if (
    options.junit !== undefined &&
    (typeof options.junit !== 'string' || options.junit.trim() === '' || /[\\/]$/.test(options.junit))
  ) {
    throw new OptionError(
      where('junit'),
      `${JSON.stringify(options.junit)} is not a file path (e.g. 'reports/junit.xml')`,
    );
  }
  if (options.memoryBudget !== undefined) parseMemoryBudget(options.memoryBudget, where('memoryBudget'));
}

/** Whether a run is recorded: the `record` option, watch-mode reruns only with `'always'`, `ASSAY_RECORD`. */
export function shouldRecord(record: RunOptions['record'], watching: boolean): boolean {
  const value = record ?? DEFAULT_RUN_OPTIONS.record;
  return value !== false && (!watching || value === 'always') && !recordingOffByEnv();
}
