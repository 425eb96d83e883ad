// Overhead benchmark: a generated 2,000-test suite run with and without the assay plugin, alternated.
// Usage: node bench/flaky-overhead/run.mjs [--pairs 10] [--seed 1]   (build the plugin first)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freshProject, repoRoot, vitest, write } from '../flaky-detection/lib.mjs';
import { alternate, describeResult } from './alternate.mjs';
import { FILES, overheadSuite, TESTS_PER_FILE } from './suite.mjs';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    // Project modules the test files import (5 each), so the code version hashes real imports.
    // 0: the suite of sessions 1–5 (test files import nothing).
    sources: { type: 'string', default: '20' },
  },
});
const pairs = Number(values.pairs);
const seed = Number(values.seed);
const sources = Number(values.sources);

const dir = join(repoRoot, 'bench', 'flaky-overhead', '.work', 'project');
freshProject(dir);

const files = overheadSuite({ seed, runner: 'vitest', sources });
write(dir, {
  ...files,
  'vitest.base.config.ts': `export default { test: { include: ['test/**/*.test.ts'] } };\n`,
  'vitest.assay.config.ts': `import assay from '@assay/vitest-plugin';\nexport default { plugins: [assay()], test: { include: ['test/**/*.test.ts'] } };\n`,
});

async function once(kind) {
  const result = await vitest(dir, ['--config', `vitest.${kind}.config.ts`]);
  if (result.code !== 0) throw new Error(`${kind} run failed:\n${result.out}`);
  if (!/Tests\s+2000 passed/.test(result.out))
    throw new Error(`${kind} run did not pass 2000 tests:\n${result.out}`);
  return result;
}

// The warm-up run of each fills the file system caches and Vite's dependency scan.
const work = join(repoRoot, 'bench', 'flaky-overhead', '.work');
const result = {
  tests: FILES * TESTS_PER_FILE,
  seed,
  sources,
  ...(await alternate({
    pairs,
    once,
    // Pairs so far, kept if the run is stopped (a quiet window's end): combine.mjs pools them.
    onPair: (sofar) =>
      writeFileSync(
        join(work, 'partial.json'),
        `${JSON.stringify({ tests: FILES * TESTS_PER_FILE, seed, sources, ...sofar }, null, 2)}\n`,
      ),
  })),
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
console.log(describeResult('2,000 tests on Vitest', result));
process.exitCode = result.ratioOfMedians <= 1.03 ? 0 : 1;
