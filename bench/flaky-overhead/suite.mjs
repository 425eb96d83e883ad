// The overhead benchmarks' suite, for either runner: 50 files × 40 tests in nested describes. Each test
// does a little real work (sort, JSON round trip, string building) sized by the seeded generator, like
// a typical unit test. bench/flaky-overhead (Vitest) and bench/jest-overhead (Jest) both use it.
import { prng } from '../flaky-detection/lib.mjs';

export const FILES = 50;
export const TESTS_PER_FILE = 40;
/** Project modules each test file imports when the suite has `sources`. */
export const IMPORTS_PER_FILE = 5;

/**
 * @param {{ seed: number, runner: 'jest' | 'vitest', sources?: number }} options
 *   `sources`: that many project modules under `src/`, each test file importing
 *   {@link IMPORTS_PER_FILE} of them (drawn from the seed), so the plugin's code version hashes real
 *   imports; 0 (the default) gives the suite of sessions 1–5, whose test files import nothing.
 * @returns {Record<string, string>}
 */
export function overheadSuite({ seed, runner, sources = 0 }) {
  const rand = prng(seed);
  // A generator of its own, so the tests themselves do not depend on `sources`.
  const pick = prng(seed + 1);
  const files = {};
  for (let s = 0; s < sources; s++) {
    files[`src/helper${s}.ts`] =
      `export function helper${s}(xs: number[]): number {\n  return xs.reduce((a, x) => a + ((x * ${s + 3}) % 97), 0);\n}\n`;
  }
  for (let f = 0; f < FILES; f++) {
    const lines = runner === 'vitest' ? [`import { describe, test, expect } from 'vitest';`] : [];
    const used = [];
    while (used.length < Math.min(IMPORTS_PER_FILE, sources)) {
      const s = Math.floor(pick() * sources);
      if (!used.includes(s)) used.push(s);
    }
    const ext = runner === 'vitest' ? '.ts' : '';
    for (const s of used) lines.push(`import { helper${s} } from '../src/helper${s}${ext}';`);
    // Called at import, so the test count stays 2,000.
    if (used.length)
      lines.push(`export const used = ${used.map((s) => `helper${s}([${f}, ${s}])`).join(' + ')};`);
    lines.push(`describe('module ${f}', () => {`);
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
  return files;
}
