import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeHistories, newRunId, RUN_FORMAT, RunStore } from '@assay/history';
import { afterAll, describe, expect, test } from 'vitest';
import { byId, failsOnRuns, recordedTests, withPlugin } from './fixtures.js';
import { cleanup, createProject, JESTS, runJest } from './project.js';

afterAll(cleanup);

const MATH = `describe('math', () => {
  describe('add', () => {
    test('adds', () => expect(1 + 1).toBe(2));
    test.skip('later', () => {});
  });
  test('fails', () => expect(1).toBe(2));
});
`;

describe.concurrent.each(JESTS)('recording with $label', (jest) => {
  test('records every outcome under contract ids, with durations, file hashes and worker memory', async () => {
    const root = createProject(jest, { ...withPlugin(), 'src/math.test.js': MATH });
    const result = await runJest(jest, root);
    expect(result.code).toBe(1);
    const { runs } = await RunStore.forRoot(root).read();
    expect(runs).toHaveLength(1);
    const record = runs[0]!.record;
    expect(record.runner).toEqual({ name: 'jest', version: jest.major === 30 ? '30.5.2' : '29.7.0' });
    expect(byId(record.tests)).toEqual({
      'src/math.test.js::math > add > adds': expect.objectContaining({ state: 'passed', retries: 0 }),
      'src/math.test.js::math > add > later': expect.objectContaining({ state: 'skipped' }),
      'src/math.test.js::math > fails': expect.objectContaining({
        state: 'failed',
        error: expect.stringContaining('expect(received).toBe(expected)'),
      }),
    });
    expect(record.files['src/math.test.js']).toEqual({
      durationMs: expect.any(Number),
      testsMs: expect.any(Number),
      hash: expect.stringMatching(/^[0-9a-f]{40}$/),
      // The code version: the test file is the only project module it loads.
      version: expect.stringMatching(/^[0-9a-f]{40}$/),
      modules: 1,
    });
    // One file: Jest runs it in band, in its main process. The worker entry says so, and the main
    // process's share is what it held before the tests (the in-band peak is the tests' and its own).
    expect(record.workers).toEqual([
      {
        id: '1',
        peakRssBytes: expect.any(Number),
        peakHeapBytes: expect.any(Number),
        inBand: true,
        // The process before the file; the live heap is measured only under a memory budget.
        baseRssBytes: expect.any(Number),
        baseHeapBytes: expect.any(Number),
      },
    ]);
    expect(record.workers[0]!.baseRssBytes).toBeLessThanOrEqual(record.workers[0]!.peakRssBytes);
    expect(record.workers[0]!.peakRssBytes).toBeGreaterThan(10_000_000);
    expect(record.workers[0]!.peakHeapBytes).toBeGreaterThan(1_000_000);
    expect(record.main!.peakRssBytes).toBeGreaterThan(10_000_000);
    expect(record.main!.peakRssBytes).toBeLessThanOrEqual(record.workers[0]!.peakRssBytes);
    // The summary goes to stderr with Jest's report; stdout stays clean for --json.
    expect(result.stderr).toContain(' assay  3 tests recorded: 1 passed, 1 failed, 1 skipped');
    expect(result.stdout).not.toContain('assay');
  });

  test('a test that passes only after a retry is recorded with its retries and called flaky', async () => {
    const root = createProject(jest, {
      ...withPlugin('{ retry: 2 }'),
      'a.test.js': `test('wobbly', ${failsOnRuns('w', [1])});\ntest('steady', () => {});\n`,
    });
    const result = await runJest(jest, root);
    expect(result.code).toBe(0);
    const tests = byId((await recordedTests(root))[0]!);
    expect(tests['a.test.js::wobbly']).toMatchObject({ state: 'passed', retries: 1 });
    expect(tests['a.test.js::steady']).toMatchObject({ state: 'passed', retries: 0 });
    expect(result.stderr).toContain('new flaky tests (1)\n    a.test.js::wobbly — passed only after a retry');
  });

  test('a retried test is recorded with the time of all its attempts; durations are real', async () => {
    const root = createProject(jest, {
      ...withPlugin('{ retry: 1 }'),
      'a.test.js': `test('slow failure, then a pass', async () => {
  const fs = require('node:fs');
  const n = (fs.existsSync('.count') ? Number(fs.readFileSync('.count', 'utf8')) : 0) + 1;
  fs.writeFileSync('.count', String(n));
  if (n === 1) { await new Promise((r) => setTimeout(r, 300)); throw new Error('timed out'); }
});
test('sleeps', () => new Promise((r) => setTimeout(r, 150)));
`,
    });
    expect((await runJest(jest, root)).code).toBe(0);
    const tests = byId((await recordedTests(root))[0]!);
    // Jest reports the last attempt's time only (~0 ms here): the environment adds the attempts up.
    expect(tests['a.test.js::slow failure, then a pass']).toMatchObject({ state: 'passed', retries: 1 });
    expect(tests['a.test.js::slow failure, then a pass']!.durationMs).toBeGreaterThanOrEqual(290);
    expect(tests['a.test.js::sleeps']!.durationMs).toBeGreaterThanOrEqual(140);
    // Not the attempts of another test added in; bounded loosely, a loaded machine stretches it.
    expect(tests['a.test.js::sleeps']!.durationMs).toBeLessThan(30_000);
  });

  test('merged run files and a corrupt one: the summary judges on every valid file, names the bad one', async () => {
    // Without the setup file no code versions are recorded: the older rules judge, on every result.
    const root = createProject(jest, {
      'package.json': '{ "name": "fixture", "private": true }\n',
      'jest.config.js': `module.exports = { reporters: ['default', '@assay/jest-plugin/reporter'], testEnvironment: '@assay/jest-plugin/environment' };\n`,
      'a.test.js': `test('solid', ${failsOnRuns('s', [3])});
`,
    });
    expect((await runJest(jest, root)).code).toBe(0);
    expect((await runJest(jest, root)).code).toBe(0);
    // The index was saved by the second run; now files arrive that it does not know: two failures of
    // 'solid' recorded on another machine (merged as \`assay history merge\` does) and a corrupt file.
    const elsewhere = join(root, 'elsewhere');
    for (const ago of [200, 100]) {
      const at = new Date(Date.now() - ago).toISOString();
      await new RunStore(elsewhere).write({
        format: RUN_FORMAT,
        runId: newRunId(),
        startedAt: at,
        finishedAt: at,
        runner: { name: 'jest', version: 'other' },
        files: {},
        workers: [],
        tests: [{ id: 'a.test.js::solid', state: 'failed', durationMs: 1, retries: 0 }],
      });
    }
    expect((await mergeHistories([elsewhere], join(root, '.assay/runs'))).copied).toHaveLength(2);
    writeFileSync(
      join(root, '.assay/runs/20260101T000000000Z-cut.json'),
      '{"format":"assay-run/1","tests":[',
    );
    const third = await runJest(jest, root);
    expect(third.code).toBe(1);
    // P P F F F: broken. Without the merged files (P P F) it would have been called flaky.
    expect(third.stderr).toContain(
      'broken tests (1)\n    a.test.js::solid — failed in each of its last 3 runs',
    );
    expect(third.stderr).toContain('20260101T000000000Z-cut.json: not valid JSON');
    expect(third.stderr).toContain("code versions need '@assay/jest-plugin/setup' in setupFilesAfterEnv");
    expect(existsSync(join(root, '.assay/runs/.index.json'))).toBe(true);
  });

  test('retry without the setup file is reported, not silently ignored', async () => {
    const root = createProject(jest, {
      'package.json': '{ "name": "fixture" }\n',
      'jest.config.js': `module.exports = { reporters: ['default', ['@assay/jest-plugin/reporter', { retry: 2 }]], testEnvironment: '@assay/jest-plugin/environment' };\n`,
      'a.test.js': `test('wobbly', ${failsOnRuns('w', [1])});\n`,
    });
    const result = await runJest(jest, root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("retry: 2 needs '@assay/jest-plugin/setup' in setupFilesAfterEnv");
  });

  test('several workers: one file per run, memory per worker, shard in the record', async () => {
    const files: Record<string, string> = { ...withPlugin() };
    for (let i = 0; i < 4; i++)
      files[`t${i}.test.js`] = `test('x${i}', () => new Promise((r) => setTimeout(r, 200)));\n`;
    const root = createProject(jest, files);
    const result = await runJest(jest, root, ['--maxWorkers=2', '--shard=1/1']);
    expect(result.code).toBe(0);
    const { runs } = await RunStore.forRoot(root).read();
    const record = runs[0]!.record;
    expect(record.tests).toHaveLength(4);
    expect(record.shard).toEqual({ index: 1, count: 1 });
    expect(record.workers.map((w) => w.id).sort()).toEqual(['1', '2']);
    expect(record.workers.some((w) => w.inBand)).toBe(false);
    await runJest(jest, root, ['--maxWorkers=2']);
    // Run files only: `.index.json` is the history's cache, not a run.
    expect(
      readdirSync(join(root, '.assay/runs')).filter((f) => f.endsWith('.json') && !f.startsWith('.')),
    ).toHaveLength(2);
  });

  test('writes a Markdown summary to GITHUB_STEP_SUMMARY, and nothing with githubSummary: false', async () => {
    const root = createProject(jest, {
      ...withPlugin(),
      'a.test.js': `test('wobbly', ${failsOnRuns('w', [1])});\n`,
    });
    writeFileSync(join(root, 'summary.md'), '');
    await runJest(jest, root, [], { GITHUB_STEP_SUMMARY: join(root, 'summary.md') });
    const markdown = readFileSync(join(root, 'summary.md'), 'utf8');
    expect(markdown).toContain('## assay: test run');
    expect(markdown).toContain('**1** tests: 0 passed, 1 failed, 0 skipped.');

    const quiet = createProject(jest, {
      ...withPlugin('{ githubSummary: false, summary: false }'),
      'a.test.js': "test('a', () => {});\n",
    });
    writeFileSync(join(quiet, 'summary.md'), '');
    const result = await runJest(jest, quiet, [], { GITHUB_STEP_SUMMARY: join(quiet, 'summary.md') });
    expect(readFileSync(join(quiet, 'summary.md'), 'utf8')).toBe('');
    expect(result.stderr).not.toContain(' assay ');
  });

  test('record: false writes nothing; invalid options stop the run naming the option', async () => {
    const root = createProject(jest, {
      ...withPlugin('{ record: false }'),
      'a.test.js': "test('a', () => {});\n",
    });
    expect((await runJest(jest, root)).code).toBe(0);
    expect(existsSync(join(root, '.assay/runs'))).toBe(false);

    const bad = createProject(jest, { ...withPlugin('{ keep: 0 }'), 'a.test.js': "test('a', () => {});\n" });
    const result = await runJest(jest, bad);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      "['@assay/jest-plugin/reporter', { ... }] keep: 0 is not a whole number ≥ 1",
    );

    const efd = createProject(jest, {
      ...withPlugin('{ earlyFlakeDetection: true }'),
      'a.test.js': "test('a', () => {});\n",
    });
    const efdResult = await runJest(jest, efd);
    expect(efdResult.code).not.toBe(0);
    expect(efdResult.stderr).toContain('ASSAY_JEST_OPTION_UNSUPPORTED');
  });

  test('the setup file without the assay environment fails with a clear message', async () => {
    const root = createProject(jest, {
      'package.json': '{ "name": "fixture" }\n',
      'jest.config.js': `module.exports = { setupFilesAfterEnv: ['@assay/jest-plugin/setup'] };\n`,
      'a.test.js': "test('a', () => {});\n",
    });
    const result = await runJest(jest, root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ASSAY_JEST_ENVIRONMENT_MISSING');
  });
});
