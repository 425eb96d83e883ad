// Where the plugin's overhead goes: the 2,000-test suite of run.mjs under stripped-down configurations
// (no plugin, Jest's own hooks with empty modules, each assay entry alone, all of them), run in
// rotating order in one benchmark run, so every configuration sees the same drift in machine load.
// Usage: node bench/jest-overhead/attribute.mjs [--jest 29|30] [--rounds 8] [--only base,full]
//        (build history and jest-plugin first: pnpm turbo run build --filter @assay/jest-plugin)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, write } from '../flaky-detection/lib.mjs';
import { overheadSuite } from '../flaky-overhead/suite.mjs';
import { freshJestProject, jest, jestConfig } from '../jest-detection/jest.mjs';

const { values } = parseArgs({
  options: {
    jest: { type: 'string', default: '29' },
    rounds: { type: 'string', default: '8' },
    only: { type: 'string' },
  },
});
const JEST = Number(values.jest);
const rounds = Number(values.rounds);

const reporter = `  reporters: ['default', ['@assay/jest-plugin/reporter', {}]],`;
const environment = `  testEnvironment: '@assay/jest-plugin/environment',`;
const setup = `  setupFilesAfterEnv: ['@assay/jest-plugin/setup'],`;
/** Each configuration: the lines added to the base config. */
const VARIANTS = {
  base: [],
  // Jest's own cost of a custom environment, a setup file and a second reporter, with nothing in them.
  'empty-hooks': [
    `  reporters: ['default', '<rootDir>/empty/reporter.js'],`,
    `  testEnvironment: '<rootDir>/empty/environment.js',`,
    `  setupFilesAfterEnv: ['<rootDir>/empty/setup.js'],`,
  ],
  environment: [environment],
  'environment+setup': [environment, setup],
  reporter: [reporter],
  full: [reporter, environment, setup],
};
const names = values.only ? values.only.split(',') : Object.keys(VARIANTS);
for (const name of names) if (!VARIANTS[name]) throw new Error(`--only: no configuration "${name}"`);

const here = join(repoRoot, 'bench', 'jest-overhead');
const dir = join(here, '.work', `attribute-jest${JEST}`);
freshJestProject(dir, { jest: JEST });
write(dir, {
  ...overheadSuite({ seed: 1, runner: 'jest' }),
  'empty/reporter.js': 'module.exports = class { onRunComplete() {} };\n',
  // The `jest-environment-node` this Jest uses (a dependency of jest-config, reached through jest).
  'empty/environment.js': `const from = (name, dir) => require.resolve(name, { paths: [dir] });
module.exports = require(from('jest-environment-node', from('jest-config', from('jest-cli', from('jest', __dirname)))));
`,
  'empty/setup.js': '',
  ...Object.fromEntries(
    names.map((name) => [
      `jest.${name}.config.js`,
      jestConfig({ assay: false, extra: VARIANTS[name].join('\n') }),
    ]),
  ),
});

async function once(name) {
  const result = await jest(dir, ['--config', `jest.${name}.config.js`]);
  if (result.code !== 0 || !/Tests:\s+2000 passed, 2000 total/.test(result.out)) {
    throw new Error(`${name} run failed:\n${result.out}`);
  }
  return result;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

for (const name of names) await once(name); // warm-up: caches, haste map, the history's first runs
const times = Object.fromEntries(names.map((n) => [n, { wall: [], cpu: [] }]));
for (let round = 0; round < rounds; round++) {
  // Rotating order: each configuration runs at each position of a round equally often.
  const order = names.map((_, i) => names[(i + round) % names.length]);
  for (const name of order) {
    const { ms, cpuMs } = await once(name);
    times[name].wall.push(Math.round(ms));
    times[name].cpu.push(Math.round(cpuMs));
    process.stdout.write(
      `round ${round + 1}/${rounds} ${name.padEnd(18)} wall ${ms.toFixed(0)} ms, cpu ${cpuMs.toFixed(0)} ms\n`,
    );
  }
}
const base = times.base ? { wall: median(times.base.wall), cpu: median(times.base.cpu) } : undefined;
const rows = names.map((name) => {
  const wall = median(times[name].wall);
  const cpu = median(times[name].cpu);
  return {
    name,
    wall,
    cpu,
    ...(base ? { wallRatio: +(wall / base.wall).toFixed(4), cpuRatio: +(cpu / base.cpu).toFixed(4) } : {}),
  };
});
console.log('\nconfiguration        median wall  median cpu  wall ratio  cpu ratio');
for (const r of rows) {
  console.log(
    `${r.name.padEnd(20)} ${String(r.wall).padStart(11)} ${String(r.cpu).padStart(11)} ${String(r.wallRatio ?? '').padStart(11)} ${String(r.cpuRatio ?? '').padStart(10)}`,
  );
}
writeFileSync(
  join(here, '.work', `attribute-jest${JEST}.json`),
  `${JSON.stringify({ jest: JEST, rounds, recordedAt: new Date().toISOString(), rows, times }, null, 2)}\n`,
);
