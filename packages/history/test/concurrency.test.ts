import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { RunStore, readQuarantine } from '../src/index.js';
import { tempDir } from './helpers.js';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

function node(script: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, ...args], {
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

const writer = `
import { RunStore, RUN_FORMAT, newRunId } from ${JSON.stringify(dist)};
const [root, who, count] = process.argv.slice(1);
const store = RunStore.forRoot(root);
await Promise.all(Array.from({ length: Number(count) }, (_, i) => store.write({
  format: RUN_FORMAT, runId: newRunId(), startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(),
  runner: { name: 'test', version: '0' }, files: {}, workers: [],
  tests: [{ id: 'w.test.ts::' + who + '-' + i, state: 'passed', durationMs: 0, retries: 0 }],
})));
`;

const quarantiner = `
import { updateQuarantine, addEntry } from ${JSON.stringify(dist)};
const [root, who] = process.argv.slice(1);
await updateQuarantine(root, (list) => addEntry(list, { id: 'q.test.ts::' + who, reason: 'test', since: '2026-01-01' }));
`;

describe('concurrent writers', () => {
  test('many processes recording runs at the same moment lose nothing', async () => {
    const root = await tempDir();
    const processes = 16;
    const each = 25;
    const codes = await Promise.all(
      Array.from({ length: processes }, (_, p) => node(writer, [root, `p${p}`, String(each)])),
    );
    expect(codes.every((c) => c === 0)).toBe(true);
    const { runs, problems } = await RunStore.forRoot(root).read();
    expect(problems).toEqual([]);
    const ids = new Set(runs.flatMap((r) => r.record.tests.map((t) => t.id)));
    expect(ids.size).toBe(processes * each);
  });

  test('parallel quarantine updates each land, thanks to the lock', async () => {
    const root = await tempDir();
    const codes = await Promise.all(Array.from({ length: 8 }, (_, p) => node(quarantiner, [root, `p${p}`])));
    expect(codes.every((c) => c === 0)).toBe(true);
    const list = await readQuarantine(root);
    expect(list.tests.map((t) => t.id).sort()).toEqual(
      Array.from({ length: 8 }, (_, p) => `q.test.ts::p${p}`).sort(),
    );
  });
});
