// Does a change to @assay/history change the Vitest plugin's cost? The 2,000-test suite of run.mjs
// without the plugin (base), with the plugin on another built @assay/history (old: e.g. main's
// packages/history) and with this checkout's (new), in rotating order in one benchmark run.
// Usage: node bench/flaky-overhead/history-ab.mjs --against /path/to/other/packages/history [--rounds 7]
//        (both histories and this checkout's vitest-plugin built)
import { existsSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freshProject, repoRoot, vitest, write } from '../flaky-detection/lib.mjs';
import { overheadSuite } from './suite.mjs';

const { values } = parseArgs({
  options: { against: { type: 'string' }, rounds: { type: 'string', default: '7' } },
});
if (!values.against || !existsSync(join(values.against, 'dist', 'index.js'))) {
  throw new Error('--against: give the folder of another built @assay/history (it must hold dist/index.js)');
}
const rounds = Number(values.rounds);
const projects = {};
for (const kind of ['old', 'new']) {
  const dir = join(repoRoot, 'bench', 'flaky-overhead', '.work', `ab-${kind}`);
  freshProject(dir);
  if (kind === 'old') {
    rmSync(join(dir, 'node_modules', '@assay', 'history'));
    symlinkSync(values.against, join(dir, 'node_modules', '@assay', 'history'), 'dir');
  }
  write(dir, {
    ...overheadSuite({ seed: 1, runner: 'vitest' }),
    'vitest.base.config.ts': `export default { test: { include: ['test/**/*.test.ts'] } };\n`,
    'vitest.assay.config.ts': `import assay from '@assay/vitest-plugin';\nexport default { plugins: [assay()], test: { include: ['test/**/*.test.ts'] } };\n`,
  });
  projects[kind] = dir;
}
const specs = [
  ['base', projects.new, 'base'],
  ['old', projects.old, 'assay'],
  ['new', projects.new, 'assay'],
];
const times = { base: [], old: [], new: [] };
const once = async ([name, dir, config]) => {
  const r = await vitest(dir, ['--config', `vitest.${config}.config.ts`]);
  if (r.code !== 0 || !/Tests\s+2000 passed/.test(r.out)) throw new Error(`${name}: ${r.out}`);
  return r;
};
for (const s of specs) await once(s);
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < specs.length; i++) {
    const s = specs[(i + round) % specs.length];
    const { ms, cpuMs } = await once(s);
    times[s[0]].push([Math.round(ms), Math.round(cpuMs)]);
    console.log(`round ${round + 1} ${s[0]} wall ${Math.round(ms)} cpu ${Math.round(cpuMs)}`);
  }
}
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const medians = Object.fromEntries(
  Object.entries(times).map(([k, v]) => [k, { wall: med(v.map((x) => x[0])), cpu: med(v.map((x) => x[1])) }]),
);
for (const [k, m] of Object.entries(medians))
  console.log(`${k.padEnd(5)} median wall ${m.wall} ms, cpu ${m.cpu} ms`);
console.log(
  `new / old: wall ${(medians.new.wall / medians.old.wall).toFixed(3)}, cpu ${(medians.new.cpu / medians.old.cpu).toFixed(3)}`,
);
writeFileSync(
  join(repoRoot, 'bench', 'flaky-overhead', '.work', 'history-ab.json'),
  `${JSON.stringify({ against: values.against, rounds, recordedAt: new Date().toISOString(), medians, times }, null, 2)}\n`,
);
