// CPU time of @assay/jest-plugin's reporter alone for one run of the 2,000-test suite (50 files × 40
// tests), measured in process so that machine load and Jest's own work do not drown it: onRunStart
// (with the history read it starts), 50 × onTestResult, onRunComplete (record, verdicts, summary).
// The current source and the source of an earlier commit are bundled the same way (esbuild, through
// tsup) and alternate, each on its own copy of a history that grows by one run per round.
// Usage: node bench/jest-overhead/reporter-cpu.mjs [--against 2f5ef0b] [--rounds 10] [--history 20]
//        (runs of 10 rounds or more are kept as results-reporter-cpu-history<n>-<time>.json)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../flaky-detection/lib.mjs';
import { FILES, TESTS_PER_FILE } from '../flaky-overhead/suite.mjs';

const { values } = parseArgs({
  options: {
    // The commit before the history index (session 2): the reporter that read every run file.
    against: { type: 'string', default: '2f5ef0b' },
    rounds: { type: 'string', default: '10' },
    history: { type: 'string', default: '20' },
  },
});
// The folder the reporter makes for the environment's messages (@assay/jest-plugin's constants).
const CHANNEL_ENV = 'ASSAY_JEST_CHANNEL';
const rounds = Number(values.rounds);
const initialRuns = Number(values.history);
const work = join(repoRoot, 'bench', 'jest-overhead', '.work', 'reporter-cpu');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

