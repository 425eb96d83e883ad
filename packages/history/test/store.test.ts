import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { mergeHistories, RunStore, runFileName, runsDir } from '../src/index.js';
import { run, tempDir } from './helpers.js';

describe('RunStore', () => {
  test('writes one file per run and reads the records back oldest first', async () => {
    const store = RunStore.forRoot(await tempDir());
    const first = run([{ id: 'a.test.ts::one' }]);
    const second = run([{ id: 'a.test.ts::two', state: 'failed' }]);
    await store.write(second);
    await store.write(first);
    const { runs, problems } = await store.read();
    expect(problems).toEqual([]);
    expect(runs.map((r) => r.record.runId)).toEqual([first.runId, second.runId]);
    expect(runs[1]!.record.tests[0]!.state).toBe('failed');
  });

  test('names shards of one run apart so shards never write the same file', () => {
    const base = run([]);
    const a = runFileName({ ...base, shard: { index: 1, count: 2 } });
    const b = runFileName({ ...base, shard: { index: 2, count: 2 } });
    expect(a).not.toBe(b);
    expect(a).toMatch(/shard1of2\.json$/);
  });

  test('a missing store reads as empty history', async () => {
    const store = RunStore.forRoot(join(await tempDir(), 'nowhere'));
    expect(await store.read()).toEqual({ runs: [], problems: [], warnings: [] });
  });

  test('a truncated file is reported by name and costs no other record', async () => {
    const root = await tempDir();
    const store = RunStore.forRoot(root);
    await store.write(run([{ id: 'a.test.ts::kept' }]));
    const broken = await store.write(run([{ id: 'a.test.ts::lost' }]));
    const text = await readFile(broken, 'utf8');
    await writeFile(broken, text.slice(0, text.length / 2));
    await store.write(run([{ id: 'a.test.ts::kept too' }]));

    const { runs, problems } = await store.read();
    expect(runs.map((r) => r.record.tests[0]!.id)).toEqual(['a.test.ts::kept', 'a.test.ts::kept too']);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.code).toBe('ASSAY_RUN_FILE_INVALID');
    expect(problems[0]!.message).toContain(broken.split('/').pop());
    expect(problems[0]!.message).toMatch(/cut short/);
    expect(problems[0]!.message).toMatch(/Delete it/);
  });

  test('a file of another format or shape is reported, not guessed at', async () => {
    const root = await tempDir();
    const dir = runsDir(root);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'a.json'), JSON.stringify({ format: 'other/9', tests: [] }));
    await writeFile(join(dir, 'b.json'), '[1, 2]');
    const { problems } = await RunStore.forRoot(root).read();
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/a\.json: unknown format "other\/9"/),
      expect.stringMatching(/b\.json: not a run record/),
    ]);
  });

  test('hand-edited test entries that are malformed are dropped with a warning; the rest of the file is kept', async () => {
    const store = RunStore.forRoot(await tempDir());
    const record = run([{ id: 'a.test.ts::good' }]);
    (record.tests as unknown[]).push({ id: 'a.test.ts::bad', state: 'maybe', durationMs: 1, retries: 0 });
    await store.write(record);
    const { runs, warnings } = await store.read();
    expect(runs[0]!.record.tests.map((t) => t.id)).toEqual(['a.test.ts::good']);
    expect(warnings).toEqual([
      expect.stringMatching(/tests\[1\]: "state" of a\.test\.ts::bad must be passed, failed or skipped/),
    ]);
  });

  test('temporary files of writers in progress are not read', async () => {
    const root = await tempDir();
    const store = RunStore.forRoot(root);
    await store.write(run([{}]));
    await writeFile(join(runsDir(root), '.tmp-123-abc-x.json'), '{"half":');
    const { runs, problems } = await store.read();
    expect(runs).toHaveLength(1);
    expect(problems).toEqual([]);
  });

  test('compaction keeps the last N results of each test and deletes emptied records', async () => {
    const store = RunStore.forRoot(await tempDir());
    for (let i = 0; i < 5; i++) {
      await store.write(
        run([{ id: 'a.test.ts::often', durationMs: i }, ...(i === 0 ? [{ id: 'a.test.ts::once' }] : [])]),
      );
    }
    const result = await store.compact({ keep: 2 });
    expect(result).toEqual({ removedResults: 3, removedFiles: 2, rewrittenFiles: 1 });
    const { runs } = await store.read();
    const often = runs.flatMap((r) =>
      r.record.tests.filter((t) => t.id === 'a.test.ts::often').map((t) => t.durationMs),
    );
    expect(often).toEqual([3, 4]);
    expect(runs.flatMap((r) => r.record.tests).some((t) => t.id === 'a.test.ts::once')).toBe(true);
  });

  test('compaction rejects a keep that is not a whole number ≥ 1', async () => {
    await expect(RunStore.forRoot(await tempDir()).compact({ keep: 0 })).rejects.toMatchObject({
      code: 'ASSAY_OPTION_INVALID',
    });
  });
});

