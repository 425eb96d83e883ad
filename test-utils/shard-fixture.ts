// Shared by the Vitest and Jest sharding end-to-end tests (the Jest plugin's test imports it).
import { planShards, RUN_FORMAT, RunStore } from '@assay/history';
import { expect } from 'vitest';

/** Recorded durations (ms): longest first onto the least loaded of 2 shards gives {a,d,e} and {b,c,f}. */
export const DURATIONS: Record<string, number> = { a: 600, b: 500, c: 400, d: 300, e: 200, f: 100 };

/** Where the fixture's recorded run goes. */
export const HISTORY_FILE = '.assay/runs/20261120T100000000Z-aaaaaaaaaaaa.json';

/** Test files `src/<name>.test.<ext>` for the names in {@link DURATIONS}. */
export function shardFiles(ext: string): string[] {
  return Object.keys(DURATIONS).map((name) => `src/${name}.test.${ext}`);
}

/** One recorded run of `files` by `runner` with the durations above and, optionally, worker peaks. */
export function shardHistory(
  files: string[],
  runner: string,
  workers: { id: string; peakRssBytes: number; peakHeapBytes: number }[] = [],
): string {
  return JSON.stringify({
    format: RUN_FORMAT,
    runId: 'aaaaaaaaaaaa',
    startedAt: '2026-11-20T10:00:00.000Z',
    finishedAt: '2026-11-20T10:00:03.000Z',
    runner: { name: runner, version: '0.0.0' },
    files: Object.fromEntries(files.map((file, i) => [file, { durationMs: Object.values(DURATIONS)[i] }])),
    workers,
    tests: files.map((file) => ({ id: `${file}::runs`, state: 'passed', durationMs: 1, retries: 0 })),
  });
}

/** How long the heavy file of {@link importCostSuite} blocks while it is imported. */
export const IMPORT_MS = 1000;

/**
 * Four test files whose tests take no time; `src/heavy.test.<ext>` blocks for {@link IMPORT_MS} at
 * import, as a file with a costly import or transform does. Planned by the tests' time it would look
 * like the lightest file; planned by its whole cost it fills a shard of 2 on its own.
 */
export function importCostSuite(ext: string, header: string): Record<string, string> {
  const block = `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${IMPORT_MS});\n`;
  const files: Record<string, string> = {
    [`src/heavy.test.${ext}`]: `${header}${block}test('runs', () => {});\n`,
  };
  for (const name of ['x', 'y', 'z']) files[`src/${name}.test.${ext}`] = `${header}test('runs', () => {});\n`;
  return files;
}

/**
 * The file with the largest recorded whole cost in the first run: the heavy file on a quiet machine, but
 * on a loaded one a light file's import (transform, module load) can take longer than the heavy file's
 * fixed wait, and the plan must follow what was recorded.
 */
export async function costliestFile(root: string): Promise<string> {
  const { runs } = await RunStore.forRoot(root).read();
  const files = Object.entries(runs[0]!.record.files);
  files.sort(([, a], [, b]) => (b.durationMs ?? 0) - (a.durationMs ?? 0));
  return files[0]![0];
}

/**
 * Checks the record of a full run of {@link importCostSuite}: each file holds its whole cost and its
 * tests' time apart, the heavy file's import in the first and not in the second.
 */
export async function expectImportCosts(root: string, ext: string): Promise<void> {
  const { runs } = await RunStore.forRoot(root).read();
  const files = runs[0]!.record.files;
  expect(files[`src/heavy.test.${ext}`]!.durationMs).toBeGreaterThanOrEqual(IMPORT_MS);
  expect(files[`src/heavy.test.${ext}`]!.testsMs).toBeLessThan(IMPORT_MS / 2);
  for (const name of ['x', 'y', 'z']) {
    const info = files[`src/${name}.test.${ext}`]!;
    expect(info.testsMs).toBeTypeOf('number');
    expect(info.durationMs).toBeGreaterThanOrEqual(info.testsMs!);
  }
}

/**
 * The files shard `index` of `count` must run, from the plan over the recorded history: what the
 * sequencer computes. A test compares the files a shard ran with it, whatever the machine's load made
 * the recorded costs.
 */
export async function plannedShard(
  root: string,
  files: string[],
  index: number,
  count: number,
  runner: string,
): Promise<string[]> {
  const { runs } = await RunStore.forRoot(root).read();
  const plan = planShards(
    files,
    runs.map((run) => run.record),
    { count, runner },
  );
  return [...(plan?.shards.find((shard) => shard.index === index)?.files ?? [])].sort();
}
