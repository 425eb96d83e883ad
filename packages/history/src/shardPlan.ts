import type { RunRecord } from './types.js';

/** How many of a file's most recent recorded durations are averaged into its estimate. */
export const SHARD_PLAN_SAMPLES = 5;

/** Options of {@link planShards}. */
export interface ShardPlanOptions {
  /** Number of shards (`n` in `--shard=i/n`). */
  count: number;
  /**
   * Prefer durations recorded by this runner (`'vitest'`, `'jest'`); durations of other runners are
   * used only when this runner recorded none.
   */
  runner?: string;
  /** Recorded durations averaged per file, newest first. @default 5 */
  samples?: number;
}

/** One shard of a plan. */
export interface PlannedShard {
  /** 1-based index, as in `--shard=i/n`. */
  index: number;
  /** Keys of the files this shard runs, in planning order (longest first). */
  files: string[];
  /** Sum of the estimated durations of its files, in milliseconds. */
  estimatedMs: number;
}

/** A duration-balanced assignment of files to shards. */
export interface ShardPlan {
  shards: PlannedShard[];
  /** Estimated duration of each planned file, in milliseconds. */
  estimates: Record<string, number>;
  /** Files with no recorded duration; they were given `medianMs`. */
  unknown: string[];
  /** Median of the known durations, given to unknown files. */
  medianMs: number;
}

/** A sharded record's group: the shards of one sharded run share runner, commit and shard count. */
function shardGroup(record: RunRecord): string | undefined {
  if (!record.shard) return undefined;
  return JSON.stringify([record.runner.name, record.commit ?? '', record.dirty ?? false, record.shard.count]);
}

/**
 * Leaves out the records of shard runs whose sibling shards have not all recorded yet. Shards run one
 * after another on one machine would otherwise plan from different histories (shard 2 would see the
 * record shard 1 just wrote) and could run a file twice or not at all. Within a group of sibling
 * shards (same runner, commit and count), each index keeps as many records as the least-recorded
 * index has; the newest extras wait until their siblings catch up.
 */
export function completeShardRuns(records: readonly RunRecord[]): RunRecord[] {
  const groups = new Map<string, { count: number; byIndex: Map<number, RunRecord[]> }>();
  for (const record of records) {
    const key = shardGroup(record);
    if (key === undefined) continue;
    const group = groups.get(key) ?? { count: record.shard!.count, byIndex: new Map<number, RunRecord[]>() };
    const list = group.byIndex.get(record.shard!.index) ?? [];
    list.push(record);
    group.byIndex.set(record.shard!.index, list);
    groups.set(key, group);
  }
  const dropped = new Set<RunRecord>();
  for (const { count, byIndex } of groups.values()) {
    let complete = Number.POSITIVE_INFINITY;
    for (let index = 1; index <= count; index++)
      complete = Math.min(complete, byIndex.get(index)?.length ?? 0);
    for (const list of byIndex.values()) {
      const ordered = [...list].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
      for (const extra of ordered.slice(complete)) dropped.add(extra);
    }
  }
  return records.filter((record) => !dropped.has(record));
}

/** Duration of each file in one record: the file's own time, else the sum of its tests' times. */
function fileDurations(record: RunRecord): Map<string, number> {
  const durations = new Map<string, number>();
  const sums = new Map<string, number>();
  for (const test of record.tests) {
    const separator = test.id.indexOf('::');
    if (separator < 0) continue;
    const file = test.id.slice(0, separator);
    sums.set(file, (sums.get(file) ?? 0) + Math.max(0, test.durationMs));
  }
  for (const [file, sum] of sums) durations.set(file, sum);
  for (const [file, info] of Object.entries(record.files)) {
    if (typeof info.durationMs === 'number' && Number.isFinite(info.durationMs) && info.durationMs >= 0) {
      durations.set(file, info.durationMs);
    }
  }
  return durations;
}

/**
 * Estimated duration per file from recorded runs: the mean of the file's last `samples` recorded
 * durations (newest runs first), from `runner`'s runs when it recorded the file.
 */
