// The detection benchmark's suite, for either runner: stable tests, deliberately broken tests, tests
// broken by a change, and flaky tests of four kinds (random failure with probability 5–50 %,
// order-dependent, timing-dependent, shared state across files). Generated from a seed, never from
// Math.random. bench/flaky-detection (Vitest) and bench/jest-detection (Jest) both generate it here:
// the same seed gives the same tests, so figures of both runners can be compared.
import { prng } from './lib.mjs';

export const COUNTS = Object.freeze({
  stable: 200,
  broken: 15,
  changed: 10,
  random: 40,
  order: 20,
  timing: 20,
  shared: 10,
});
export const UNIT_FILES = 20;
/** Scheduled-flaky tests: for each k in 1..6, this many tests fail on exactly k of 10 runs. */
export const SCHEDULED_PER_COUNT = 3;

/**
 * @param {{ seed: number, runner: 'jest' | 'vitest', scheduled?: boolean }} options
 *   `scheduled`: add tests that fail on exactly k of 10 runs (k = 1..6, runs drawn from the seed,
 *   never all of them), each in its own file that loads nothing the change touches.
 * @returns {{ files: Record<string, string>, truth: Map<string, string>, change: Record<string, string> }}
 *   `files`: the project's test and source files; `truth`: test id → kind (kinds ending in "-flaky"
 *   are flaky); `change`: the files to write at the run where the "changed" tests break.
 */