describe('mergeHistories', () => {
  test('copies run files of several shards into one store; merging twice adds nothing', async () => {
    const [a, b, target] = [await tempDir(), await tempDir(), await tempDir()];
    await RunStore.forRoot(a).write(run([{ id: 'a.test.ts::x' }], { shard: { index: 1, count: 2 } }));
    await RunStore.forRoot(b).write(run([{ id: 'b.test.ts::y' }], { shard: { index: 2, count: 2 } }));
    const first = await mergeHistories([a, join(b, '.assay')], runsDir(target));
    expect(first.copied).toHaveLength(2);
    const again = await mergeHistories([a, join(b, '.assay', 'runs')], runsDir(target));
    expect(again.copied).toHaveLength(0);
    expect(again.duplicates).toHaveLength(2);
    const { runs } = await RunStore.forRoot(target).read();
    expect(runs.flatMap((r) => r.record.tests.map((t) => t.id)).sort()).toEqual([
      'a.test.ts::x',
      'b.test.ts::y',
    ]);
  });

  test('does not copy an invalid file and says which one', async () => {
    const [a, target] = [await tempDir(), await tempDir()];
    await RunStore.forRoot(a).write(run([{}]));
    await writeFile(join(runsDir(a), 'zz-broken.json'), '{');
    const result = await mergeHistories([a], runsDir(target));
    expect(result.copied).toHaveLength(1);
    expect(result.problems[0]!.message).toContain('zz-broken.json');
    expect(await readdir(runsDir(target))).toHaveLength(1);
  });

  test('keeps both files when two different runs share a name', async () => {
    const [a, target] = [await tempDir(), await tempDir()];
    const record = run([{ id: 'a.test.ts::x' }]);
    const file = await RunStore.forRoot(a).write(record);
    await mkdir(runsDir(target), { recursive: true });
    const other = run([{ id: 'a.test.ts::y' }]);
    await writeFile(join(runsDir(target), file.split('/').pop()!), JSON.stringify(other));
    const result = await mergeHistories([a], runsDir(target));
    expect(result.renamed).toHaveLength(1);
    expect(await readdir(runsDir(target))).toHaveLength(2);
  });

  test('a compacted copy of a run already there is the same run, not copied again', async () => {
    const [a, target] = [await tempDir(), await tempDir()];
    const record = run([{ id: 'a.test.ts::x' }, { id: 'a.test.ts::y' }]);
    const file = await RunStore.forRoot(a).write(record);
    await mkdir(runsDir(target), { recursive: true });
    const compacted = { ...record, tests: record.tests.slice(0, 1) };
    await writeFile(join(runsDir(target), file.split('/').pop()!), JSON.stringify(compacted));
    const result = await mergeHistories([a], runsDir(target));
    expect(result).toMatchObject({ copied: [], renamed: [], duplicates: [file] });
    expect(await readdir(runsDir(target))).toHaveLength(1);
  });

  test('a missing source is a clear error', async () => {
    await expect(mergeHistories(['/no/such/dir'], await tempDir())).rejects.toMatchObject({
      code: 'ASSAY_MERGE_SOURCE_MISSING',
    });
  });
});
