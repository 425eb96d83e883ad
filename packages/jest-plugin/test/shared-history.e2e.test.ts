import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { computeVerdicts, RunStore } from '@assay/history';
import { afterAll, describe, expect, test } from 'vitest';
import { byId, quarantineJson, withPlugin } from './fixtures.js';
import { cleanup, createProject, JESTS, runJest, runVitest } from './project.js';

afterAll(cleanup);

// One test file both runners run (globals only), so both record the same test ids.
const SHARED_TEST = `const fs = process.getBuiltinModule('node:fs');
describe('net', () => {
  test('connects', () => expect(true).toBe(true));
  test('reconnects', () => {
    const n = (fs.existsSync('.count') ? Number(fs.readFileSync('.count', 'utf8')) : 0) + 1;
    fs.writeFileSync('.count', String(n));
    if (n % 2 === 1) throw new Error('timed out on run ' + n);
  });
  test('times out upstream', () => {
    fs.writeFileSync('.ran-upstream-' + (process.env.VITEST ? 'vitest' : 'jest'), 'yes');
    throw new Error('upstream is down');
  });
});
`;

const QUARANTINED = 'src/net.test.js::net > times out upstream';

describe.each(JESTS)('Vitest and $label in one repository', (jest) => {
  test('share one .assay/ history and one quarantine list', async () => {
    const root = createProject(jest, {
      ...withPlugin('{}', "testMatch: ['**/src/**/*.test.js'],"),
      'vitest.config.mjs': `import assay from '@assay/vitest-plugin';
export default { plugins: [assay()], test: { globals: true, include: ['src/**/*.test.js'] } };
`,
      ...quarantineJson([{ id: QUARANTINED, reason: 'upstream outage, #31' }]),
      'src/net.test.js': SHARED_TEST,
    });

    // Two runs with each runner: 'reconnects' fails on runs 1 and 3 and passes on 2 and 4, so each
    // runner sees it pass and fail at the same code version (a runner is part of the version).
    // The quarantined test fails every time and fails neither runner's build.
    const codes = [];
    codes.push((await runVitest(root)).code);
    codes.push((await runVitest(root)).code);
    codes.push((await runJest(jest, root)).code);
    const last = await runJest(jest, root);
    codes.push(last.code);
    expect(codes).toEqual([1, 0, 1, 0]);

    const { runs, problems } = await RunStore.forRoot(root).read();
    expect(problems).toEqual([]);
    expect(runs.map((r) => r.record.runner.name)).toEqual(['vitest', 'vitest', 'jest', 'jest']);
    for (const run of runs) {
      expect(byId(run.record.tests)[QUARANTINED]).toMatchObject({ state: 'failed', quarantined: true });
    }
    const verdicts = Object.fromEntries(computeVerdicts(runs).map((v) => [v.id, v]));
    expect(verdicts['src/net.test.js::net > reconnects']).toMatchObject({
      verdict: 'flaky',
      recent: 'FPFP',
    });
    expect(verdicts['src/net.test.js::net > connects']).toMatchObject({ verdict: 'stable', results: 4 });
    expect(last.stderr).toContain('quarantined failures, not failing the build (1)');

    // One switch for both: ASSAY_QUARANTINE=skip skips the listed test in either runner.
    rmSync(join(root, '.ran-upstream-vitest'));
    rmSync(join(root, '.ran-upstream-jest'));
    const skipV = await runVitest(root, [], { ASSAY_QUARANTINE: 'skip' });
    const skipJ = await runJest(jest, root, [], { ASSAY_QUARANTINE: 'skip' });
    const after = (await RunStore.forRoot(root).read()).runs.slice(-2);
    expect(after.map((r) => byId(r.record.tests)[QUARANTINED]?.state)).toEqual(['skipped', 'skipped']);
    // 'reconnects' (not quarantined) still decides: it fails on run 5 (Vitest), passes on 6 (Jest).
    expect([skipV.code, skipJ.code]).toEqual([1, 0]);
    expect(existsSync(join(root, '.ran-upstream-vitest'))).toBe(false);
    expect(existsSync(join(root, '.ran-upstream-jest'))).toBe(false);
  });
});

// The exit-code rule of report mode, on the same files for both runners: 0 only when every failure
// is a quarantined test's; anything else that failed keeps the build red.
const Q_ID = 'src/q.test.js::q > flaky';
const Q_TEST = `describe('q', () => {
  test('flaky', () => { throw new Error('flaked'); });
  test('fine', () => {});
});
`;
const SCENARIOS: {
  name: string;
  files: Record<string, string>;
  env?: Record<string, string>;
  code: number;
}[] = [
  { name: 'only a quarantined test failed', files: {}, code: 0 },
  {
    name: 'another test failed too',
    files: { 'src/other.test.js': "test('bug', () => { expect(1).toBe(2); });\n" },
    code: 1,
  },
  {
    name: 'an afterAll hook failed next to the quarantined failure',
    files: { 'src/q.test.js': `afterAll(() => { throw new Error('cleanup failed'); });\n${Q_TEST}` },
    code: 1,
  },
  {
    name: 'a test file failed to load',
    files: { 'src/broken.test.js': "throw new Error('cannot load');\ntest('never', () => {});\n" },
    code: 1,
  },
  { name: 'quarantine is off', files: {}, env: { ASSAY_QUARANTINE: 'off' }, code: 1 },
  { name: 'skip mode', files: {}, env: { ASSAY_QUARANTINE: 'skip' }, code: 0 },
];

describe.concurrent.each(JESTS)('exit codes of Vitest and $label agree', (jest) => {
  test.each(SCENARIOS)('$name', async ({ files, env, code }) => {
    const root = createProject(jest, {
      ...withPlugin('{}', "testMatch: ['**/src/**/*.test.js'],"),
      'vitest.config.mjs': `import assay from '@assay/vitest-plugin';
export default { plugins: [assay()], test: { globals: true, include: ['src/**/*.test.js'] } };
`,
      ...quarantineJson([{ id: Q_ID }]),
      'src/q.test.js': Q_TEST,
      ...files,
    });
    const [vitest, jestRun] = await Promise.all([runVitest(root, [], env), runJest(jest, root, [], env)]);
    expect({ vitest: vitest.code, jest: jestRun.code }).toEqual({ vitest: code, jest: code });
  });
});
