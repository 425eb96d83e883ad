import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunStore, runsDir } from '@assay/history';
import { afterAll, describe, expect, test } from 'vitest';
import { byId, failsOnRuns, recordedTests, withPlugin } from './fixtures.js';
import { cleanup, createProject, RUNNERS, runVitest } from './project.js';

afterAll(cleanup);

describe.concurrent.each(RUNNERS)('recording with $label', (runner) => {
  test('writes one run file with every test under its contract id, retries, durations and worker memory', async () => {
    const root = createProject(runner, {
      ...withPlugin('{ retry: 2 }'),
      'src/math.test.ts': `import { describe, test, expect } from 'vitest';
describe('math', () => {
  describe('add', () => {
    test('sums', () => expect(1 + 1).toBe(2));
    test('retries once', ${failsOnRuns('retry', [1])});
  });
  test.skip('later', () => {});
});
test('top level', () => {});
`,
    });
    const result = await runVitest(runner, root);
    expect(result.code).toBe(0);
    const [tests] = await recordedTests(root);
    const ids = byId(tests!);
    expect(Object.keys(ids).sort()).toEqual([
      'src/math.test.ts::math > add > retries once',
      'src/math.test.ts::math > add > sums',
      'src/math.test.ts::math > later',
      'src/math.test.ts::top level',
    ]);
    expect(ids['src/math.test.ts::math > add > sums']).toMatchObject({ state: 'passed', retries: 0 });
    expect(ids['src/math.test.ts::math > add > retries once']).toMatchObject({ state: 'passed', retries: 1 });
    expect(ids['src/math.test.ts::math > later']!.state).toBe('skipped');
    const { runs } = await RunStore.forRoot(root).read();
    const record = runs[0]!.record;
    expect(record.runner).toEqual({
      name: 'vitest',
      version: expect.stringMatching(runner.label.endsWith('3.2') ? /^3\.2\./ : /^4\./),
    });
    expect(record.files['src/math.test.ts']!.hash).toMatch(/^[0-9a-f]{40}$/);
    expect(record.thresholds).toMatchObject({ window: 10, failureRate: 0.3 });
    expect(record.workers.length).toBeGreaterThan(0);
    expect(record.workers[0]!.peakRssBytes).toBeGreaterThan(10_000_000);
    expect(record.workers[0]!.peakHeapBytes).toBeGreaterThan(1_000_000);
    // The end-of-run summary calls the retried test flaky.
    expect(result.stdout).toContain('new flaky tests (1)');
    expect(result.stdout).toContain(
      'src/math.test.ts::math > add > retries once — passed only after a retry',
    );
  });

  test('a corrupt run file is named in a warning and costs neither the run nor the other records', async () => {
    const root = createProject(runner, {
      ...withPlugin(),
      'a.test.ts': `import { test } from 'vitest';\ntest('ok', () => {});\n`,
    });
    expect((await runVitest(runner, root)).code).toBe(0);
    writeFileSync(join(runsDir(root), '20200101T000000000Z-broken.json'), '{"format":"assay-run/1","tes');
    const second = await runVitest(runner, root);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/warning .*20200101T000000000Z-broken\.json: not valid JSON.*Delete it/);
    expect(await recordedTests(root)).toHaveLength(2);
  });

  test('a failing test that is not quarantined fails the build and is reported broken', async () => {
    const root = createProject(runner, {
      ...withPlugin(),
      'a.test.ts': `import { test, expect } from 'vitest';\ntest('wrong', () => expect(1).toBe(2));\n`,
    });
    const result = await runVitest(runner, root);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('broken tests (1)\n    a.test.ts::wrong');
  });

  test('tests sharing a file and name are recorded as one id, failed if either failed, with a warning', async () => {
    const root = createProject(runner, {
      ...withPlugin(),
      'a.test.ts': `import { test, expect } from 'vitest';
for (const a of [1, 2]) test('same name', () => expect(a).toBe(1));
`,
    });
    const result = await runVitest(runner, root);
    expect(result.code).toBe(1);
    const [tests] = await recordedTests(root);
    expect(tests).toEqual([expect.objectContaining({ id: 'a.test.ts::same name', state: 'failed' })]);
    expect(result.stdout).toContain('a.test.ts::same name: several tests have this file and name');
  });

  test('shards write separate files named after the shard', async () => {
    const files: Record<string, string> = withPlugin();
    for (const name of ['a', 'b', 'c', 'd'])
      files[`${name}.test.ts`] = `import { test } from 'vitest';\ntest('${name}', () => {});\n`;
    const root = createProject(runner, files);
    const [one, two] = await Promise.all([
      runVitest(runner, root, ['--shard=1/2']),
      runVitest(runner, root, ['--shard=2/2']),
    ]);
    expect([one.code, two.code]).toEqual([0, 0]);
    const names = await RunStore.forRoot(root).list();
    expect(names.map((n) => n.replace(/^.*-(shard\dof\d)\.json$/, '$1')).sort()).toEqual([
      'shard1of2',
      'shard2of2',
    ]);
    const tests = (await recordedTests(root)).flat().map((t) => t.id);
    expect(tests.sort()).toEqual(['a.test.ts::a', 'b.test.ts::b', 'c.test.ts::c', 'd.test.ts::d']);
  });

  test('writes a Markdown summary when GITHUB_STEP_SUMMARY is set', async () => {
    const root = createProject(runner, {
      ...withPlugin('{ retry: 1 }'),
      'a.test.ts': `import { test } from 'vitest';\ntest('flaky', ${failsOnRuns('f', [1])});\n`,
    });
    const summary = join(root, 'summary.md');
    writeFileSync(summary, '');
    expect((await runVitest(runner, root, [], { GITHUB_STEP_SUMMARY: summary })).code).toBe(0);
    const { readFileSync } = await import('node:fs');
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('## assay: test run');
    expect(md).toContain('### New flaky tests (1)');
    expect(md).toContain('| a.test.ts::flaky | passed only after a retry |');
  });

  test('the reporter alone (no plugin) records runs and keeps report mode', async () => {
    const root = createProject(runner, {
      'package.json': '{ "type": "module" }\n',
      'vitest.config.ts': `export default { test: { reporters: ['default', ['@assay/vitest-plugin/reporter', { summary: false }]] } };\n`,
      '.assay/quarantine.json': JSON.stringify({
        tests: [{ id: 'a.test.ts::q', reason: 'r', since: '2026-11-21' }],
      }),
      'a.test.ts': `import { test, expect } from 'vitest';\ntest('q', () => expect(1).toBe(2));\ntest('ok', () => {});\n`,
    });
    const result = await runVitest(runner, root);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('tests recorded');
    const [tests] = await recordedTests(root);
    expect(byId(tests!)['a.test.ts::q']).toMatchObject({ state: 'failed', quarantined: true });
  });

  test('a bad option stops the run with a message naming it', async () => {
    const root = createProject(runner, {
      ...withPlugin('{ thresholds: { failureRate: 30 } }'),
      'a.test.ts': 'test',
    });
    const result = await runVitest(runner, root);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('assay({ thresholds }).failureRate: 30 is not a rate');
  });
});
