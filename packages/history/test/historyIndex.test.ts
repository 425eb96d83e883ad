import { spawn } from 'node:child_process';
import { cp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import {
  collectResults,
  HistoryIndex,
  INDEX_FILE,
  mergeHistories,
  type RunRecord,
  RunStore,
  resolveThresholds,
  type TestResult,
  verdictOf,
  verdictsAroundRun,
} from '../src/index.js';
import { run, tempDir } from './helpers.js';

/** mulberry32: histories are drawn from a seed, so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A run of up to 6 tests in 2 files with every kind of result: retries, attempts, quarantine, errors. */
function randomRun(rand: () => number, extra: Partial<RunRecord> = {}): RunRecord {
  const tests: Partial<TestResult>[] = [];
  for (let i = 0; i < 6; i++) {
    if (rand() < 0.2) continue;
    const roll = rand();
    const state = roll < 0.6 ? 'passed' : roll < 0.85 ? 'failed' : 'skipped';
    const test: Partial<TestResult> = { id: `${i % 2 ? 'b' : 'a'}.test.ts::t${i}`, state };
    if (state === 'passed' && rand() < 0.2) test.retries = 1 + Math.floor(rand() * 2);
    if (state !== 'skipped' && rand() < 0.1) test.attempts = { passed: 1, failed: 1 };
    if (rand() < 0.2) test.quarantined = true;
    if (state === 'failed') test.error = `expected ${i}`;
    tests.push(test);
  }
  const commit = rand() < 0.5 ? 'c1' : 'c2';
  return run(tests, {
    commit,
    dirty: rand() < 0.2,
    files: { 'a.test.ts': { hash: rand() < 0.5 ? 'h1' : 'h2' }, 'b.test.ts': { hash: 'h3' } },
    ...extra,
  });
}

async function expectSameAsFiles(store: RunStore, history: HistoryIndex): Promise<void> {
  const { runs } = await store.read();
  expect(history.results()).toEqual(collectResults(runs));
  expect(history.runCount).toBe(runs.length);
}

describe('HistoryIndex', () => {
  test('gives the same results as reading every run file, for random histories', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rand = prng(seed);
      const store = new RunStore(join(await tempDir(), 'runs'));
      for (let r = 0; r < 12; r++) await store.write(randomRun(rand));
      await expectSameAsFiles(store, await HistoryIndex.load(store));
      // Loaded again from the saved index: still the same.
      await expectSameAsFiles(store, await HistoryIndex.load(store));
    }
  });

  test('a history with no runs yet gets no index and no folder', async () => {
    const dir = join(await tempDir(), 'runs');
    const history = await HistoryIndex.load(new RunStore(dir));
    expect(history.runCount).toBe(0);
    await expect(readdir(dir)).rejects.toThrow(/ENOENT/);
  });

  test('a second load uses the saved index instead of the run files', async () => {
    const store = new RunStore(join(await tempDir(), 'runs'));
    const file = await store.write(run([{ id: 'a.test.ts::t', state: 'failed' }]));
    const when = new Date('2026-01-02T03:04:05Z');
    await utimes(file, when, when);
    await HistoryIndex.load(store);
    expect((await readdir(store.dir)).includes(INDEX_FILE)).toBe(true);
    // Same size and time, other content: only a load that trusts the index still sees "failed".
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"failed"', '"passed"'));
    await utimes(file, when, when);
    expect((await HistoryIndex.load(store)).resultsOf('a.test.ts::t').map((p) => p.state)).toEqual([
      'failed',
    ]);
  });

  test('catches up with files added, rewritten and removed since the index was saved', async () => {
    const rand = prng(7);
    const store = new RunStore(join(await tempDir(), 'runs'));
    const files: string[] = [];
    for (let r = 0; r < 6; r++) files.push(await store.write(randomRun(rand)));
    await HistoryIndex.load(store);
    for (let r = 0; r < 3; r++) await store.write(randomRun(rand));
    await rm(files[1]!);
    const rewritten = JSON.parse(await readFile(files[2]!, 'utf8')) as RunRecord;
    await writeFile(files[2]!, `${JSON.stringify({ ...rewritten, tests: rewritten.tests.slice(1) })}\n`);
    await expectSameAsFiles(store, await HistoryIndex.load(store));
  });

  test('places a merged older run among the newer ones, as reading the files does', async () => {
    const rand = prng(3);
    const here = new RunStore(join(await tempDir(), 'runs'));
    const there = new RunStore(join(await tempDir(), 'runs'));
    const old = randomRun(rand);
    for (let r = 0; r < 4; r++) await here.write(randomRun(rand));
    await there.write(old);
    await HistoryIndex.load(here);
    const merged = await mergeHistories([there.dir], here.dir);
    expect(merged.copied).toHaveLength(1);
    await expectSameAsFiles(here, await HistoryIndex.load(here));
  });

  test('rebuilds a corrupt, truncated or foreign index from the run files', async () => {
    const rand = prng(11);
    const store = new RunStore(join(await tempDir(), 'runs'));
    for (let r = 0; r < 5; r++) await store.write(randomRun(rand));
    await HistoryIndex.load(store);
    const saved = await readFile(join(store.dir, INDEX_FILE), 'utf8');
    const bad = [
      saved.slice(0, saved.length / 2),
      'not json',
      '{"format":"assay-index/99"}',
      saved.replace(/"P"/, '"Z"'),
      saved.replace(/\[(\d+),"P"/, '[999,"P"'),
    ];
    for (const text of bad) {
      await writeFile(join(store.dir, INDEX_FILE), text);
      await expectSameAsFiles(store, await HistoryIndex.load(store));
    }
  });

  test('reports a corrupt run file on every load and indexes the others', async () => {
    const store = new RunStore(join(await tempDir(), 'runs'));
    await store.write(run([{ id: 'a.test.ts::t', state: 'passed' }]));
    await writeFile(join(store.dir, '20260101T000000000Z-broken.json'), '{"format":"assay-run/1","tests":[');
    for (let i = 0; i < 2; i++) {
      const history = await HistoryIndex.load(store);
      expect(history.problems.map((p) => p.message)).toEqual([
        expect.stringContaining('20260101T000000000Z-broken.json: not valid JSON'),
      ]);
      expect(history.resultsOf('a.test.ts::t')).toHaveLength(1);
    }
  });

  test('keeps the warnings about malformed entries of valid run files', async () => {
    const store = new RunStore(join(await tempDir(), 'runs'));
    const record = run([{ id: 'a.test.ts::t' }]);
    await store.write({ ...record, tests: [...record.tests, { id: 'no separator' } as TestResult] });
    for (let i = 0; i < 2; i++) {
      expect((await HistoryIndex.load(store)).warnings).toEqual([
        expect.stringContaining('"id" must be a test id'),
      ]);
    }
  });

  test('an added run counts once, even if the load already saw its file', async () => {
    const store = new RunStore(join(await tempDir(), 'runs'));
    const record = run([{ id: 'a.test.ts::t', state: 'failed' }]);
    const file = await store.write(record);
    const history = await HistoryIndex.load(store);
    history.add(record, file);
    expect(history.resultsOf('a.test.ts::t')).toHaveLength(1);
    expect(history.resultsOf('a.test.ts::t', file)).toEqual([]);
  });

  test('saved with a run added at the end, the next load does not read that run file back', async () => {
    const rand = prng(11);
    const store = new RunStore(join(await tempDir(), 'runs'));
    for (let r = 0; r < 4; r++) await store.write(randomRun(rand));
    const history = await HistoryIndex.load(store);
    const record = run([{ id: 'c.test.ts::t', state: 'failed' }]);
    const file = await store.write(record);
    const when = new Date('2026-01-02T03:04:05Z');
    await utimes(file, when, when);
    const info = await stat(file);
    history.add(record, file, { size: info.size, mtimeMs: info.mtimeMs });
    expect(await history.save()).toBe(true);
    const again = await HistoryIndex.load(store);
    expect(again.runCount).toBe(5);
    expect(again.results()).toEqual(history.results());
    await expectSameAsFiles(store, again);
    // Same size and time, other content: only a load that trusts the saved index still sees "failed".
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"failed"', '"passed"'));
    await utimes(file, when, when);
    expect((await HistoryIndex.load(store)).resultsOf('c.test.ts::t').map((p) => p.state)).toEqual([
      'failed',
    ]);
  });

  test('an index saved after compaction catches up with the rewritten and removed files', async () => {
    const rand = prng(12);
    const store = new RunStore(join(await tempDir(), 'runs'));
    for (let r = 0; r < 12; r++) await store.write(randomRun(rand));
    const history = await HistoryIndex.load(store);
    const record = randomRun(rand);
    const file = await store.write(record);
    const info = await stat(file);
    history.add(record, file, { size: info.size, mtimeMs: info.mtimeMs });
    await history.compact(3);
    await history.save();
    await expectSameAsFiles(store, await HistoryIndex.load(store));
  });

  test('an index with a run added without its size and time is not saved', async () => {
    const store = new RunStore(join(await tempDir(), 'runs'));
    const record = run([{ id: 'a.test.ts::t', state: 'failed' }]);
    const history = await HistoryIndex.load(store);
    history.add(record, await store.write(record));
    expect(await history.save()).toBe(false);
    expect((await readdir(store.dir)).includes(INDEX_FILE)).toBe(false);
    await expectSameAsFiles(store, await HistoryIndex.load(store));
  });

  test('compacts like RunStore.compact, reading only the files that lose results', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const rand = prng(seed);
      const a = new RunStore(join(await tempDir(), 'runs'));
      for (let r = 0; r < 15; r++) await a.write(randomRun(rand));
      const b = new RunStore(join(await tempDir(), 'runs'));
      await cp(a.dir, b.dir, { recursive: true });
      const expected = await a.compact({ keep: 4 });
      const got = await (await HistoryIndex.load(b)).compact(4);
      expect(got).toEqual(expected);
      const contents = async (store: RunStore) =>
        Promise.all((await store.list()).map((name) => readFile(join(store.dir, name), 'utf8')));
      expect(await contents(b)).toEqual(await contents(a));
      await expectSameAsFiles(b, await HistoryIndex.load(b));
    }
  });

  test('the summary verdicts skip clean tests and match the full verdicts for the others', async () => {
    const rand = prng(5);
    const store = new RunStore(join(await tempDir(), 'runs'));
    for (let r = 0; r < 10; r++) await store.write(randomRun(rand));
    const history = await HistoryIndex.load(store);
    const record = randomRun(rand);
    const file = await store.write(record);
    history.add(record, file);
    const thresholds = resolveThresholds();
    const { before, after } = verdictsAroundRun(history, record, file, thresholds);
    const all = collectResults((await store.read()).runs);
    for (const test of record.tests) {
      const points = all.get(test.id);
      const full = points ? verdictOf(test.id, points, thresholds) : undefined;
      const found = after.find((v) => v.id === test.id);
      if (found) expect(found).toEqual(full);
      else expect(full === undefined || full.verdict === 'stable').toBe(true);
    }
    for (const v of before) expect(after.find((a) => a.id === v.id)?.verdict).toBe('flaky');
  });
});

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

