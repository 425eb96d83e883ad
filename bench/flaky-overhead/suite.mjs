// The overhead benchmarks' suite, for either runner: 50 files × 40 tests in nested describes. Each test
// does a little real work (sort, JSON round trip, string building) sized by the seeded generator, like
// a typical unit test. bench/flaky-overhead (Vitest) and bench/jest-overhead (Jest) both use it.
import { prng } from '../flaky-detection/lib.mjs';

export const FILES = 50;
export const TESTS_PER_FILE = 40;

/** @param {{ seed: number, runner: 'jest' | 'vitest' }} options @returns {Record<string, string>} */
export function overheadSuite({ seed, runner }) {
  const rand = prng(seed);
  const files = {};
  for (let f = 0; f < FILES; f++) {
    const lines = runner === 'vitest' ? [`import { describe, test, expect } from 'vitest';`] : [];
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
