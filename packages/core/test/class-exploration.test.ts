import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GenerateReport, generateTests } from '../src/index.js';
import { copyFixture, makeJestProject } from './helpers.js';

const require = createRequire(import.meta.url);
const vitestBin = path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const jestBin = path.join(path.dirname(require.resolve('jest/package.json')), 'bin/jest.js');

// fixtures/project/classes: a factory returning { get, set, remove, size }, a class whose options hold a
// comparator and a conversion callback, one whose methods take a value or a node, one whose entries
// expire by the clock, and one that beats on an interval timer.
describe('class and factory exploration (fixtures/project/classes)', () => {
  let root: string;
  let report: GenerateReport;
  const read = (name: string) => fs.readFileSync(path.join(root, `classes/${name}.assay.test.ts`), 'utf8');
  const block = (code: string, name: string) => {
    const start = code.indexOf(`describe('${name}'`);
    const end = code.indexOf('\ndescribe(', start + 1);
    return code.slice(start, end < 0 ? undefined : end);
  };

  beforeAll(async () => {
    root = copyFixture('classes');
    // Generous wall-clock budget: the count limits decide, so a loaded machine sees the same cases.
    report = await generateTests({
      root,
      paths: ['classes'],
      callTimeoutMs: 500,
      unitBudgetMs: 60_000,
      validate: false,
    });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a factory returning an object of functions is driven like a class instance', () => {
    const cache = block(read('collections'), 'createRecentCache');
    expect(cache).toContain('const recentCache = createRecentCache(');
    expect(cache).toContain("toThrow('limit must be a positive integer')");
    // A key set earlier is read back: the hit path runs, and its value is asserted.
    expect(cache).toMatch(
      /recentCache\.set\('([^']*)', (\d+)\);\n(?:.*\n)*?\s+expect\(recentCache\.get\('\1'\)\)\.toBe\(\2\);/,
    );
    expect(cache).toMatch(/expect\(recentCache\.size\(\)\)\.toBe\(\d\);/);
    const unit = report.files[0]!.units.find((u) => u.name === 'createRecentCache');
    expect(unit).toMatchObject({ kind: 'class' });
  });

  test('options callbacks are stubs that behave as their signature says, with elements given', () => {
    const sorted = block(read('collections'), 'SortedList');
    expect(sorted).toContain('const compare = vi.fn((a, b) => (a < b ? -1 : a > b ? 1 : 0));');
    expect(sorted).toContain('const toItem = vi.fn((value) => value);');
    // Iterable<T> parameters take arrays: the constructor's loop runs through toItem.
    expect(sorted).toMatch(/new SortedList\(\[\d+(, \d+)+\], \{ compare, toItem \}\)/);
    expect(sorted).toMatch(/expect\(toItem\)\.toHaveBeenNthCalledWith\(1, \d+\);/);
    // A generator method is read to its end: its items show the comparator's order.
    expect(sorted).toMatch(/expect\(\[\.\.\.sortedList\.values\(\)\]\)\.toEqual\(\[\d+(, \d+)+\]\);/);
    // Both the option and its absence are explored.
    expect(sorted).toMatch(
      /new SortedList\(\[[^\]]*\], \{\}\)|new SortedList\(\)|new SortedList\(\[[^\]]*\]\)/,
    );
  });

  test('a node an earlier call returned is passed back to a method that takes one', () => {
    const chain = block(read('collections'), 'Chain');
    expect(chain).toMatch(
      /const pushResult = chain\.push\(\d+\);\n(?:.*\n)*?\s+expect\(chain\.unlink\(pushResult\)\)\.toBe\(true\);/,
    );
  });

  test('a parameter typed as a value or a node is called with values', () => {
    const chain = block(read('collections'), 'Chain');
    expect(chain).toMatch(/chain\.push\((\d+)\)\)(?:.*\n)*?\s+expect\(chain\.has\(\1\)\)\.toBe\(true\);/);
    expect(report.files[0]!.units.flatMap((u) => u.problems).map((p) => p.message)).not.toContainEqual(
      expect.stringContaining('Chain.prototype.has'),
    );
  });

  test('a class reading the clock gets sequences where time passes', () => {
    const code = read('expiring');
    expect(code).toContain('vi.advanceTimersByTime(86400000);');
    expect(code).toMatch(/1 day passes, get\(/);
  });

  test('a class that sets timers runs under fake timers, and time passes so their callbacks run', () => {
    const code = read('heartbeat');
    expect(code).toMatch(
      /vi\.useFakeTimers\(\{\s+now: new Date\('2024-01-15T12:00:00\.000Z'\),\s+toFake: \[/,
    );
    expect(code).toMatch(
      /vi\.advanceTimersByTime\(\d+\);\n(?:.*\n)*?\s+expect\(onBeat\)\.toHaveBeenNthCalledWith\(1, 1\);/,
    );
    expect(code).toContain('vi.useRealTimers();');
  });

  test('the generated tests pass under real Vitest, run after run', () => {
    fs.writeFileSync(
      path.join(root, 'vitest.config.ts'),
      "export default { test: { include: ['classes/**/*.test.ts'] } };\n",
    );
    for (let run = 0; run < 2; run++) {
      const result = spawnSync(process.execPath, [vitestBin, 'run'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      expect(result.stdout).toMatch(/Tests\s+\d+ passed \(\d+\)/);
      expect(result.stdout + result.stderr).not.toMatch(/FAIL/);
      expect(result.status).toBe(0);
    }
  });
});

test('the same shapes generate Jest tests that pass under Jest', async () => {
  const root = copyFixture('classes-jest');
  try {
    makeJestProject(root, ['**/*.assay.test.ts']);
    const report = await generateTests({ root, paths: ['classes'], callTimeoutMs: 500, validate: false });
    expect(report.framework).toBe('jest');
    expect(fs.readFileSync(path.join(root, 'classes/expiring.assay.test.ts'), 'utf8')).toContain(
      'jest.advanceTimersByTime(',
    );
    const result = spawnSync(process.execPath, [jestBin, '--ci'], { cwd: root, encoding: 'utf8' });
    expect(result.stderr).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(result.stderr).not.toMatch(/failed/);
    expect(result.status).toBe(0);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
