import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newRunId, RUN_FORMAT, type RunRecord, RunStore, type TestResult } from '@assay/history';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** Runs the built CLI, as users do (without the NODE_PATH pnpm's shims give this test process). */
export function assay(args: string[], cwd: string) {
  const { NODE_PATH: _, ...env } = process.env;
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempProject(): string {
  return mkdtempSync(join(tmpdir(), 'assay-cli-'));
}

let clock = Date.parse('2026-03-01T00:00:00Z');

/** Records runs of tests in a project; `outcomes` maps a test id to a string like "PPFR" (one letter per run). */
export async function recordRuns(
  root: string,
  outcomes: Record<string, string>,
  extra: Partial<RunRecord> = {},
) {
  const length = Math.max(...Object.values(outcomes).map((o) => o.length));
  const store = RunStore.forRoot(root);
  for (let i = 0; i < length; i++) {
    clock += 60_000;
    const tests: TestResult[] = [];
    for (const [id, pattern] of Object.entries(outcomes)) {
      const ch = pattern[i];
      if (!ch) continue;
      tests.push({ id, state: ch === 'F' ? 'failed' : 'passed', durationMs: 1, retries: ch === 'R' ? 1 : 0 });
    }
    await store.write({
      format: RUN_FORMAT,
      runId: newRunId(),
      startedAt: new Date(clock).toISOString(),
      finishedAt: new Date(clock + 500).toISOString(),
      runner: { name: 'vitest', version: '4.1.12' },
      files: {},
      workers: [],
      tests,
      ...extra,
    });
  }
}
