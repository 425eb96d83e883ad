// Overhead benchmark with Jest: a generated 2,000-test suite run with and without @assay/jest-plugin
// (reporter + environment + setup), alternated in one benchmark run.
// Usage: node bench/jest-overhead/run.mjs [--pairs 10] [--seed 1] [--jest 30|29]
//        (runs of 10 pairs or more with seed 1 are kept as results-jest<major>-<time>.json)
//        (build history and jest-plugin first: pnpm turbo run build --filter @assay/jest-plugin)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, write } from '../flaky-detection/lib.mjs';
import { alternate, describeResult } from '../flaky-overhead/alternate.mjs';
import { FILES, overheadSuite, TESTS_PER_FILE } from '../flaky-overhead/suite.mjs';
import { freshJestProject, jest, jestConfig } from '../jest-detection/jest.mjs';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    // Project modules the test files import (5 each), so the code version hashes real imports.
    // 0: the suite of sessions 1–5 (test files import nothing).
    sources: { type: 'string', default: '20' },
    jest: { type: 'string', default: '30' },
  },
});
const pairs = Number(values.pairs);
const seed = Number(values.seed);
const sources = Number(values.sources);
const JEST = Number(values.jest);

const here = join(repoRoot, 'bench', 'jest-overhead');
// One folder per Jest major, so the two can be measured at the same time.
const dir = join(here, '.work', `project-jest${JEST}`);
freshJestProject(dir, { jest: JEST });

const files = overheadSuite({ seed, runner: 'jest', sources });
write(dir, {
  ...files,
  'jest.base.config.js': jestConfig({ assay: false }),
  'jest.assay.config.js': jestConfig({ assay: true }),
});

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

// The warm-up run of each fills the file system caches, Jest's transform cache and haste map.
const result = {
  tests: FILES * TESTS_PER_FILE,
  seed,
  sources,
  jest: JEST,
  ...(await alternate({
    pairs,
    once,
    onPair: (sofar) =>
      writeFileSync(
        join(here, '.work', `partial-jest${JEST}.json`),
        `${JSON.stringify({ tests: FILES * TESTS_PER_FILE, seed, sources, jest: JEST, ...sofar }, null, 2)}\n`,
      ),
  })),
};
writeFileSync(join(here, '.work', `result-jest${JEST}.json`), `${JSON.stringify(result, null, 2)}\n`);
if (pairs >= 10 && seed === 1) {
  // Full runs are kept, one file per run, so noisy and quiet measurements can be compared.
  const stamp = result.recordedAt.slice(0, 16).replace(/[-:]/g, '');
  writeFileSync(join(here, `results-jest${JEST}-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
}
console.log(describeResult(`2,000 tests on Jest ${JEST}`, result));
process.exitCode = result.ratioOfMedians <= 1.03 ? 0 : 1;
