import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type FixtureRunner, IDS, orderFixture } from './diagnose-fixtures.js';
import { assay, recordRuns, tempProject } from './history-fixtures.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function fixture(runner: FixtureRunner): string {
  const root = orderFixture(runner);
  roots.push(root);
  return root;
}

// Few runs keep each test near 10 runner invocations (the defaults make 13–25).
const QUICK = [
  '--runs',
  '3',
  '--file-runs',
  '1',
  '--shuffles',
  '2',
  '--confirm',
  '1',
  '--seed',
  '1',
  '--json',
];

describe.each(['vitest', 'jest'] as const)('assay flaky diagnose with %s', (runner) => {
  test('names the test that pollutes the victim', () => {
    const root = fixture(runner);
    const result = assay(['flaky', 'diagnose', IDS.victim, ...QUICK], root);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      test: IDS.victim,
      verdict: 'order-dependent',
      kind: 'polluter',
      culprit: IDS.polluter,
      message: `order-dependent: fails after ${IDS.polluter}`,
      alone: { runs: 4, failed: 0 },
      fileOrder: { runs: 1, failed: 1 },
      runner: { name: runner },
    });
    expect(report.invocations).toBeLessThanOrEqual(11);
  });

  test('does not blame order for a test that fails on its own', () => {
    const root = fixture(runner);
    const result = assay(['flaky', 'diagnose', IDS.flaky, ...QUICK], root);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.verdict).toBe('not-order-dependent');
    expect(report.message).toMatch(/^not order-dependent \(fails alone: [12]\/3\)$/);
    expect(report.culprit).toBeUndefined();
  });
});

describe('assay flaky diagnose errors', () => {
  test('suggests close ids when the file has no such test', async () => {
    const root = fixture('vitest');
    await recordRuns(root, { [IDS.victim]: 'PF', [IDS.innocent]: 'PP' });
    const typo = IDS.victim.replace('casually', 'casualy');
    const result = assay(['flaky', 'diagnose', typo, '--runs', '1'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no test "${typo}" in test/greeting.test.js.`);
    expect(result.stderr).toContain(`Did you mean:\n  ${IDS.victim}\n`);
  });

  test('names the missing file of a test id', () => {
    const root = fixture('vitest');
    const result = assay(['flaky', 'diagnose', 'test/gone.test.js::greeting > hi'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no file test/gone.test.js under');
  });

  test('says what to do when it cannot tell the runner', () => {
    const root = tempProject();
    roots.push(root);
    writeFileSync(join(root, 'a.test.js'), '');
    writeFileSync(join(root, 'package.json'), '{"devDependencies":{"jest":"30.0.0","vitest":"4.0.0"}}');
    const result = assay(['flaky', 'diagnose', 'a.test.js::x'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('uses both Vitest and Jest: pass --runner vitest or --runner jest.');
  });
});