const writerAndReader = `
import { HistoryIndex, RunStore, RUN_FORMAT, newRunId } from ${JSON.stringify(dist)};
const [dir, who] = process.argv.slice(1);
const store = new RunStore(dir);
for (let i = 0; i < 10; i++) {
  await store.write({
    format: RUN_FORMAT, runId: newRunId(), startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(),
    runner: { name: 'test', version: '0' }, files: {}, workers: [],
    tests: [{ id: 'w.test.ts::' + who, state: i % 3 ? 'passed' : 'failed', durationMs: 0, retries: 0 }],
  });
  await HistoryIndex.load(store);
}
`;

describe('HistoryIndex with concurrent writers', () => {
  test('processes recording and loading at the same time leave an index that catches up to every file', async () => {
    const dir = join(await tempDir(), 'runs');
    const codes = await Promise.all(
      Array.from(
        { length: 8 },
        (_, p) =>
          new Promise<number>((resolve, reject) => {
            const child = spawn(
              process.execPath,
              ['--input-type=module', '-e', writerAndReader, dir, `p${p}`],
              {
                stdio: 'inherit',
              },
            );
            child.on('error', reject);
            child.on('exit', (code) => resolve(code ?? 1));
          }),
      ),
    );
    expect(codes.every((c) => c === 0)).toBe(true);
    const store = new RunStore(dir);
    const history = await HistoryIndex.load(store);
    expect(history.problems).toEqual([]);
    expect([...history.ids()]).toHaveLength(8);
    await expectSameAsFiles(store, history);
  });
});
