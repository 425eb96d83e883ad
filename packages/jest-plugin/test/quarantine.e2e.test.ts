import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readQuarantine } from '@assay/history';
import { afterAll, describe, expect, test } from 'vitest';
import { byId, failsOnRuns, quarantineJson, recordedTests, withPlugin } from './fixtures.js';
import { cleanup, createProject, JESTS, type JestUnderTest, runJest } from './project.js';

afterAll(cleanup);

const FLAKY_ID = 'src/net.test.js::net > reconnects';

function project(jest: JestUnderTest, options = '{}', extra: Record<string, string> = {}) {
  return createProject(jest, {
    ...withPlugin(options),
    ...quarantineJson([{ id: FLAKY_ID, reason: 'races the server, #12' }]),
    'src/net.test.js': `const { writeFileSync } = require('node:fs');
describe('net', () => {
  test('connects', () => expect(true).toBe(true));
  test('reconnects', () => { writeFileSync('.ran-reconnects', 'yes'); expect('late').toBe('on time'); });
});
`,
    ...extra,
  });
}

describe.concurrent.each(JESTS)('quarantine with $label', (jest) => {
  test('report mode: the quarantined test runs and is recorded, its failure alone exits 0', async () => {
    const root = project(jest);
    const result = await runJest(jest, root, ['--json']);
    expect(result.code).toBe(0);
    expect(existsSync(join(root, '.ran-reconnects'))).toBe(true);
    // stdout stays Jest's JSON report: assay writes to stderr.
    expect(JSON.parse(result.stdout)).toMatchObject({ success: true, numTotalTests: 2 });
    const [tests] = await recordedTests(root);
    expect(byId(tests!)[FLAKY_ID]).toMatchObject({
      state: 'failed',
      quarantined: true,
      error: expect.stringContaining('toBe'),
    });
    expect(result.stderr).toContain(`quarantined failures, not failing the build (1)\n    ${FLAKY_ID}`);
    // Jest still shows the failure itself.
    expect(result.stderr).toContain('● net › reconnects');
  });

  test('report mode: any other failure still exits non-zero', async () => {
    const root = project(jest, '{}', {
      'src/other.test.js': `test('real bug', () => expect(1).toBe(2));\n`,
    });
    const result = await runJest(jest, root);
    expect(result.code).toBe(1);
    expect(byId((await recordedTests(root))[0]!)['src/other.test.js::real bug']).toMatchObject({
      state: 'failed',
    });
  });

  test('report mode: a file that fails to load still exits non-zero', async () => {
    const root = project(jest, '{}', { 'src/broken.test.js': `require('./does-not-exist');\n` });
    expect((await runJest(jest, root)).code).toBe(1);
  });

  test('report mode: a failing beforeAll hook still exits non-zero', async () => {
    const root = project(jest, '{}', {
      'src/hook.test.js': `beforeAll(() => { throw new Error('db down'); });\ntest('uses db', () => {});\n`,
    });
    expect((await runJest(jest, root)).code).toBe(1);
  });

  test('report mode: a failing afterAll hook next to a quarantined failure still exits non-zero', async () => {
    const root = project(jest, '{}', {
      'src/net.test.js': `afterAll(() => { throw new Error('cleanup failed'); });
describe('net', () => { test('reconnects', () => { expect(1).toBe(2); }); });
`,
    });
    expect((await runJest(jest, root)).code).toBe(1);
  });

  test('skip mode (from the reporter options) does not run the quarantined test', async () => {
    const root = project(jest, "{ quarantine: { mode: 'skip' } }");
    const result = await runJest(jest, root);
    expect(result.code).toBe(0);
    expect(existsSync(join(root, '.ran-reconnects'))).toBe(false);
    const [tests] = await recordedTests(root);
    expect(byId(tests!)[FLAKY_ID]).toMatchObject({ state: 'skipped', quarantined: true });
  });

  test('skip mode keeps a quarantined test.concurrent from running (Jest 29 starts them early)', async () => {
    const root = createProject(jest, {
      ...withPlugin(),
      ...quarantineJson([{ id: 'c.test.js::c > flaky' }]),
      'c.test.js': `const { writeFileSync } = require('node:fs');
describe('c', () => {
  test.concurrent('flaky', async () => { writeFileSync('.ran-flaky', 'yes'); throw new Error('boom'); });
  test.concurrent('ok', async () => {});
});
`,
    });
    const result = await runJest(jest, root, [], { ASSAY_QUARANTINE: 'skip' });
    expect(result.code).toBe(0);
    expect(existsSync(join(root, '.ran-flaky'))).toBe(false);
    expect(byId((await recordedTests(root))[0]!)['c.test.js::c > flaky']).toMatchObject({ state: 'skipped' });
  });

  test('ASSAY_QUARANTINE overrides the configured mode', async () => {
    const skip = project(jest);
    expect((await runJest(jest, skip, [], { ASSAY_QUARANTINE: 'skip' })).code).toBe(0);
    expect(existsSync(join(skip, '.ran-reconnects'))).toBe(false);
    const off = project(jest, "{ quarantine: { mode: 'skip' } }");
    expect((await runJest(jest, off, [], { ASSAY_QUARANTINE: 'off' })).code).toBe(1);
    expect(existsSync(join(off, '.ran-reconnects'))).toBe(true);
  });

  test('an invalid ASSAY_QUARANTINE value stops the run with a clear message', async () => {
    const root = project(jest);
    const result = await runJest(jest, root, [], { ASSAY_QUARANTINE: 'later' });
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('ASSAY_QUARANTINE: "later" is not a quarantine mode');
  });

  test('a broken quarantine file stops the run, naming the file', async () => {
    const root = project(jest, '{}', { '.assay/quarantine.json': '{ "tests": [ { "id": "x" } ] }' });
    const result = await runJest(jest, root);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/quarantine\.json: tests\[0\]\.id "x" is not a test id/);
  });

  test('the in-code marker quarantines a test where it is written', async () => {
    const files = {
      ...withPlugin(),
      'a.test.js': `const { quarantined } = require('@assay/jest-plugin/runtime');
test('marked', quarantined('flaky upstream, #7', () => expect(1).toBe(2)));
test('marked with done', quarantined('callback style', (done) => { setTimeout(done, 5); }));
test('plain', () => {});
`,
    };
    const report = createProject(jest, files);
    const reported = await runJest(jest, report);
    expect(reported.code).toBe(0);
    const recorded = byId((await recordedTests(report))[0]!);
    expect(recorded['a.test.js::marked']).toMatchObject({ state: 'failed', quarantined: true });
    expect(recorded['a.test.js::marked with done']).toMatchObject({ state: 'passed', quarantined: true });
    expect(recorded['a.test.js::plain']).not.toHaveProperty('quarantined');

    const skip = createProject(jest, files);
    expect((await runJest(jest, skip, [], { ASSAY_QUARANTINE: 'skip' })).code).toBe(0);
    expect(byId((await recordedTests(skip))[0]!)['a.test.js::marked']).toMatchObject({
      state: 'skipped',
      quarantined: true,
    });

    const off = createProject(jest, files);
    expect((await runJest(jest, off, [], { ASSAY_QUARANTINE: 'off' })).code).toBe(1);
  });

  test('auto-quarantine adds a test flaky in two runs in a row; broken tests are never added', async () => {
    const root = createProject(jest, {
      ...withPlugin('{ retry: 1, quarantine: { autoQuarantine: { afterFlakyRuns: 2 } } }'),
      'a.test.js': `test('wobbly', ${failsOnRuns('w', [1, 3])});
test('broken', () => expect(1).toBe(2));
`,
    });
    await runJest(jest, root);
    expect((await readQuarantine(root)).tests).toEqual([]);
    const second = await runJest(jest, root);
    const list = (await readQuarantine(root)).tests;
    expect(list).toEqual([expect.objectContaining({ id: 'a.test.js::wobbly', auto: true })]);
    expect(second.stderr).toContain('quarantined by policy (1)');
    expect(readFileSync(join(root, '.assay/quarantine.json'), 'utf8')).toContain('auto-quarantined');
  });
});
