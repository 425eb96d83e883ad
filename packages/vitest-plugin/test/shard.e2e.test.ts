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
import { cleanup, createProject, RUNNERS, runVitest } from './project.js';

afterAll(cleanup);

/** Tests that start the runner twice (shard 1, then shard 2) get twice the usual time. */
const TWO_RUNS = HANG_GUARD_MS; // a hang guard: several runs on a loaded machine take minutes

const MB = 1024 * 1024;
const FILES = shardFiles('ts');

function suite(): Record<string, string> {
  return Object.fromEntries(
    FILES.map((file) => [
      file,
      `import { test } from 'vitest';\ntest('runs', () => {\n  process.getBuiltinModule('node:fs').appendFileSync('ran.log', ${JSON.stringify(file)} + ' ' + process.env.VITEST_POOL_ID + ' ' + process.execArgv.join(' ') + '\\n');\n});\n`,
    ]),
  );
}

/** Files run so far, in the order they ran. */
function ranFiles(root: string): string[] {
  return readFileSync(join(root, 'ran.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' ')[0]!);
}

describe.each(RUNNERS)('sharding and memory budgets with $label', (runner) => {
  test(
    '--shard=i/n follows recorded durations: every file runs once, longest first onto the least loaded shard',
    async () => {
      const root = createProject(runner, {
        ...withPlugin(),
        ...suite(),
        [HISTORY_FILE]: shardHistory(FILES, 'vitest'),
      });
      const first = await runVitest(runner, root, ['--shard=1/2']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain('assay: shard 1/2 by recorded durations: 3 file(s), ~1.1 s');
      const shard1 = ranFiles(root).sort();
      // Shard 2 runs after shard 1 in the same folder, as on a single machine: shard 1's new record
      // must not change the plan.
      const second = await runVitest(runner, root, ['--shard=2/2']);
      expect(second.code, second.stderr).toBe(0);
      const shard2 = ranFiles(root).slice(shard1.length).sort();
      // Vitest's own split would run b, e, f first (by path hash).
      expect(shard1).toEqual(['src/a.test.ts', 'src/d.test.ts', 'src/e.test.ts']);
      expect(shard2).toEqual(['src/b.test.ts', 'src/c.test.ts', 'src/f.test.ts']);
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
      const root = createProject(runner, {
        ...withPlugin(),
        ...importCostSuite('ts', "import { test } from 'vitest';\n"),
      });
      const full = await runVitest(runner, root);
      expect(full.code, full.stderr).toBe(0);
      await expectImportCosts(root, 'ts');
      // By whole cost the heavy file is the largest and goes first into shard 1 (by the tests' time it
      // would be the lightest); the shard runs exactly what the plan over the recorded costs says.
      const files = Object.keys(importCostSuite('ts', ''));
      const planned = await plannedShard(root, files, 1, 2, 'vitest');
      // The largest by whole cost goes first into shard 1 (the heavy file, unless load slowed another's import).
      expect(planned).toContain(await costliestFile(root));
      const shard = await runVitest(runner, root, ['--shard=1/2', '--reporter=verbose']);
      expect(shard.code, shard.stderr).toBe(0);
      expect(shard.stdout).toContain(`assay: shard 1/2 by recorded durations: ${planned.length} file(s)`);
      for (const file of files) expect(shard.stdout.includes(file), file).toBe(planned.includes(file));
    },
    TWO_RUNS,
  );

  test(
    "without recorded durations each shard uses the runner's own split",
    async () => {
      const root = createProject(runner, { ...withPlugin(), ...suite() });
      const first = await runVitest(runner, root, ['--shard=1/2']);
      const second = await runVitest(runner, root, ['--shard=2/2']);
      expect([first.code, second.code]).toEqual([0, 0]);
      expect(first.stdout).toContain(
        "no recorded durations for these files yet; shard 1/2 uses Vitest's split",
      );
      expect(ranFiles(root).sort()).toEqual([...FILES].sort());
    },
    TWO_RUNS,
  );

  test('memoryBudget limits workers and sets their heap limit from recorded peaks, and the summary shows the peak', async () => {
    const root = createProject(runner, {
      ...withPlugin("{ memoryBudget: '1GB' }", 'maxWorkers: 3'),
      ...suite(),
      [HISTORY_FILE]: shardHistory(FILES, 'vitest', [
        { id: '1', peakRssBytes: 600 * MB, peakHeapBytes: 500 * MB },
      ]),
    });
    const result = await runVitest(runner, root);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /assay: memory budget: budget 1 GB: .*a worker peaked at 600 MB.*1 chosen \(the runner would use 3\)/,
    );
    const heap = /heap limit (\d+) MB per worker/.exec(result.stdout)?.[1];
    const lines = readFileSync(join(root, 'ran.log'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(FILES.length);
    for (const line of lines) {
      const [, pool, ...execArgv] = line.split(' ');
      expect(pool).toBe('1');
      expect(execArgv).toContain(`--max-old-space-size=${heap}`);
      expect(execArgv).toContain(`--initial-old-space-size=${heap}`);
    }
    expect(result.stdout).toMatch(
      /assay memory: peak [\d.]+ [KMG]B \(main [\d.]+ MB \+ 1 worker\(s\), largest [\d.]+ MB\), budget 1 GB/,
    );
  });

  test('a bad memoryBudget stops the run naming the option', async () => {
    const root = createProject(runner, { ...withPlugin("{ memoryBudget: '4 gigs' }"), ...suite() });
    const result = await runVitest(runner, root);
    expect(result.code).not.toBe(0);
    expect(result.stderr + result.stdout).toContain(`assay({ memoryBudget }): "4 gigs" is not a memory size`);
  });
});
