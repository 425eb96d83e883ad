// Shared by the Vitest and Jest sharding end-to-end tests (the Jest plugin's test imports it).
import { RUN_FORMAT } from '@assay/history';

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