export function recordedFileDurations(
  records: readonly RunRecord[],
  options: { runner?: string; samples?: number } = {},
): Map<string, number> {
  const samples = options.samples ?? SHARD_PLAN_SAMPLES;
  const newestFirst = completeShardRuns(records).sort(
    (a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt) || (a.runId < b.runId ? -1 : 1),
  );
  const seen = new Map<string, number[]>();
  const other = new Map<string, number[]>();
  for (const record of newestFirst) {
    const target = options.runner === undefined || record.runner.name === options.runner ? seen : other;
    for (const [file, ms] of fileDurations(record)) {
      const list = target.get(file) ?? [];
      if (list.length < samples) list.push(ms);
      target.set(file, list);
    }
  }
  const estimates = new Map<string, number>();
  for (const [file, list] of other) if (!seen.has(file)) seen.set(file, list);
  for (const [file, list] of seen) estimates.set(file, list.reduce((a, b) => a + b, 0) / list.length);
  return estimates;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Assigns files to `count` shards by recorded duration, longest first, each to the shard with the
 * least estimated time so far (ties: fewer files, then lower index). Files are keyed by their posix
 * path relative to the project root, so every shard, on any machine, given the same history and the
 * same files in any order, computes the same plan. Files with no recorded duration get the median
 * of the known ones.
 *
 * Returns `null` when none of the files has a recorded duration: then the runner's own split is as
 * good as any, and the caller should use it.
 *
 * @example
 * const { runs } = await RunStore.forRoot(root).read();
 * const plan = planShards(['a.test.ts', 'b.test.ts', 'c.test.ts'], runs.map((r) => r.record), { count: 2 });
 * plan?.shards[0].files; // e.g. ['b.test.ts'] when b takes as long as a and c together
 */
export function planShards(
  files: readonly string[],
  records: readonly RunRecord[],
  options: ShardPlanOptions,
): ShardPlan | null {
  const { count } = options;
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`shard count ${count} is not a whole number ≥ 1`);
  const recorded = recordedFileDurations(records, options);
  const keys = [...new Set(files)].sort();
  const known = keys.filter((file) => recorded.has(file));
  if (known.length === 0) return null;
  const medianMs = median(known.map((file) => recorded.get(file)!));
  const estimates: Record<string, number> = {};
  for (const file of keys) estimates[file] = recorded.get(file) ?? medianMs;
  const order = [...keys].sort((a, b) => estimates[b]! - estimates[a]! || (a < b ? -1 : a > b ? 1 : 0));
  const shards: PlannedShard[] = Array.from({ length: count }, (_, i) => ({
    index: i + 1,
    files: [],
    estimatedMs: 0,
  }));
  for (const file of order) {
    let target = shards[0]!;
    for (const shard of shards) {
      if (
        shard.estimatedMs < target.estimatedMs ||
        (shard.estimatedMs === target.estimatedMs && shard.files.length < target.files.length)
      ) {
        target = shard;
      }
    }
    target.files.push(file);
    target.estimatedMs += estimates[file]!;
  }
  return { shards, estimates, unknown: keys.filter((file) => !recorded.has(file)), medianMs };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * One line for the runner's output saying what a shard runs and why.
 *
 * @example
 * formatShardLine(plan, 2);
 * // 'assay: shard 2/4 by recorded durations: 11 files, ~12.3 s (shards ~12.1–12.5 s)'
 */
export function formatShardLine(plan: ShardPlan, index: number): string {
  const shard = plan.shards[index - 1]!;
  const times = plan.shards.map((s) => s.estimatedMs);
  const unknown = plan.unknown.length
    ? `; ${plan.unknown.length} file(s) without history counted at the median ${seconds(plan.medianMs)}`
    : '';
  return (
    `assay: shard ${index}/${plan.shards.length} by recorded durations: ${shard.files.length} file(s), ` +
    `~${seconds(shard.estimatedMs)} (shards ~${seconds(Math.min(...times))}–${seconds(Math.max(...times))})${unknown}`
  );
}
