// The shard loop both sharding benchmarks share (run.mjs: a generated suite; outside.mjs: a real one).
import { cpSync, rmSync } from 'node:fs';

/** Slowest over mean of `values` (1.000 = perfectly even), to 3 decimals. */
export function slowestOverMean(values) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Number((Math.max(...values) / mean).toFixed(3));
}

/** Replaces folder `to` with a copy of folder `from` (a run history). */
export function copyHistory(from, to) {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}

/**
 * Runs `rounds` rounds; each runs the `count` shards of every split in `splits`, one shard after
 * another, the order of the splits flipping each round so drift in machine load hits them alike.
 * Before each shard the history folder `runs` is restored from `history`, as CI jobs restoring one
 * cache do. `runShard(split, index)` runs shard `index` (1-based) and resolves with an object whose
 * `files` lists the files it ran; the shards of each split must run every file of `expected` exactly
 * once. `summarize(split, shards, round)` turns a split's shards into the round's entry;
 * `onRound(rounds)` sees the rounds so far after each one (to save them).
 */
export async function shardRounds({
  rounds,
  count,
  splits = ['assay', 'builtin'],
  runs,
  history,
  expected,
  runShard,
  summarize,
  onRound,
}) {
  const done = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? splits : [...splits].reverse();
    const round = {};
    for (const split of order) {
      const shards = [];
      for (let index = 1; index <= count; index++) {
        copyHistory(history, runs);
        shards.push(await runShard(split, index));
      }
      const all = shards.flatMap((s) => s.files);
      const want = new Set(expected);
      if (all.length !== want.size || new Set(all).size !== want.size || all.some((f) => !want.has(f))) {
        throw new Error(
          `${split}: shards ran ${all.length} files (${new Set(all).size} distinct), expected the ${want.size} files once each`,
        );
      }
      round[split] = summarize(split, shards, r);
    }
    done.push(round);
    await onRound?.(done);
  }
  return done;
}
