// bench/ci: what issue 23's CI pieces cost. `node bench/ci/run.mjs` (after `pnpm build`):
// 1. JUnit XML for a 1,000-test run (junitXml of @assay/history): size and time, median of 25.
// 2. The cached history: bytes of .assay/runs/ after each of 120 runs of a 300-test suite in two
//    shards, written and compacted as the workflow's history job does (keep 50 results per test).
// Sizes do not depend on the machine; times do (run it in a quiet window).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const history = await import(pathToFileURL(join(ROOT, 'packages/history/dist/index.js')).href);

// A fixed pseudo-random sequence, so every run of the bench sees the same suite.
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};

function suite(tests, files) {
  return Array.from({ length: tests }, (_, i) => ({
    id: `src/module-${String(i % files).padStart(3, '0')}.test.ts::feature ${i % 7} > handles case number ${i}`,
    state: 'passed',
    durationMs: Math.round(random() * 400) / 10,
    retries: 0,
  }));
}

// 1. JUnit: 1,000 tests, 2 % failing, 1 % passing after a retry, 1 % quarantined (failing).
const tests = suite(1000, 100).map((t, i) =>
  i % 50 === 0
    ? { ...t, state: 'failed', error: `AssertionError: expected ${i} to be ${i + 1}` }
    : i % 100 === 1
      ? { ...t, retries: 1 }
      : i % 100 === 2
        ? { ...t, state: 'failed', quarantined: true, error: 'Error: timed out after 5000 ms' }
        : t,
);
const input = { runner: { name: 'vitest', version: '4.1.12' }, tests, mode: 'report' };
const xml = history.junitXml(input);
const times = [];
for (let i = 0; i < 25; i++) {
  const start = performance.now();
  history.junitXml(input);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
console.log(
  `junit: 1000 tests -> ${(Buffer.byteLength(xml) / 1024).toFixed(1)} KiB, median ${times[12].toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[24].toFixed(1)}) over 25`,
);

// 2. History size: 300 tests in 30 files, two shards per CI run, 3 % of results failing.
const root = mkdtempSync(join(tmpdir(), 'assay-bench-ci-'));
const store = history.RunStore.forRoot(root);
const base = suite(300, 30);
const runFiles = () => readdirSync(history.runsDir(root)).filter((f) => f.endsWith('.json'));
const bytes = () => runFiles().reduce((sum, f) => sum + statSync(join(history.runsDir(root), f)).size, 0);
// The cache is stored compressed (zstd); gzip of the files one after the other stands in for it.
const gzipped = () =>
  gzipSync(Buffer.concat(runFiles().map((f) => readFileSync(join(history.runsDir(root), f))))).length;
const rows = [];
for (let run = 1; run <= 120; run++) {
  for (const index of [1, 2]) {
    const shardTests = base
      .filter((_, i) => i % 2 === index - 1)
      .map((t) => ({
        ...t,
        state: random() < 0.03 ? 'failed' : 'passed',
        durationMs: Math.round(random() * 400) / 10,
      }));
    const at = new Date(Date.UTC(2026, 0, 1) + run * 3_600_000 + index * 1000).toISOString();
    await store.write({
      format: history.RUN_FORMAT,
      runId: history.newRunId(),
      startedAt: at,
      finishedAt: at,
      runner: { name: 'vitest', version: '4.1.12' },
      commit: run.toString(16).padStart(40, '0'),
      dirty: false,
      machine: `github-shard-${index}`,
      shard: { index, count: 2 },
      files: {},
      workers: [],
      tests: shardTests,
    });
  }
  await store.compact({ keep: 50 });
  if ([1, 10, 25, 50, 51, 75, 100, 120].includes(run)) {
    rows.push(
      `| ${run} | ${runFiles().length} | ${(bytes() / 1024).toFixed(0)} | ${(gzipped() / 1024).toFixed(0)} |`,
    );
  }
}
rmSync(root, { recursive: true, force: true });
console.log('| CI runs | run files | .assay/runs/ (KiB) | gzipped (KiB) |\n| --- | --- | --- | --- |');
console.log(rows.join('\n'));