export function generateSuite({ seed, runner, scheduled = false }) {
  const vitest = runner === 'vitest';
  const rand = prng(seed);
  const truth = new Map();
  const unit = Array.from({ length: UNIT_FILES }, () => []);
  const sources = {};
  const change = {};
  const files = {};
  const header = (names) => (vitest ? [`import { ${names} } from 'vitest';`] : []);
  const place = (kind, body, name) => {
    unit[Math.floor(rand() * UNIT_FILES)].push({ kind, name, body });
  };

  for (let i = 0; i < COUNTS.stable; i++) {
    const a = Math.floor(rand() * 100);
    const b = Math.floor(rand() * 100);
    place('stable', `expect(add(${a}, ${b})).toBe(${a + b});`, `stable ${i}`);
  }
  for (let i = 0; i < COUNTS.broken; i++) {
    const a = Math.floor(rand() * 100);
    place('broken', `expect(add(${a}, 1)).toBe(${a + 2});`, `broken ${i}`);
  }
  for (let i = 0; i < COUNTS.changed; i++) {
    sources[`src/feature${i}.ts`] = `export const feature${i} = (x: number): number => x * 2;\n`;
    change[`src/feature${i}.ts`] = `export const feature${i} = (x: number): number => x * 2 + 1;\n`;
    const load = vitest
      ? `const { feature${i} } = await import('../src/feature${i}.ts');`
      : `const { feature${i} } = require('../src/feature${i}');`;
    place('changed', `${load}\n      expect(feature${i}(21)).toBe(42);`, `changed ${i}`);
  }
  for (let i = 0; i < COUNTS.random; i++) {
    const p = +(0.05 + rand() * 0.45).toFixed(3);
    place('random-flaky', `expect(chance(${i})).toBeGreaterThanOrEqual(${p});`, `random ${i} p=${p}`);
  }
  for (let i = 0; i < COUNTS.timing; i++) {
    // A timer must fire within a small slack of its delay: it fails when the machine is busy.
    const delay = 2 + Math.floor(rand() * 10);
    const slack = +(0.3 + rand() * 2.5).toFixed(2);
    place(
      'timing-flaky',
      `const start = performance.now();\n      await new Promise((r) => setTimeout(r, ${delay}));\n      expect(performance.now() - start).toBeLessThan(${delay + slack});`,
      `timing ${i}`,
    );
  }
  const ext = vitest ? '.ts' : '';
  for (let f = 0; f < UNIT_FILES; f++) {
    const lines = [
      ...header('describe, test, expect'),
      `import { add } from '../src/add${ext}';`,
      `import { chance } from '../src/chance${ext}';`,
      `describe('unit ${f}', () => {`,
    ];
    for (const t of unit[f]) {
      truth.set(`test/unit${f}.test.ts::unit ${f} > ${t.name}`, t.kind);
      lines.push(`  test(${JSON.stringify(t.name)}, async () => {`, `      ${t.body}`, '  });');
    }
    lines.push('});');
    files[`test/unit${f}.test.ts`] = `${lines.join('\n')}\n`;
  }
  // Order-dependent: a test that relies on state another test in the same file leaves behind.
  for (let i = 0; i < COUNTS.order; i++) {
    const f = `test/order${i}.test.ts`;
    files[f] = `${header('describe, test, expect').join('\n')}
const cache: Record<string, number> = {};
describe('order ${i}', () => {
  test('fills the cache', () => { cache.value = ${i}; expect(cache.value).toBe(${i}); });
  test('reads the cache', () => { expect(cache.value).toBe(${i}); });
  test('unrelated', () => { expect([${i}].length).toBe(1); });
});
`;
    truth.set(`${f}::order ${i} > fills the cache`, 'stable');
    truth.set(`${f}::order ${i} > reads the cache`, 'order-flaky');
    truth.set(`${f}::order ${i} > unrelated`, 'stable');
  }
  // Shared state across files: one file leaves a file on disk that a test of another file does not expect.
  for (let i = 0; i < COUNTS.shared; i++) {
    files[`test/shared${i}a.test.ts`] = `${header('test, expect').join('\n')}
import { mkdirSync, writeFileSync } from 'node:fs';
test('writes a lock ${i}', () => { mkdirSync('.state', { recursive: true }); writeFileSync('.state/lock${i}', 'x'); expect(true).toBe(true); });
`;
    files[`test/shared${i}b.test.ts`] = `${header('test, expect').join('\n')}
import { existsSync } from 'node:fs';
test('starts without a lock ${i}', () => { expect(existsSync('.state/lock${i}')).toBe(false); });
`;
    truth.set(`test/shared${i}a.test.ts::writes a lock ${i}`, 'stable');
    truth.set(`test/shared${i}b.test.ts::starts without a lock ${i}`, 'shared-flaky');
  }
  if (scheduled) {
    for (let k = 1; k <= 6; k++) {
      for (let j = 0; j < SCHEDULED_PER_COUNT; j++) {
        const runs = Array.from({ length: 10 }, (_, i) => i + 1);
        for (let i = runs.length - 1; i > 0; i--) {
          const swap = Math.floor(rand() * (i + 1));
          [runs[i], runs[swap]] = [runs[swap], runs[i]];
        }
        const failing = runs.slice(0, k).sort((a, b) => a - b);
        const name = `fails on runs ${failing.join(',')}`;
        const f = `test/scheduled${k}-${j}.test.ts`;
        files[f] = `${header('test, expect').join('\n')}
import { add } from '../src/add${ext}';
test(${JSON.stringify(name)}, () => {
  expect(${JSON.stringify(failing)}.includes(Number(process.env.BENCH_RUN)) ? 0 : add(1, 1)).toBe(2);
});
`;
        truth.set(`${f}::${name}`, 'scheduled-flaky');
      }
    }
  }
  Object.assign(files, sources, {
    'src/add.ts': 'export const add = (a: number, b: number): number => a + b;\n',
    // Seeded "randomness" per run and test, so a run of the benchmark can be replayed exactly.
    // A retry within a run draws again (attempt 2, 3, ...), as real random failures would.
    'src/chance.ts': `const run = Number(process.env.BENCH_RUN ?? 0);
const attempts = new Map<number, number>();
export function chance(test: number): number {
  const attempt = (attempts.get(test) ?? 0) + 1;
  attempts.set(test, attempt);
  let a = (${seed} * 1000003 + run * 7919 + test * 104729 + (attempt - 1) * 15485863) >>> 0;
  a = (a + 0x6d2b79f5) >>> 0;
  let t = Math.imul(a ^ (a >>> 15), a | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
`,
  });
  return { files, truth, change };
}
