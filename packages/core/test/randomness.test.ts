import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GenerateReport, generateTests } from '../src/index.js';
import { bin, makeJestProject, runNode, sourceProject } from './helpers.js';

// Code that reads Math.random: a sort with a random pivot always returns the same array (random
// inside, stable outside: asserted as it is); dice rolls depend on the draws (asserted with the
// sandbox's fixed sequence installed in the test).
// Strings, not numbers: with NaN among numbers the pivot decides which elements survive, and assay
// rightly installs the sequence for that case.
const SORT = `/** Sorts strings ascending with a randomly chosen pivot. */
export function quickSort(values: string[]): string[] {
  if (values.length <= 1) return [...values];
  const pivot = values[Math.floor(Math.random() * values.length)]!;
  const less = values.filter((v) => v < pivot);
  const same = values.filter((v) => v === pivot);
  const more = values.filter((v) => v > pivot);
  return [...quickSort(less), ...same, ...quickSort(more)];
}
`;
const DICE = `/** Rolls \`count\` dice of \`sides\` sides. */
export function roll(sides: number, count: number): number[] {
  if (!Number.isInteger(sides) || sides < 2) throw new RangeError('sides must be an integer of at least 2');
  if (count > 20) throw new RangeError('at most 20 dice');
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(1 + Math.floor(Math.random() * sides));
  return out;
}
`;

const project = (name: string) => sourceProject(name, { 'src/sort.ts': SORT, 'src/dice.ts': DICE });

describe('code that reads Math.random, under Vitest', () => {
  let root: string;
  let report: GenerateReport;
  const read = (name: string) => fs.readFileSync(path.join(root, `src/${name}.assay.test.ts`), 'utf8');

  beforeAll(async () => {
    root = project('random');
    report = await generateTests({ root, paths: ['src'], property: false, maxIterations: 0 });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a result that does not depend on the draws is asserted with no mock of Math.random', () => {
    const code = read('sort');
    expect(code).not.toContain("spyOn(Math, 'random')");
    // A sorted array of more than one element is asserted (the random pivot was really drawn).
    expect(code).toMatch(/\['[^']*'(, '[^']*')+\]/);
    const sort = report.files.find((f) => f.source === 'src/sort.ts')!;
    expect(sort.status).toBe('written');
    expect(sort.units[0]!.problems.map((p) => p.code)).not.toContain('unstable');
  });

  test('results that depend on the draws are asserted with the fixed sequence installed in each test', () => {
    const code = read('dice');
    expect(code).toContain(
      "vi.spyOn(Math, 'random').mockImplementation(() => (draw++ * 0.6180339887498949) % 1);",
    );
    expect(code).toMatch(/beforeEach\(\(\) => \{\n[\s\S]*let draw = 0;/);
    // Rolls are asserted as values: arrays of numbers from 1 to sides.
    expect(code).toMatch(/\[[1-9]\d*(, [1-9]\d*)+\]/);
    expect(code).toContain("'sides must be an integer of at least 2'");
    const dice = report.files.find((f) => f.source === 'src/dice.ts')!;
    expect(dice.status).toBe('written');
    expect(dice.tests).toBeGreaterThanOrEqual(3);
  });

  test('both files pass under real Vitest five runs out of five', () => {
    for (let run = 0; run < 5; run++) {
      const result = runNode(root, [bin('vitest', 'vitest.mjs'), 'run', 'src']);
      expect(result.output).toMatch(/Test Files\s+2 passed/);
      expect(result.status).toBe(0);
    }
  });
});

test('under Jest the same files install the sequence with jest.spyOn and pass', async () => {
  const root = project('random-jest');
  try {
    makeJestProject(root, ['**/*.assay.test.ts']);
    await generateTests({ root, paths: ['src'], property: false, maxIterations: 0 });
    expect(fs.readFileSync(path.join(root, 'src/dice.assay.test.ts'), 'utf8')).toContain(
      "jest.spyOn(Math, 'random').mockImplementation(",
    );
    for (let run = 0; run < 2; run++) {
      const result = runNode(root, [bin('jest', 'bin/jest.js'), '--ci']);
      expect(result.output).toMatch(/Tests:\s+\d+ passed, \d+ total/);
      expect(result.output).not.toMatch(/failed/);
      expect(result.status).toBe(0);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
