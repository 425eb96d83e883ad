// Diagnoses three known cases with the built `assay flaky diagnose`, under Vitest and Jest, and
// records what it says, how many runner invocations it made and how long it took.
//
//   pnpm turbo run build --filter=assay...
//   node bench/order-diagnosis/run.mjs [--seed <n>]
//
// The suite is written to .work/ (ignored) each time: a 40-test file whose test 9 warms a
// module-level price cache that test 33 expects cold (polluter declared before the victim); a
// 12-test file whose polluter is declared after its victim (only shuffled orders reveal it); and a
// test that fails half the time on its own (flaky, not order-dependent).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..', '..');
const bin = join(repo, 'packages', 'cli', 'dist', 'bin.js');
const seedAt = process.argv.indexOf('--seed');
const seed = seedAt > 0 ? Number(process.argv[seedAt + 1]) : 1;

const RUNNERS = {
  vitest: join(repo, 'node_modules', 'vitest'),
  jest: join(repo, 'packages', 'jest-plugin', 'node_modules', 'jest'),
};

const CASES = [
  {
    name: 'polluter declared 24 tests before the victim',
    id: 'test/prices.test.js::prices > t33 reads a cold cache',
    expect: { verdict: 'order-dependent', culprit: 'test/prices.test.js::prices > t09 warms the cache' },
  },
  {
    name: 'polluter declared after the victim',
    id: 'test/locale.test.js::locale > t03 formats in English',
    expect: { verdict: 'order-dependent', culprit: 'test/locale.test.js::locale > t08 switches to French' },
  },
  {
    name: 'fails half the time on its own',
    id: 'test/coin.test.js::coin > lands heads',
    expect: { verdict: 'not-order-dependent' },
  },
];

function write(root, path, text) {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
}

function project(runner) {
  const root = join(here, '.work', runner);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  symlinkSync(realpathSync(RUNNERS[runner]), join(root, 'node_modules', runner), 'dir');
  const esm = runner === 'vitest';
  const head = (names, from) =>
    esm
      ? `import { describe, expect, test } from 'vitest';\nimport { ${names} } from '${from}.js';\n`
      : `const { ${names} } = require('${from}');\n`;
  const exp = (names) => (esm ? `export { ${names} };\n` : `module.exports = { ${names} };\n`);
  write(
    root,
    'package.json',
    JSON.stringify(
      esm
        ? { type: 'module', devDependencies: { vitest: '*' } }
        : { jest: { transform: {}, testEnvironment: 'node' }, devDependencies: { jest: '*' } },
    ),
  );
  write(
    root,
    'src/prices.js',
    `const cache = new Map();
function price(item, compute) {
  if (!cache.has(item)) cache.set(item, compute());
  return cache.get(item);
}
function cached() { return cache.size; }
${exp('price, cached')}`,
  );
  const prices = [];
  for (let i = 1; i <= 40; i++) {
    const n = String(i).padStart(2, '0');
    if (i === 9)
      prices.push(`  test('t09 warms the cache', () => { expect(price('tea', () => 3)).toBe(3); });`);
    else if (i === 33)
      prices.push(
        `  test('t33 reads a cold cache', () => { expect(cached()).toBe(0); expect(price('tea', () => 4)).toBe(4); });`,
      );
    else prices.push(`  test('t${n} adds', () => { expect(${i} + 1).toBe(${i + 1}); });`);
  }
  write(
    root,
    'test/prices.test.js',
    `${head('price, cached', '../src/prices')}\ndescribe('prices', () => {\n${prices.join('\n')}\n});\n`,
  );
  write(
    root,
    'src/locale.js',
    `const settings = { locale: 'en' };
function format(n) { return settings.locale === 'fr' ? n.toFixed(2).replace('.', ',') : n.toFixed(2); }
${exp('settings, format')}`,
  );
  const locale = [];
  for (let i = 1; i <= 12; i++) {
    const n = String(i).padStart(2, '0');
    if (i === 3)
      locale.push(`  test('t03 formats in English', () => { expect(format(1.5)).toBe('1.50'); });`);
    else if (i === 8)
      locale.push(
        `  test('t08 switches to French', () => { settings.locale = 'fr'; expect(format(1.5)).toBe('1,50'); });`,
      );
    else
      locale.push(`  test('t${n} rounds', () => { expect(format(${i}.005).length).toBeGreaterThan(3); });`);
  }
  write(
    root,
    'test/locale.test.js',
    `${head('settings, format', '../src/locale')}\ndescribe('locale', () => {\n${locale.join('\n')}\n});\n`,
  );
  write(
    root,
    'test/coin.test.js',
    `${esm ? "import { describe, expect, test } from 'vitest';\n" : ''}
describe('coin', () => {
  test('lands heads', () => { expect(Math.random()).toBeLessThan(0.5); });
  test('has two sides', () => { expect(2).toBe(2); });
});
`,
  );
  return root;
}

const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
const results = {
  seed,
  node: process.version,
  startedAt: new Date().toISOString(),
  loadBefore: uptime(),
  runs: [],
};
for (const runner of Object.keys(RUNNERS)) {
  const root = project(runner);
  for (const c of CASES) {
    const started = Date.now();
    const child = spawnSync(
      process.execPath,
      [bin, 'flaky', 'diagnose', c.id, '--json', '--seed', String(seed)],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    const wallMs = Date.now() - started;
    const report = child.status === 0 ? JSON.parse(child.stdout) : { error: child.stderr };
    const ok =
      report.verdict === c.expect.verdict &&
      (c.expect.culprit ? report.culprit === c.expect.culprit : !report.culprit);
    const row = {
      runner: `${runner} ${report.runner?.version ?? '?'}`,
      case: c.name,
      ok,
      message: report.message ?? report.error,
      invocations: report.invocations,
      wallMs,
      perInvocationMs: report.invocations ? Math.round(wallMs / report.invocations) : undefined,
    };
    results.runs.push(row);
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${row.runner} · ${c.name}: ${row.message} · ${row.invocations} runs · ${(wallMs / 1000).toFixed(1)} s`,
    );
  }
}
results.loadAfter = uptime();
mkdirSync(join(here, '.work'), { recursive: true });
writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`load before: ${results.loadBefore}\nload after:  ${results.loadAfter}`);
process.exitCode = results.runs.every((r) => r.ok) ? 0 : 1;
