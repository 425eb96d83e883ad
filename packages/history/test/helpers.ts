import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newRunId, RUN_FORMAT, type RunRecord, type TestResult } from '../src/index.js';

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'assay-history-'));
}

let clock = Date.parse('2026-01-01T00:00:00Z');

/** A run record with the given tests; each call starts one minute after the previous one. */
export function run(tests: Partial<TestResult>[], extra: Partial<RunRecord> = {}): RunRecord {
  clock += 60_000;
  return {
    format: RUN_FORMAT,
    runId: newRunId(),
    startedAt: new Date(clock).toISOString(),
    finishedAt: new Date(clock + 1000).toISOString(),
    runner: { name: 'vitest', version: '4.1.12' },
    files: {},
    workers: [],
    tests: tests.map((t) => ({ id: 'a.test.ts::t', state: 'passed', durationMs: 1, retries: 0, ...t })),
    ...extra,
  };
}

/** Runs of one test from a string of outcomes: P passed, F failed, R passed after one retry, S skipped. */
export function runsOf(pattern: string, id = 'a.test.ts::t', extra: Partial<RunRecord> = {}): RunRecord[] {
  return [...pattern].map((ch) =>
    run(
      [
        {
          id,
          state: ch === 'F' ? 'failed' : ch === 'S' ? 'skipped' : 'passed',
          retries: ch === 'R' ? 1 : 0,
        },
      ],
      extra,
    ),
  );
}
