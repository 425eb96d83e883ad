import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readQuarantine } from '@assay/history';
import { afterAll, describe, expect, test } from 'vitest';
import { byId, failsOnRuns, quarantineJson, recordedTests, withPlugin } from './fixtures.js';
import { cleanup, createProject, RUNNERS, runVitest } from './project.js';

afterAll(cleanup);

const FLAKY_ID = 'src/net.test.ts::net > reconnects';

function project(runner: (typeof RUNNERS)[number], options = '{}', extra: Record<string, string> = {}) {
  return createProject(runner, {
    ...withPlugin(options),
    ...quarantineJson([{ id: FLAKY_ID, reason: 'races the server, #12' }]),
    'src/net.test.ts': `import { describe, test, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
describe('net', () => {
  test('connects', () => expect(true).toBe(true));
  test('reconnects', () => { writeFileSync('.ran-reconnects', 'yes'); expect('late').toBe('on time'); });
});
`,
    ...extra,
  });
}

describe.concurrent.each(RUNNERS)('quarantine with $label', (runner) => {
  test('report mode: the quarantined test runs and is recorded, its failure alone exits 0', async () => {
    const root = project(runner);
    const result = await runVitest(runner, root);
    expect(result.code).toBe(0);
    expect(existsSync(join(root, '.ran-reconnects'))).toBe(true);
    const [tests] = await recordedTests(root);
    expect(byId(tests!)[FLAKY_ID]).toMatchObject({
      state: 'failed',
      quarantined: true,
      error: expect.stringContaining('late'),
    });
    expect(result.stdout).toContain(`quarantined failures, not failing the build (1)\n    ${FLAKY_ID}`);
  });

  test('report mode: any other failure still exits non-zero', async () => {
    const root = project(runner, '{}', {
      'src/other.test.ts': `import { test, expect } from 'vitest';\ntest('real bug', () => expect(1).toBe(2));\n`,
    });
    expect((await runVitest(runner, root)).code).toBe(1);
  });

  test('report mode: a file that fails to load still exits non-zero', async () => {
    const root = project(runner, '{}', {
      'src/broken.test.ts': `import './does-not-exist.js';\n`,
    });
    expect((await runVitest(runner, root)).code).toBe(1);
  });

  test('report mode: a failing beforeAll hook still exits non-zero', async () => {
    const root = project(runner, '{}', {
      'src/hook.test.ts': `import { beforeAll, test } from 'vitest';\nbeforeAll(() => { throw new Error('db down'); });\ntest('uses db', () => {});\n`,
    });
    expect((await runVitest(runner, root)).code).toBe(1);
  });

  test('skip mode (from config) does not run the quarantined test', async () => {
    const root = project(runner, "{ quarantine: { mode: 'skip' } }");
    const result = await runVitest(runner, root);
    expect(result.code).toBe(0);
    expect(existsSync(join(root, '.ran-reconnects'))).toBe(false);
    const [tests] = await recordedTests(root);
    expect(byId(tests!)[FLAKY_ID]).toMatchObject({ state: 'skipped', quarantined: true });
  });

  test('ASSAY_QUARANTINE overrides the configured mode', async () => {
    const skip = project(runner);
    expect((await runVitest(runner, skip, [], { ASSAY_QUARANTINE: 'skip' })).code).toBe(0);
    expect(existsSync(join(skip, '.ran-reconnects'))).toBe(false);
    const off = project(runner, "{ quarantine: { mode: 'skip' } }");
    expect((await runVitest(runner, off, [], { ASSAY_QUARANTINE: 'off' })).code).toBe(1);
    expect(existsSync(join(off, '.ran-reconnects'))).toBe(true);
  });

  test('an invalid ASSAY_QUARANTINE value stops the run with a clear message', async () => {
    const root = project(runner);
    const result = await runVitest(runner, root, [], { ASSAY_QUARANTINE: 'later' });
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('ASSAY_QUARANTINE: "later" is not a quarantine mode');
  });

  test('a broken quarantine file stops the run, naming the file', async () => {
    const root = project(runner, '{}', { '.assay/quarantine.json': '{ "tests": [ { "id": "x" } ] }' });
    const result = await runVitest(runner, root);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/quarantine\.json: tests\[0\]\.id "x" is not a test id/);
  });

  test('the in-code marker quarantines a test where it is written', async () => {
    const files = {
      ...withPlugin(),
      'a.test.ts': `import { test, expect } from 'vitest';
import { quarantined } from '@assay/vitest-plugin/runtime';
test('marked', quarantined('flaky upstream, #7', () => expect(1).toBe(2)));
test('plain', () => {});
`,
    };
    const report = createProject(runner, files);
    const reported = await runVitest(runner, report);
    expect(reported.code).toBe(0);
    expect(byId((await recordedTests(report))[0]!)['a.test.ts::marked']).toMatchObject({
      state: 'failed',
      quarantined: true,
    });

    const skip = createProject(runner, files);
    expect((await runVitest(runner, skip, [], { ASSAY_QUARANTINE: 'skip' })).code).toBe(0);
    expect(byId((await recordedTests(skip))[0]!)['a.test.ts::marked']).toMatchObject({
      state: 'skipped',
      quarantined: true,
    });

    const off = createProject(runner, files);
    expect((await runVitest(runner, off, [], { ASSAY_QUARANTINE: 'off' })).code).toBe(1);
  });

  test('the in-code marker keeps test.extend fixtures working', async () => {
    const root = createProject(runner, {
      ...withPlugin(),
      'a.test.ts': `import { test, expect } from 'vitest';
import { quarantined } from '@assay/vitest-plugin/runtime';
const it = test.extend<{ db: number }>({ db: async ({}, use) => { await use(42); } });
it('uses the fixture', quarantined('flaky db, #9', ({ db }) => expect(db).toBe(41)));
`,
    });
    const result = await runVitest(runner, root);
    expect(result.code).toBe(0);
    const [tests] = await recordedTests(root);
    expect(byId(tests!)['a.test.ts::uses the fixture']).toMatchObject({
      state: 'failed',
      quarantined: true,
      error: expect.stringContaining('expected 42 to be 41'),
    });
  });

  test('auto-quarantine adds a test flaky in two runs in a row; broken tests are never added', async () => {
    const root = createProject(runner, {
      ...withPlugin('{ retry: 1, quarantine: { autoQuarantine: { afterFlakyRuns: 2 } } }'),
      'a.test.ts': `import { test, expect } from 'vitest';
test('wobbly', ${failsOnRuns('w', [1, 3])});
test('broken', () => expect(1).toBe(2));
`,
    });
    await runVitest(runner, root);
    expect((await readQuarantine(root)).tests).toEqual([]);
    const second = await runVitest(runner, root);
    const list = (await readQuarantine(root)).tests;
    expect(list).toEqual([expect.objectContaining({ id: 'a.test.ts::wobbly', auto: true })]);
    expect(second.stdout).toContain('quarantined by policy (1)');
    expect(readFileSync(join(root, '.assay/quarantine.json'), 'utf8')).toContain('auto-quarantined');
  });
});
