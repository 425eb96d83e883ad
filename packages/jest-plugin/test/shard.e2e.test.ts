import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunStore } from '@assay/history';
import { afterAll, describe, expect, test } from 'vitest';
import { HANG_GUARD_MS } from '../../../test-utils/hang-guard.js';
import {
  costliestFile,
  expectImportCosts,
  HISTORY_FILE,
  importCostSuite,
  plannedShard,
  shardFiles,
  shardHistory,
} from '../../../test-utils/shard-fixture.js';
import { withPlugin } from './fixtures.js';
import { cleanup, createProject, JESTS, runJest } from './project.js';

afterAll(cleanup);

/** Tests that start the runner twice (shard 1, then shard 2) get twice the usual time. */
const TWO_RUNS = HANG_GUARD_MS; // a hang guard: several runs on a loaded machine take minutes

const MB = 1024 * 1024;
const FILES = shardFiles('js');

/** Test files that log their path, worker id and Node flags to ran.log. */
function suite(): Record<string, string> {
  return Object.fromEntries(
    FILES.map((file) => [
      file,
      `test('runs', () => {\n  require('node:fs').appendFileSync('ran.log', ${JSON.stringify(file)} + ' ' + process.env.JEST_WORKER_ID + ' ' + process.execArgv.join(' ') + '\\n');\n});\n`,
    ]),
  );
}

function ranLines(root: string): string[][] {
  return readFileSync(join(root, 'ran.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' '));
}

describe.each(JESTS)('sharding and memory budgets with $label', (jest) => {
  test(
    '--shard=i/n with the assay sequencer follows recorded durations: every file runs once',
    async () => {
      const root = createProject(jest, {
        ...withPlugin('{}', "testSequencer: '@assay/jest-plugin/sequencer',"),
        ...suite(),
        [HISTORY_FILE]: shardHistory(FILES, 'jest'),
      });
      const first = await runJest(jest, root, ['--shard=1/2']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toContain('assay: shard 1/2 by recorded durations: 3 file(s), ~1.1 s');
      const shard1 = ranLines(root).map(([file]) => file!);
      // Shard 2 runs after shard 1 in the same folder: shard 1's new record must not change the plan.
      const second = await runJest(jest, root, ['--shard=2/2']);
      expect(second.code, second.stderr).toBe(0);
      const shard2 = ranLines(root)
        .slice(shard1.length)
        .map(([file]) => file!);
      expect(shard1.sort()).toEqual(['src/a.test.js', 'src/d.test.js', 'src/e.test.js']);
      expect(shard2.sort()).toEqual(['src/b.test.js', 'src/c.test.js', 'src/f.test.js']);
      const { runs } = await RunStore.forRoot(root).read();
      expect(runs.map((r) => r.record.shard)).toEqual([
        undefined,
        { index: 1, count: 2 },
        { index: 2, count: 2 },
      ]);
    },
    TWO_RUNS,
  );

  test(
    "records each file's whole cost (import included) apart from its tests' time, and plans shards on it",
    async () => {
      const root = createProject(jest, {
        ...withPlugin('{}', "testSequencer: '@assay/jest-plugin/sequencer',"),
        ...importCostSuite('js', ''),
      });
      const full = await runJest(jest, root);
      expect(full.code, full.stderr).toBe(0);
      await expectImportCosts(root, 'js');
      // By whole cost the heavy file is the largest and goes first into shard 1 (by the tests' time it
      // would be the lightest); the shard runs exactly what the plan over the recorded costs says.
      const files = Object.keys(importCostSuite('js', ''));
      const planned = await plannedShard(root, files, 1, 2, 'jest');
      // The largest by whole cost goes first into shard 1 (the heavy file, unless load slowed another's import).
      expect(planned).toContain(await costliestFile(root));
      const shard = await runJest(jest, root, ['--shard=1/2', '--verbose']);
      expect(shard.code, shard.stderr).toBe(0);
      expect(shard.stderr).toContain(`assay: shard 1/2 by recorded durations: ${planned.length} file(s)`);
      for (const file of files) expect(shard.stderr.includes(file), file).toBe(planned.includes(file));
    },
    TWO_RUNS,
  );

  test(
    "without recorded durations each shard uses Jest's own split",
    async () => {
      const root = createProject(jest, {
        ...withPlugin('{}', "testSequencer: '@assay/jest-plugin/sequencer',"),
        ...suite(),
      });
      const first = await runJest(jest, root, ['--shard=1/2']);
      const second = await runJest(jest, root, ['--shard=2/2']);
      expect([first.code, second.code]).toEqual([0, 0]);
      expect(first.stderr).toContain(
        "no recorded durations for these files yet; shard 1/2 uses Jest's split",
      );
      expect(
        ranLines(root)
          .map(([file]) => file)
          .sort(),
      ).toEqual([...FILES].sort());
    },
    TWO_RUNS,
  );

  test('withAssay({ memoryBudget }) limits workers and their heap from recorded peaks; the summary shows the peak', async () => {
    const root = createProject(jest, {
      'package.json': '{ "name": "fixture", "private": true }\n',
      'jest.config.js': `const { withAssay } = require('@assay/jest-plugin/config');
module.exports = () => withAssay({
  reporters: ['default', '@assay/jest-plugin/reporter'],
  testEnvironment: '@assay/jest-plugin/environment',
  maxWorkers: 3,
}, { memoryBudget: '2GB' });
`,
      ...suite(),
      [HISTORY_FILE]: shardHistory(FILES, 'jest', [
        { id: '1', peakRssBytes: 700 * MB, peakHeapBytes: 600 * MB },
      ]),
    });
    const result = await runJest(jest, root);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      /assay: memory budget: budget 2 GB: .*a worker peaked at 700 MB.*2 chosen \(the runner would use 3\)/,
    );
    const heap = /heap limit (\d+) MB per worker/.exec(result.stderr)?.[1];
    const lines = ranLines(root);
    expect(lines).toHaveLength(FILES.length);
    for (const [, worker, ...flags] of lines) {
      expect(['1', '2']).toContain(worker);
      expect(flags).toContain(`--max-old-space-size=${heap}`);
      expect(flags).toContain(`--initial-old-space-size=${heap}`);
    }
    expect(result.stderr).toMatch(
      /assay memory: peak [\d.]+ [KMG]B \(main [\d.]+ MB \+ [12] worker\(s\), largest [\d.]+ MB\), budget 2 GB/,
    );
  });
});
