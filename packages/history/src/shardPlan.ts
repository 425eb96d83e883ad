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
  /** Sum of the estimated costs of its files, in milliseconds. */
  estimatedMs: number;
}

/** A duration-balanced assignment of files to shards (durations: see {@link estimateFileCosts}). */
export interface ShardPlan {
  shards: PlannedShard[];
  /** Estimated cost of each planned file (its whole time in a worker), in milliseconds. */
  estimates: Record<string, number>;
  /** Files with no recorded duration; they were given `medianMs`. */
  unknown: string[];
  /** Median of the known durations, given to unknown files. */
  medianMs: number;
  /**
   * Files whose records (from assay versions before whole-file costs) hold only their tests' time;
   * they were counted at that time plus `overheadMs`.
   */
  testsOnly: string[];
  /** Median per-file cost beyond the tests, from the files recorded with whole costs (0 without any). */
  overheadMs: number;
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

/** One file's recorded time in one run. */
interface FileSample {
  /** The file's whole cost when `whole`, else its tests' time (records written before `testsMs`). */
  ms: number;
  whole: boolean;
  /** The tests' time alongside a whole cost: `ms - testsMs` is what the file costs beyond its tests. */
  testsMs?: number;
}

function isDuration(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * Each file's time in one record. A file entry with `testsMs` holds the whole cost in `durationMs`;
 * older entries hold only the tests' time, and files with no entry count the sum of their tests.
 */
function fileSamples(record: RunRecord): Map<string, FileSample> {
  const samples = new Map<string, FileSample>();
  for (const test of record.tests) {
    const separator = test.id.indexOf('::');
    if (separator < 0) continue;
    const file = test.id.slice(0, separator);
    const ms = (samples.get(file)?.ms ?? 0) + Math.max(0, test.durationMs);
    samples.set(file, { ms, whole: false });
  }
  for (const [file, info] of Object.entries(record.files)) {
    if (!isDuration(info.durationMs)) continue;
    samples.set(
      file,
      isDuration(info.testsMs)
        ? { ms: info.durationMs, whole: true, testsMs: info.testsMs }
        : { ms: info.durationMs, whole: false },
    );
  }
  return samples;
}

/** Estimated cost per file from recorded runs, and how the estimates were made. */
export interface FileEstimates {
  /** Estimated cost of each recorded file, in milliseconds. */
  estimates: Map<string, number>;
  /**
   * Files whose records hold only their tests' time (written before assay recorded whole costs):
   * their estimate is that time plus `overheadMs`.
   */
  testsOnly: Set<string>;
  /**
   * Median time a file costs beyond its tests (environment, import, collection), from the files with
   * whole costs; 0 when no file has one.
   */
  overheadMs: number;
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Estimated cost per file from recorded runs: the mean of the file's last `samples` recorded whole
 * costs (newest runs first), from `runner`'s runs when it recorded the file. A file recorded only by
 * older versions, which kept the tests' time alone, is estimated as that time plus the median
 * per-file overhead of the files that have whole costs, so both kinds weigh alike in one plan.
 */
export function estimateFileCosts(
  records: readonly RunRecord[],
  options: { runner?: string; samples?: number } = {},
): FileEstimates {
  const samples = options.samples ?? SHARD_PLAN_SAMPLES;
  const newestFirst = completeShardRuns(records).sort(
    (a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt) || (a.runId < b.runId ? -1 : 1),
  );
  type Samples = { whole: FileSample[]; testsOnly: FileSample[] };
  const seen = new Map<string, Samples>();
  const other = new Map<string, Samples>();
  for (const record of newestFirst) {
    const target = options.runner === undefined || record.runner.name === options.runner ? seen : other;
    for (const [file, sample] of fileSamples(record)) {
      const lists = target.get(file) ?? { whole: [], testsOnly: [] };
      const list = sample.whole ? lists.whole : lists.testsOnly;
      if (list.length < samples) list.push(sample);
      target.set(file, lists);
    }
  }
  for (const [file, lists] of other) if (!seen.has(file)) seen.set(file, lists);
  const estimates = new Map<string, number>();
  const testsOnly = new Set<string>();
  const overheads: number[] = [];
  for (const [file, lists] of seen) {
    // Whole costs win over older tests-only samples of the same file, however recent those are.
    if (lists.whole.length > 0) {
      estimates.set(file, mean(lists.whole.map((s) => s.ms)));
      overheads.push(mean(lists.whole.map((s) => Math.max(0, s.ms - (s.testsMs ?? s.ms)))));
    } else {
      estimates.set(file, mean(lists.testsOnly.map((s) => s.ms)));
      testsOnly.add(file);
    }
  }
  const overheadMs = overheads.length > 0 ? median(overheads) : 0;
  for (const file of testsOnly) estimates.set(file, estimates.get(file)! + overheadMs);
  return { estimates, testsOnly, overheadMs };
}

/**
 * Estimated cost per file from recorded runs (see {@link estimateFileCosts}), in milliseconds.
 */
export function recordedFileDurations(
  records: readonly RunRecord[],
  options: { runner?: string; samples?: number } = {},
): Map<string, number> {
  return estimateFileCosts(records, options).estimates;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Assigns files to `count` shards by recorded duration, longest first, each to the shard with the
 * least estimated time so far (ties: fewer files, then lower index). A file's duration is its whole
 * cost in a worker (environment, set-up files, import and collection, tests), estimated by
 * {@link estimateFileCosts}: in suites of many small files that cost dwarfs the tests' own time.
 * Files are keyed by their posix path relative to the project root, so every shard, on any machine,
 * given the same history and the same files in any order, computes the same plan. Files with no
 * recorded duration get the median of the known ones.
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
  const { estimates: recorded, testsOnly, overheadMs } = estimateFileCosts(records, options);
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
  return {
    shards,
    estimates,
    unknown: keys.filter((file) => !recorded.has(file)),
    medianMs,
    testsOnly: keys.filter((file) => testsOnly.has(file)),
    overheadMs,
  };
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
  const testsOnly = plan.testsOnly.length
    ? `; ${plan.testsOnly.length} file(s) recorded by an older assay counted with their tests' time + ${seconds(plan.overheadMs)}`
    : '';
  return (
    `assay: shard ${index}/${plan.shards.length} by recorded durations: ${shard.files.length} file(s), ` +
    `~${seconds(shard.estimatedMs)} (shards ~${seconds(Math.min(...times))}–${seconds(Math.max(...times))})${unknown}${testsOnly}`
  );
}
