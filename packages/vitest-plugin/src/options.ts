import type { QuarantineMode, QuarantinePolicy, VerdictThresholds } from '@assay/history';

/** Options of `assay()` in `vitest.config.ts`. Every field is optional. */
export interface AssayVitestOptions {
  /**
   * Project root: test ids are relative to it and `.assay/` lives in it.
   * @default Vitest's `root`
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
   * Append a Markdown summary to `$GITHUB_STEP_SUMMARY` when that variable is set.
   * @default true
   */
  githubSummary?: boolean;
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
  record: true,
  keep: 50,
  summary: true,
  githubSummary: true,
  earlyFlakeDetectionRuns: 5,
  shard: 'duration',
} as const);
