// Code versions end to end, for any runner: a flaky test is flaky from its first failure among passes
// of the same code, without git; a change to a module the test imports makes the next failure broken.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunStore } from '@assay/history';
import { expect, test } from 'vitest';
import type { RunnerHarness } from '../runners.js';

export function codeVersionScenarios(runner: RunnerHarness): void {
  test('without git: a failure among passes of the same code is flaky at once; a change to an imported module makes the next failure broken', async () => {
    const root = runner.project({
      'src/dep.ts': 'export const two = (): number => 2;\n',
      'src/lazy.ts': 'export const three = 3;\n',
      'test/a.test.ts': runner.testFile(`${runner.load('two', '../src/dep', 'top')}
test('flaky', ${runner.failsOnRuns('flaky', [3])});
test('sum', async () => {
  ${runner.load('three', '../src/lazy', 'test')}
  expect(two() + three).toBe(5);
});
`),
    });
    for (const run of [1, 2]) expect((await runner.run(root)).code, `run ${run}`).toBe(0);
    const third = await runner.run(root);
    expect(third.code).toBe(1);
    expect(runner.summaryOf(third)).toContain('new flaky tests (1)');
    expect(runner.summaryOf(third)).toContain(
      'test/a.test.ts::flaky — passed and failed at the same code version',
    );

    // Only a module the test file imports changes (loaded inside the test).
    writeFileSync(join(root, 'src', 'lazy.ts'), 'export const three = 4;\n');
    const fourth = await runner.run(root);
    expect(fourth.code).toBe(1);
    expect(runner.summaryOf(fourth)).toMatch(
      /broken tests \(1\)[\s\S]*test\/a\.test\.ts::sum — failed at a new code version where it has not passed yet/,
    );

    const { runs } = await RunStore.forRoot(root).read();
    const files = runs.map((r) => r.record.files['test/a.test.ts']!);
    expect(files[0]).toMatchObject({ version: expect.stringMatching(/^[0-9a-f]{40}$/), modules: 3 });
    expect(files[2]!.version).toBe(files[0]!.version);
    expect(files[3]!.version).not.toBe(files[0]!.version);
    expect(files[3]!.hash).toBe(files[0]!.hash); // the test file itself did not change
    expect(runs[0]!.record.commit).toBeUndefined();
    expect(runs[0]!.record.machine).toEqual(expect.any(String));
  });
}
