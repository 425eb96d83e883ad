// Overhead benchmark: a generated 2,000-test suite run with and without the assay plugin, alternated.
// Usage: node bench/flaky-overhead/run.mjs [--pairs 10] [--seed 1]   (build the plugin first)
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freshProject, prng, repoRoot, vitest, write } from '../flaky-detection/lib.mjs';

const { values } = parseArgs({
  options: { pairs: { type: 'string', default: '10' }, seed: { type: 'string', default: '1' } },
});
const pairs = Number(values.pairs);
const seed = Number(values.seed);
const FILES = 50;
const TESTS_PER_FILE = 40;

const dir = join(repoRoot, 'bench', 'flaky-overhead', '.work', 'project');
freshProject(dir);

// The suite: 50 files × 40 tests in nested describes. Each test does a little real work (sort, JSON
// round trip, string building) sized by the seeded generator, like a typical unit test.
const rand = prng(seed);
const files = {};
for (let f = 0; f < FILES; f++) {
  const lines = [`import { describe, test, expect } from 'vitest';`, `describe('module ${f}', () => {`];
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
  'vitest.base.config.ts': `export default { test: { include: ['test/**/*.test.ts'] } };\n`,
  'vitest.assay.config.ts': `import assay from '@assay/vitest-plugin';\nexport default { plugins: [assay()], test: { include: ['test/**/*.test.ts'] } };\n`,
});

const loadBefore = loadavg();
const times = { base: [], assay: [] };
const cpu = { base: [], assay: [] };
async function once(kind) {
  const result = await vitest(dir, ['--config', `vitest.${kind}.config.ts`]);
  if (result.code !== 0) throw new Error(`${kind} run failed:\n${result.out}`);
  if (!/Tests\s+2000 passed/.test(result.out))
    throw new Error(`${kind} run did not pass 2000 tests:\n${result.out}`);
  return result;
}

// One warm-up of each (file system caches, Vite's dependency scan), not counted.
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
  node: process.version,
  cores: cpus().length,
  // Load averages (1, 5, 15 min) before and after: other work on the machine inflates wall times.
  loadBefore: loadBefore.map((l) => +l.toFixed(2)),
  loadAfter: loadavg().map((l) => +l.toFixed(2)),
  recordedAt: new Date().toISOString(),
  niceness: (await import('node:os')).getPriority(),
  medianBaseMs: Math.round(median(times.base)),
  medianAssayMs: Math.round(median(times.assay)),
  ratioOfMedians: +(median(times.assay) / median(times.base)).toFixed(4),
  ratioOfTotals: +(sum(times.assay) / sum(times.base)).toFixed(4),
  medianPairRatio: +median(pairRatios).toFixed(4),
  cpuRatioOfMedians: +(median(cpu.assay) / median(cpu.base)).toFixed(4),
  times,
  cpu,
};
writeFileSync(
  join(repoRoot, 'bench', 'flaky-overhead', '.work', 'result.json'),
  `${JSON.stringify(result, null, 2)}\n`,
);
if (pairs >= 10 && seed === 1) {
  // Full runs are kept, one file per run, so noisy and quiet measurements can be compared.
  const stamp = result.recordedAt.slice(0, 16).replace(/[-:]/g, '');
  writeFileSync(
    join(repoRoot, 'bench', 'flaky-overhead', `results-${stamp}.json`),
    `${JSON.stringify(result, null, 2)}\n`,
  );
}
console.log(
  `\n2,000 tests, ${pairs} alternated pairs: median without ${result.medianBaseMs} ms, with ${result.medianAssayMs} ms; ` +
    `ratio of medians ${result.ratioOfMedians}, of totals ${result.ratioOfTotals}, median pair ratio ${result.medianPairRatio}; ` +
    `CPU time ratio of medians ${result.cpuRatioOfMedians}`,
);
process.exitCode = result.ratioOfMedians <= 1.03 ? 0 : 1;
