import type { QuarantineMode, QuarantinePolicy, VerdictThresholds } from '@assay/history';

/**
 * Options of `@assay/jest-plugin`, given once as the reporter's options:
 * `reporters: ['default', ['@assay/jest-plugin/reporter', { retry: 2 }]]`. The environment and the
 * setup file read them from Jest's config, so there is one place to configure assay. Every field is
 * optional; names and meanings are those of `@assay/vitest-plugin`.
 */
export interface AssayJestOptions {
  /**
   * Project root: test ids are relative to it and `.assay/` lives in it.
   * @default Jest's `rootDir`
   */
  root?: string;
  /**
   * Write a run record to `.assay/runs/` at the end of each run. Watch-mode reruns are recorded only
   * when this is `'always'`.
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
   * Retries for failing tests (`jest.retryTimes`, applied by `@assay/jest-plugin/setup`). A test that
   * passes only after a retry is flaky.
   * @default 0
   */
  retry?: number;
  /**
   * Early flake detection (run new tests several times). Not available with Jest yet: jest-circus
   * cannot repeat a passing test. Setting it stops the run with `ASSAY_JEST_OPTION_UNSUPPORTED`.
   */
  earlyFlakeDetection?: boolean | { runs?: number };
  /** Thresholds of the flaky and broken verdicts. */
  thresholds?: Partial<VerdictThresholds>;
  /**
   * Results kept per test when the history is compacted at the end of a run.
   * @default 50
   */
  keep?: number;
  /**
   * Print the end-of-run summary (new flaky tests, quarantined failures, broken tests) on stderr,
   * where Jest prints its own report.
   * @default true
   */
  summary?: boolean;
  /**
   * Append a Markdown summary to `$GITHUB_STEP_SUMMARY` when that variable is set.
   * @default true
   */
  githubSummary?: boolean;
  /**
   * Memory budget shown in the end-of-run summary next to the peak seen. Set by `withAssay(config,
   * { memoryBudget })` from `@assay/jest-plugin/config`, which also applies it (workers, heap limit).
   * @default undefined
   */
  memoryBudget?: string | number;
}

/** Default values of the options, as values. */
export const DEFAULT_OPTIONS = Object.freeze({
  record: true,
  keep: 50,
  summary: true,
  githubSummary: true,
  retry: 0,
});
