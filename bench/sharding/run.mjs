// Sharding benchmark: a generated suite of 48 files with skewed durations, split into 4 shards by
// assay's duration plan and by the runner's built-in split, for Vitest and for Jest, in one run.
// Shards run one after another (not in parallel: the machine has 2 cores) and each shard's wall time
// is measured; the figure is slowest shard / mean shard per split (1.00 = perfectly balanced).
// Tests take real time by sleeping (setTimeout), so the shard times depend on the split, not on how
// busy the shared CPUs are. One worker per shard (Vitest's default on 2 cores), so a shard's time is
// its files' time plus the runner's start-up.
// Usage: node bench/sharding/run.mjs [--rounds 3] [--seed 1] [--runners vitest,jest]
//        (build first: pnpm turbo run build --filter @assay/vitest-plugin --filter @assay/jest-plugin)
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freshProject, prng, repoRoot, vitest, write } from '../flaky-detection/lib.mjs';
import { freshJestProject, jest } from '../jest-detection/jest.mjs';
import { copyHistory, shardRounds, slowestOverMean } from './lib.mjs';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    runners: { type: 'string', default: 'vitest,jest' },
  },
});
const ROUNDS = Number(values.rounds);
const SHARDS = 4;
const FILES = 48;
const here = join(repoRoot, 'bench', 'sharding');

// Skewed durations: most files are short, a few are long (as in real suites where a handful of
// integration files dominate). Seeded, so every run of the benchmark has the same suite.
const rand = prng(Number(values.seed));
const durations = Array.from({ length: FILES }, () => {
  const u = rand();
  if (u < 0.6) return 200 + Math.round(rand() * 600);
  if (u < 0.9) return 1000 + Math.round(rand() * 2000);
  return 5000 + Math.round(rand() * 4000);
});
const totalMs = durations.reduce((a, b) => a + b, 0);

/** Each file has 3 tests that together sleep the file's duration. */
function testFile(ms, header) {
  const parts = [Math.round(ms / 2), Math.round(ms / 3), ms - Math.round(ms / 2) - Math.round(ms / 3)];
  const tests = parts.map(
    (p, i) => `test('part ${i}', async () => { await new Promise((r) => setTimeout(r, ${p})); });`,
  );
  return `${header}${tests.join('\n')}\n`;
}
const name = (i) => `test/file${String(i).padStart(2, '0')}.test.js`;

const RUNNERS = {
  vitest: {
    setup(dir) {
      freshProject(dir);
      const files = Object.fromEntries(
        durations.map((ms, i) => [name(i), testFile(ms, "import { test } from 'vitest';\n")]),
      );
      const config = (shard) =>
        `import assay from '@assay/vitest-plugin';\nexport default { plugins: [assay({ shard: '${shard}', summary: false })], test: { maxWorkers: 1, testTimeout: 20000, include: ['test/**/*.test.js'] } };\n`;
      write(dir, { ...files, 'assay.config.mjs': config('duration'), 'builtin.config.mjs': config('count') });
    },
    run: (dir, config, args) => vitest(dir, ['--config', `${config}.config.mjs`, ...args]),
  },
  jest: {
    setup(dir) {
      freshJestProject(dir, { jest: 30 });
      const files = Object.fromEntries(durations.map((ms, i) => [name(i), testFile(ms, '')]));
      const config = (sequencer) =>
        `module.exports = {\n  testMatch: ['<rootDir>/test/**/*.test.js'],\n  maxWorkers: 1,\n  testTimeout: 20000,\n  reporters: ['default', ['@assay/jest-plugin/reporter', { summary: false }]],\n${sequencer ? "  testSequencer: '@assay/jest-plugin/sequencer',\n" : ''}};\n`;
      write(dir, { ...files, 'jest.assay.config.js': config(true), 'jest.builtin.config.js': config(false) });
    },
    run: (dir, config, args) => jest(dir, ['--config', `jest.${config}.config.js`, ...args]),
  },
};

const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 13);
const resultsFile = join(here, `results-${stamp}-${values.runners.replace(/,/g, '-')}.json`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Summaries per runner from the rounds so far; written after every round so a stopped run keeps them. */
function save(runner, rounds) {
  results.runners[runner] = {
    rounds,
    medianSlowestOverMean: {
      assay: median(rounds.map((r) => r.assay.slowestOverMean)),
      builtin: median(rounds.map((r) => r.builtin.slowestOverMean)),
    },
    sleptSlowestOverMean: {
      assay: median(rounds.map((r) => r.assay.sleptSlowestOverMean)),
      builtin: median(rounds.map((r) => r.builtin.sleptSlowestOverMean)),
    },
  };
  results.loadAverage = loadavg().map((l) => Number(l.toFixed(2)));
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
}
const results = {
  seed: Number(values.seed),
  files: FILES,
  shards: SHARDS,
  totalSleepMs: totalMs,
  durations,
  runners: {},
};
for (const runner of values.runners.split(',')) {
  const { setup, run } = RUNNERS[runner];
  const dir = join(here, '.work', runner);
  setup(dir);
  const runs = join(dir, '.assay', 'runs');
  // One unsharded run records the durations assay plans from (and warms the runner's caches).
  for (let i = 0; i < 1; i++) {
    const warm = await run(dir, 'assay', []);
    if (warm.code !== 0) throw new Error(`${runner} warm-up failed:\n${warm.out}`);
  }
  const history = join(here, '.work', `${runner}-history`);
  copyHistory(runs, history);
  await shardRounds({
    rounds: ROUNDS,
    count: SHARDS,
    runs,
    history,
    expected: durations.map((_, i) => name(i).slice('test/'.length)),
    async runShard(split, i) {
      const result = await run(dir, split, [`--shard=${i}/${SHARDS}`]);
      if (result.code !== 0) throw new Error(`${runner} ${split} shard ${i} failed:\n${result.out}`);
      const files = (result.out.match(/file\d\d\.test\.js/g) ?? []).filter(
        (f, k, all) => all.indexOf(f) === k,
      );
      // What the shard slept in total: its balance free of machine noise.
      const sleptMs = files.reduce((sum, f) => sum + durations[Number(f.slice(4, 6))], 0);
      return {
        ms: Math.round(result.ms),
        sleptMs,
        files: files.sort(),
        load: Number(loadavg()[0].toFixed(2)),
      };
    },
    summarize(split, shards, r) {
      const times = shards.map((s) => s.ms);
      const slept = shards.map((s) => s.sleptMs);
      const entry = {
        shards,
        slowestOverMean: slowestOverMean(times),
        sleptSlowestOverMean: slowestOverMean(slept),
      };
      console.log(
        `${runner} round ${r + 1} ${split}: shard ms ${times.join(', ')} → slowest/mean ${entry.slowestOverMean}; slept ms ${slept.join(', ')} → ${entry.sleptSlowestOverMean} (load ${loadavg()[0].toFixed(1)})`,
      );
      return entry;
    },
    onRound: (rounds) => save(runner, rounds),
  });
}
for (const [runner, r] of Object.entries(results.runners)) {
  console.log(
    `${runner}: median slowest/mean wall time: assay ${r.medianSlowestOverMean.assay}, built-in ${r.medianSlowestOverMean.builtin}; slept: assay ${r.sleptSlowestOverMean.assay}, built-in ${r.sleptSlowestOverMean.builtin}`,
  );
}
console.log(
  `load average at end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
