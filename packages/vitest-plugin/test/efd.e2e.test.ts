import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { byId, failsOnRuns, recordedTests, withPlugin, writeFilesNow } from './fixtures.js';
import { cleanup, createProject, RUNNERS, runVitest } from './project.js';

afterAll(cleanup);

describe.concurrent.each(RUNNERS)('early flake detection with $label', (runner) => {
  test('runs a test the history has never seen several times and calls it flaky when attempts disagree', async () => {
    const root = createProject(runner, {
      ...withPlugin('{ earlyFlakeDetection: { runs: 4 } }'),
      'a.test.ts': `import { test } from 'vitest';\ntest('old', () => {});\n`,
    });
    const first = await runVitest(runner, root);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('early flake detection waits for a first recorded run');

    writeFilesNow(root, {
      'a.test.ts': `import { test } from 'vitest';\ntest('old', ${failsOnRuns('old', [])});\ntest('new', ${failsOnRuns('new', [3])});\n`,
    });
    const second = await runVitest(runner, root);
    // The new test failed one of its four attempts: the run fails, and the test is flaky, not broken.
    expect(second.code).toBe(1);
    const tests = byId((await recordedTests(root))[1]!);
    expect(tests['a.test.ts::new']).toMatchObject({ state: 'failed', attempts: { passed: 3, failed: 1 } });
    expect(tests['a.test.ts::old']!.attempts).toBeUndefined();
    expect(second.stdout).toContain('new flaky tests (1)\n    a.test.ts::new');
    expect(readCount(root, 'old')).toBe(1);
    expect(readCount(root, 'new')).toBe(4);
  });
});

function readCount(root: string, name: string): number {
  return Number(readFileSync(join(root, `.count-${name}`), 'utf8'));
}
