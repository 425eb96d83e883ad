/** The per-file timings Jest reports (`perfStats`); Jest 30 adds the environment's load. */
export interface PerfStats {
  start?: number;
  end?: number;
  runtime?: number;
  loadTestEnvironmentStart?: number;
}

/**
 * A test file's whole cost in milliseconds, what shard plans weigh it by. Measured from the moment
 * Jest handed the file to a worker (`onTestFileStart`, `startedAt`) to its result (`endedAt`), so it
 * counts the environment's load, the transform and import of the file, set-up files, tests and
 * teardown. Jest's `perfStats.runtime` starts after the environment is loaded; it is the fallback
 * when no start was seen, extended to the environment's load where Jest 30 reports it.
 */
export function fileCostMs(startedAt: number | undefined, endedAt: number, perf: PerfStats): number {
  if (startedAt !== undefined && endedAt >= startedAt) return Math.round(endedAt - startedAt);
  const from = perf.loadTestEnvironmentStart ?? perf.start;
  if (from !== undefined && perf.end !== undefined) return Math.max(0, Math.round(perf.end - from));
  return Math.max(0, Math.round(perf.runtime ?? 0));
}
