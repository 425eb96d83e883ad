// What one in-band Jest run of the overhead suite allocates, with and without @assay/jest-plugin,
// objects the collector freed included (V8's sampling heap profiler through an `inspector` preload).
// Unlike wall time, the figure does not move with the machine's load.
// Usage: node bench/jest-overhead/allocations.mjs [--jest 30|29] [--runs 2]
//        (build history and jest-plugin first: pnpm turbo run build --filter @assay/jest-plugin)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, write } from '../flaky-detection/lib.mjs';
import { overheadSuite } from '../flaky-overhead/suite.mjs';
import { freshJestProject, jest, jestConfig } from '../jest-detection/jest.mjs';

const { values } = parseArgs({
  options: { jest: { type: 'string', default: '30' }, runs: { type: 'string', default: '2' } },
});
const JEST = Number(values.jest);
const dir = join(repoRoot, 'bench', 'jest-overhead', '.work', `allocations-jest${JEST}`);
freshJestProject(dir, { jest: JEST });
write(dir, {
  ...overheadSuite({ seed: 1, runner: 'jest', sources: 20 }),
  'jest.base.config.js': jestConfig({ assay: false }),
  'jest.assay.config.js': jestConfig({ assay: true }),
  // Started before Jest loads; the profile is written when the process exits.
  'sample.cjs': `const inspector = require('node:inspector');
const session = new inspector.Session();
session.connect();
session.post('HeapProfiler.startSampling', {
  samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true,
});
process.on('exit', () => session.post('HeapProfiler.stopSampling', (error, result) => {
  if (!error) require('node:fs').writeFileSync(process.env.ASSAY_BENCH_HEAP, JSON.stringify(result.profile));
}));
`,
});

/** Bytes allocated in the run, in all and under jest-circus's `dispatch` (its awaits of the handlers). */
function totals(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  let all = 0;
  let dispatch = 0;
  const walk = (node, inDispatch) => {
    const here = inDispatch || node.callFrame.functionName === 'dispatch';
    all += node.selfSize;
    if (here && node.callFrame.functionName === 'promiseInitHook') dispatch += node.selfSize;
    for (const child of node.children) walk(child, here);
  };
  walk(profile.head, false);
  return { allMb: Math.round(all / 1e6), dispatchPromisesMb: Math.round(dispatch / 1e6) };
}

const rows = [];
for (const kind of ['base', 'assay']) await jest(dir, ['--config', `jest.${kind}.config.js`]); // warm-up
for (let run = 0; run < Number(values.runs); run++) {
  for (const kind of ['base', 'assay']) {
    const heap = join(dir, `heap-${kind}.json`);
    const result = await jest(dir, ['--config', `jest.${kind}.config.js`], {
      NODE_OPTIONS: `--require ${join(dir, 'sample.cjs')}`,
      ASSAY_BENCH_HEAP: heap,
    });
    if (result.code !== 0) throw new Error(`${kind} run failed:\n${result.out}`);
    rows.push({ kind, ...totals(heap) });
    console.log(
      `${kind.padEnd(5)} allocated ${rows.at(-1).allMb} MB, promises in circus's dispatch ${rows.at(-1).dispatchPromisesMb} MB`,
    );
  }
}
writeFileSync(join(dir, 'result.json'), `${JSON.stringify({ jest: JEST, rows }, null, 2)}\n`);
