import { DEFAULT_RUN_OPTIONS, type RunOptions } from '@assay/history';

/**
 * Options of `assay()` in `vitest.config.ts`. Every field is optional; the shared ones
 * ({@link RunOptions}: record, quarantine, thresholds, keep, summary, githubSummary) mean the same as
 * for `@assay/jest-plugin`.
 */
export interface AssayVitestOptions extends RunOptions {
  /**
   * Project root: test ids are relative to it and `.assay/` lives in it.
   * @default Vitest's `root`
   */
  root?: string;
  /**
   * Retries for failing tests (Vitest's `retry`). A test that passes only after a retry is flaky.
   * @default Vitest's own setting (0)
   */
  retry?: number;
  /**
   * Early flake detection: run tests the history has never seen several times, so a new flaky test is
   * caught before it lands. `true` means 5 runs. Off on the first run of a project (no history).
   * @default false
   */
  earlyFlakeDetection?: boolean | { runs?: number };
  /**
   * How `--shard=i/n` splits the test files. `'duration'`: by the durations recorded in
   * `.assay/runs/`, longest first onto the least loaded shard, so shards finish together; files never
   * recorded count as the median; with no recorded durations at all Vitest's own split is used.
   * `'count'`: Vitest's own split. Only acts when `--shard` is given; a `sequence.sequencer` or
   * `sequence.shuffle.files` of your own is kept (then Vitest splits).
   * @default 'duration'
   */
  shard?: 'duration' | 'count';
  /**
   * Memory budget of the whole run: `'4GB'`, `'512MB'` or a number of bytes. From the per-worker peaks
   * recorded in `.assay/runs/`, assay sets `maxWorkers` and each forked worker's heap limit
   * (`--max-old-space-size`) so the main process plus the workers at their peaks stay inside it. The
   * end-of-run summary shows the peak seen against the budget.
   * @default undefined (no budget: Vitest's worker count, no heap limit)
   */
  memoryBudget?: string | number;
}

/** Default values of the options, as values. */
export const DEFAULT_OPTIONS = Object.freeze({
  record: DEFAULT_RUN_OPTIONS.record,
  keep: DEFAULT_RUN_OPTIONS.keep,
  summary: DEFAULT_RUN_OPTIONS.summary,
  githubSummary: DEFAULT_RUN_OPTIONS.githubSummary,
  earlyFlakeDetectionRuns: 5,
  shard: 'duration',
} as const);
