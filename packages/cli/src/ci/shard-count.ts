// How many CI shards a suite needs, from the test-file costs the history recorded.
import { type RunRecord, recordedFileDurations } from '@assay/history';

/** Test-file time one shard should take (the sum of its files' recorded costs). */
export const TARGET_SHARD_MS = 5 * 60_000;
/** Most shards `assay ci` suggests on its own (`--shards` may ask for more). */
export const MAX_SHARDS = 8;

/** The suggested shard count and what it rests on. */
export interface ShardCount {
  count: number;
  /** Sum of the recorded files' estimated costs, in milliseconds (0 with no history). */
  totalMs: number;
  /** Test files with a recorded cost. */
  files: number;
}

/**
 * Shards so that each takes about {@link TARGET_SHARD_MS} of recorded test-file time: the sum of the
 * files' estimated costs (`recordedFileDurations`, the estimate shard plans use) divided by the
 * target, rounded up, between 1 and {@link MAX_SHARDS} and never more than the files. No recorded
 * durations: 1.
 */
export function suggestShards(records: readonly RunRecord[], targetMs = TARGET_SHARD_MS): ShardCount {
  const costs = [...recordedFileDurations(records).values()];
  const totalMs = Math.round(costs.reduce((a, b) => a + b, 0));
  const count = Math.max(1, Math.min(MAX_SHARDS, costs.length, Math.ceil(totalMs / targetMs)));
  return { count, totalMs, files: costs.length };
}