// ---- the two builds ---------------------------------------------------------------------------------
const esbuild = createRequire(createRequire(join(repoRoot, 'package.json')).resolve('tsup'))('esbuild');
const sources = { before: join(work, 'src-before'), now: join(repoRoot, 'packages') };
mkdirSync(sources.before);
const archive = execFileSync(
  'git',
  ['archive', values.against, 'packages/history/src', 'packages/jest-plugin/src'],
  {
    cwd: repoRoot,
    maxBuffer: 64 << 20,
  },
);
execFileSync('tar', ['-x', '-C', sources.before, '--strip-components=1'], { input: archive });
const builds = {};
for (const [kind, packages] of Object.entries(sources)) {
  const outfile = join(work, `reporter-${kind}.mjs`);
  await esbuild.build({
    entryPoints: [join(packages, 'jest-plugin', 'src', 'reporter.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    alias: {
      '@assay/history/worker': join(packages, 'history', 'src', 'worker.ts'),
      '@assay/history': join(packages, 'history', 'src', 'index.ts'),
    },
    // History's own dependencies (bytes), also for the copy of an earlier commit outside the repo.
    nodePaths: [join(repoRoot, 'packages', 'history', 'node_modules')],
    outfile,
    logLevel: 'warning',
  });
  builds[kind] = await import(outfile);
}

// ---- a project with a history -----------------------------------------------------------------------
const names = (f, i) => [`module ${f}`, `group ${Math.floor(i / 5)}`, `case ${i % 5}`];
const files = Array.from({ length: FILES }, (_, f) => `test/module${String(f).padStart(3, '0')}.test.ts`);
const proto = join(work, 'proto');
mkdirSync(join(proto, 'test'), { recursive: true });
mkdirSync(join(proto, '.assay', 'runs'), { recursive: true });
for (const [f, rel] of files.entries()) writeFileSync(join(proto, rel), `// test file ${f}\n`.repeat(60));
// Project modules the test files load (each file 5 of 20), listed in the environment's messages: the
// reporter hashes each once per run for the files' code versions (builds before code versions ignore them).
mkdirSync(join(proto, 'src'));
const sourceModules = Array.from({ length: 20 }, (_, m) => `src/module${m}.ts`);
for (const [m, rel] of sourceModules.entries())
  writeFileSync(join(proto, rel), `// module ${m}\n`.repeat(80));
const modulesOf = (root, f) => [0, 1, 2, 3, 4].map((k) => join(root, sourceModules[(f + k * 3) % 20]));
let clock = Date.parse('2026-11-21T00:00:00Z');
for (let r = 0; r < initialRuns; r++) {
  clock += 60_000;
  const at = new Date(clock).toISOString();
  const tests = files.flatMap((rel, f) =>
    Array.from({ length: TESTS_PER_FILE }, (_, i) => ({
      id: `${rel}::${names(f, i).join(' > ')}`,
      state: 'passed',
      durationMs: 0.4,
      retries: 0,
    })),
  );
  const record = {
    format: 'assay-run/1',
    runId: `r${r}`,
    startedAt: at,
    finishedAt: at,
    runner: { name: 'jest', version: '29.7.0' },
    commit: 'c'.repeat(40),
    dirty: false,
    files: Object.fromEntries(files.map((rel) => [rel, { hash: 'h'.repeat(40), durationMs: 50 }])),
    workers: [{ id: '1', peakRssBytes: 1e8, peakHeapBytes: 5e7 }],
    tests,
  };
  writeFileSync(
    join(proto, '.assay', 'runs', `${at.replace(/[-:.]/g, '')}-r${r}.json`),
    `${JSON.stringify(record)}\n`,
  );
}
const roots = {};
for (const kind of Object.keys(builds)) {
  roots[kind] = join(work, kind);
  cpSync(proto, roots[kind], { recursive: true });
}

// ---- alternate ----------------------------------------------------------------------------------------
const aggregatedFor = (root) => ({
  numFailedTests: 0,
  numRuntimeErrorTestSuites: 0,
  snapshot: { failure: false },
  testResults: files.map((rel, f) => ({
    testFilePath: join(root, rel),
    perfStats: { runtime: 50, start: 0, end: 50 },
    failureMessage: null,
    testResults: Array.from({ length: TESTS_PER_FILE }, (_, i) => ({
      ancestorTitles: names(f, i).slice(0, 2),
      title: names(f, i)[2],
      status: 'passed',
      duration: 0.4,
      invocations: 1,
      failureMessages: [],
    })),
  })),
});
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const loadBefore = loadavg();
const cpu = { before: [], now: [] };
const stderr = process.stderr.write.bind(process.stderr);
for (let round = 0; round < rounds; round++) {
  for (const kind of round % 2 ? ['now', 'before'] : ['before', 'now']) {
    const aggregated = aggregatedFor(roots[kind]);
    let printed = '';
    process.stderr.write = (text) => {
      printed += text;
      return true;
    };
    const t0 = cpuMs();
    const reporter = new builds[kind].AssayReporter({ rootDir: roots[kind] }, {});
    await reporter.onRunStart();
    const t1 = cpuMs();
    // What the assay environment leaves for each file in the workers (not the reporter's cost).
    for (const result of aggregated.testResults) {
      const name = `${createHash('sha1').update(result.testFilePath).digest('hex').slice(0, 24)}.json`;
      writeFileSync(
        join(process.env[CHANNEL_ENV], name),
        JSON.stringify({
          file: result.testFilePath,
          worker: '1',
          rss: 1e8,
          heap: 5e7,
          markers: {},
          durations: {},
          modules: [
            result.testFilePath,
            ...modulesOf(roots[kind], files.indexOf(result.testFilePath.slice(roots[kind].length + 1))),
          ],
        }),
      );
    }
    const t2 = cpuMs();
    for (const result of aggregated.testResults) reporter.onTestResult({}, result, aggregated);
    await reporter.onRunComplete(new Set(), aggregated);
    const t3 = cpuMs();
    process.stderr.write = stderr;
    if (!printed.includes(`${FILES * TESTS_PER_FILE} tests recorded`)) throw new Error(`${kind}: ${printed}`);
    cpu[kind].push(Math.round(t1 - t0 + (t3 - t2)));
    process.stdout.write(
      `round ${round + 1}/${rounds} ${kind.padEnd(6)} ${Math.round(t1 - t0 + (t3 - t2))} ms CPU\n`,
    );
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const result = {
  against: values.against,
  rounds,
  initialRuns,
  loadBefore: loadBefore.map((l) => +l.toFixed(2)),
  loadAfter: loadavg().map((l) => +l.toFixed(2)),
  recordedAt: new Date().toISOString(),
  medianBeforeMs: median(cpu.before),
  medianNowMs: median(cpu.now),
  cpu,
};
writeFileSync(join(work, '..', 'reporter-cpu.json'), `${JSON.stringify(result, null, 2)}\n`);
if (rounds >= 10) {
  // Full runs are kept, one file per run and history size.
  const stamp = result.recordedAt.slice(0, 16).replace(/[-:]/g, '');
  writeFileSync(
    join(repoRoot, 'bench', 'jest-overhead', `results-reporter-cpu-history${initialRuns}-${stamp}.json`),
    `${JSON.stringify(result, null, 2)}\n`,
  );
}
console.log(
  `\nreporter CPU per run of 2,000 tests with ${initialRuns}+ runs of history (${rounds} alternated rounds): ` +
    `${values.against} ${result.medianBeforeMs} ms, now ${result.medianNowMs} ms (medians); load ${result.loadBefore[0]} → ${result.loadAfter[0]}`,
);
