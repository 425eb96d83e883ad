import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FORMAT, RunStore } from '@assay/history';
import { afterAll, describe, expect, test } from 'vitest';
import { HANG_GUARD_MS } from '../../../test-utils/hang-guard.js';
import { cleanup, createProject, JESTS, runJest } from './project.js';

afterAll(cleanup);

const MB = 1024 * 1024;
/** Three runs of Jest in one test. */
const THREE_RUNS = HANG_GUARD_MS; // a hang guard: several runs on a loaded machine take minutes

/** A Jest config with the assay reporter and environment, through `withAssay` when `budget` is given. */
function config(budget?: string): string {
  const base = `{
  reporters: ['default', '@assay/jest-plugin/reporter'],
  testEnvironment: '@assay/jest-plugin/environment',
  maxWorkers: 3,
}`;
  return budget === undefined
    ? `module.exports = ${base};\n`
    : `const { withAssay } = require('@assay/jest-plugin/config');\nmodule.exports = () => withAssay(${base}, { memoryBudget: '${budget}' });\n`;
}

/** A run Jest made in band: one 1.3 GB "worker" (the main process with the tests) and its start size. */
const IN_BAND_HISTORY = JSON.stringify({
  format: RUN_FORMAT,
  runId: 'bbbbbbbbbbbb',
  startedAt: '2026-11-20T10:00:00.000Z',
  finishedAt: '2026-11-20T10:00:03.000Z',
  runner: { name: 'jest', version: '0.0.0' },
  files: {},
  workers: [{ id: '1', peakRssBytes: 1300 * MB, peakHeapBytes: 900 * MB, inBand: true }],
  main: { peakRssBytes: 150 * MB },
  tests: [],
});

const FAST_FILES = Object.fromEntries(
  ['a', 'b', 'c'].map((name) => [`src/${name}.test.js`, `test('${name}', () => expect(1).toBe(1));\n`]),
);

async function lastRecord(root: string) {
  const { runs } = await RunStore.forRoot(root).read();
  return runs.map((run) => run.record).sort((a, b) => a.startedAt.localeCompare(b.startedAt))[
    runs.length - 1
  ]!;
}

describe.each(JESTS)('memory budgets and in-band runs with $label', (jest) => {
  test(
    'a budget keeps Jest out of band and measures live heaps; in-band runs are recorded as such and do not starve the plan',
    async () => {
      const root = createProject(jest, {
        'package.json': '{ "name": "fixture", "private": true }\n',
        'jest.config.js': config('800MB'),
        '.assay/runs/20261120T100000000Z-bbbbbbbbbbbb.json': IN_BAND_HISTORY,
        ...FAST_FILES,
      });
      // 1. Only an in-band run is known: its peak is used (marked as an overstatement), the main
      //    process's share is its start size, and one worker is planned, not none.
      const budgeted = await runJest(jest, root);
      expect(budgeted.code, budgeted.stderr).toBe(0);
      expect(budgeted.stderr).toMatch(
        /assay: memory budget: budget 800 MB: [\d.]+ MB for the runner's main process.*peaked at 1\.3 GB \(tests ran in band, in the runner's main process: an overstatement\) in the last 1 recorded run\(s\).*1 chosen/,
      );
      // Jest would run 3 fast files in band; the idle memory limit keeps them in a worker process,
      // where the heap limit applies.
      const outOfBand = await lastRecord(root);
      expect(outOfBand.workers.length).toBeGreaterThan(0);
      expect(outOfBand.workers.some((w) => w.inBand)).toBe(false);
      expect(budgeted.stderr).toMatch(/assay memory: peak [\d.]+ MB \(main [\d.]+ MB \+ 1 worker\(s\)/);

      // 2. Without a budget Jest runs these files in band: recorded as such.
      writeFileSync(join(root, 'jest.config.js'), config());
      const plain = await runJest(jest, root, ['--runInBand']);
      expect(plain.code, plain.stderr).toBe(0);
      const inBand = await lastRecord(root);
      expect(inBand.workers).toEqual([expect.objectContaining({ id: '1', inBand: true })]);
      expect(inBand.main!.peakRssBytes).toBeLessThanOrEqual(inBand.workers[0]!.peakRssBytes);

      // 3. With a budget again, the real worker of run 1 is planned from, not the newer in-band run.
      writeFileSync(join(root, 'jest.config.js'), config('800MB'));
      const again = await runJest(jest, root);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toMatch(
        /assay: memory budget: .*a worker kept [\d.]+ MB alive \(heap after a collection; peak [\d.]+ MB\) in the last 1 recorded run\(s\) and is planned/,
      );
      expect(again.stderr).not.toContain('overstatement');
    },
    THREE_RUNS,
  );
});
