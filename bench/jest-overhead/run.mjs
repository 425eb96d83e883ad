// Overhead benchmark with Jest: a generated 2,000-test suite run with and without @assay/jest-plugin
// (reporter + environment + setup), alternated in one benchmark run.
// Usage: node bench/jest-overhead/run.mjs [--pairs 10] [--seed 1] [--jest 30|29]
//        (build history and jest-plugin first: pnpm turbo run build --filter @assay/jest-plugin)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prng, repoRoot, write } from '../flaky-detection/lib.mjs';
import { freshJestProject, jest, jestConfig } from '../jest-detection/jest.mjs';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    jest: { type: 'string', default: '30' },
  },
});
const pairs = Number(values.pairs);
const seed = Number(values.seed);
const JEST = Number(values.jest);
const FILES = 50;
const TESTS_PER_FILE = 40;

const here = join(repoRoot, 'bench', 'jest-overhead');
const dir = join(here, '.work', 'project');
freshJestProject(dir, { jest: JEST });

// The suite: 50 files × 40 tests in nested describes, each doing a little real work (sort, JSON round
// trip, string building) sized by the seeded generator: the suite of bench/flaky-overhead, for Jest.
const rand = prng(seed);
const files = {};
for (let f = 0; f < FILES; f++) {
  const lines = [`describe('module ${f}', () => {`];
  for (let g = 0; g < TESTS_PER_FILE / 5; g++) {
    lines.push(`  describe('group ${g}', () => {`);
    for (let t = 0; t < 5; t++) {
      const size = 20 + Math.floor(rand() * 200);
      const k = Math.floor(rand() * 1000);
      lines.push(
        `    test('case ${t}', () => {`,
        `      const xs = Array.from({ length: ${size} }, (_, i) => (i * ${k + 7}) % ${size + 13});`,
        `      const sorted = [...xs].sort((a, b) => a - b);`,
        `      expect(JSON.parse(JSON.stringify(sorted))).toEqual(sorted);`,
        `      expect(sorted.join(',').length).toBeGreaterThan(0);`,
        '    });',
      );
    }
    lines.push('  });');
  }
  lines.push('});', '');
  files[`test/module${String(f).padStart(3, '0')}.test.ts`] = lines.join('\n');
}
write(dir, {
  ...files,
  'jest.base.config.js': jestConfig({ assay: false }),
  'jest.assay.config.js': jestConfig({ assay: true }),
});

const times = { base: [], assay: [] };
const cpu = { base: [], assay: [] };
async function once(kind) {
  const result = await jest(dir, ['--config', `jest.${kind}.config.js`]);
  if (result.code !== 0) throw new Error(`${kind} run failed:\n${result.out}`);
  if (!/Tests:\s+2000 passed, 2000 total/.test(result.out)) {
    throw new Error(`${kind} run did not pass 2000 tests:\n${result.out}`);
  }
  if (kind === 'assay' && !result.out.includes(' assay  2000 tests recorded')) {
    throw new Error(`assay run did not record 2000 tests:\n${result.out}`);
  }
  return result;
}

// One warm-up of each (file system caches, Jest's transform cache and haste map), not counted.
await once('base');
await once('assay');
for (let i = 0; i < pairs; i++) {
  // Alternate which goes first, so drift in machine load hits both sides alike.
  const order = i % 2 === 0 ? ['base', 'assay'] : ['assay', 'base'];
  for (const kind of order) {
    const { ms, cpuMs } = await once(kind);
    times[kind].push(Math.round(ms));
    cpu[kind].push(Math.round(cpuMs));
    process.stdout.write(
      `pair ${i + 1}/${pairs} ${kind.padEnd(5)} wall ${ms.toFixed(0)} ms, cpu ${cpuMs.toFixed(0)} ms\n`,
    );
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const pairRatios = times.base.map((b, i) => times.assay[i] / b);
const result = {
  tests: FILES * TESTS_PER_FILE,
  pairs,
  seed,
  jest: JEST,
  node: process.version,
  medianBaseMs: Math.round(median(times.base)),
  medianAssayMs: Math.round(median(times.assay)),
  ratioOfMedians: +(median(times.assay) / median(times.base)).toFixed(4),
  ratioOfTotals: +(sum(times.assay) / sum(times.base)).toFixed(4),
  medianPairRatio: +median(pairRatios).toFixed(4),
  cpuRatioOfMedians: +(median(cpu.assay) / median(cpu.base)).toFixed(4),
  times,
  cpu,
};
const isDefault = pairs === 10 && seed === 1;
writeFileSync(
  isDefault ? join(here, `results-jest${JEST}.json`) : join(here, '.work', 'result.json'),
  `${JSON.stringify(result, null, 2)}\n`,
);
console.log(
  `\n2,000 tests on Jest ${JEST}, ${pairs} alternated pairs: median without ${result.medianBaseMs} ms, with ${result.medianAssayMs} ms; ` +
    `ratio of medians ${result.ratioOfMedians}, of totals ${result.ratioOfTotals}, median pair ratio ${result.medianPairRatio}; ` +
    `CPU time ratio of medians ${result.cpuRatioOfMedians}`,
);
process.exitCode = result.ratioOfMedians <= 1.03 ? 0 : 1;
