import { DEFAULT_RUN_OPTIONS, type RunOptions } from '@assay/history/worker';

/**
 * Options of `@assay/jest-plugin`, given once as the reporter's options:
 * `reporters: ['default', ['@assay/jest-plugin/reporter', { retry: 2 }]]`. The environment and the
 * setup file read them from Jest's config, so there is one place to configure assay. Every field is
 * optional; the shared ones ({@link RunOptions}) mean the same as for `@assay/vitest-plugin`.
 */
export interface AssayJestOptions extends RunOptions {
  /**
   * Project root: test ids are relative to it and `.assay/` lives in it.
   * @default Jest's `rootDir`
   */
  root?: string;
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
  /**
   * Print the end-of-run summary (new flaky tests, quarantined failures, broken tests) on stderr,
   * where Jest prints its own report.
   * @default true
   */
  summary?: boolean;
  /**
   * Memory budget shown in the end-of-run summary next to the peak seen. Set by `withAssay(config,
   * { memoryBudget })` from `@assay/jest-plugin/config`, which also applies it (workers, heap limit).
   * @default undefined
   */
  memoryBudget?: string | number;
}

/** Default values of the options, as values. */
export const DEFAULT_OPTIONS = DEFAULT_RUN_OPTIONS;
