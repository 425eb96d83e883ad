import { readdirSync } from 'node:fs';
import { computeVerdicts, RunStore } from '@assay/history';
import { expect, test } from 'vitest';
import { githubWorkflow } from '../src/ci/github.js';
import { DOCS_SETTINGS } from './ci-settings.js';
import { runWorkflow, simulatedCi } from './ci-simulator.js';

const STEADY = 'src/a.test.ts::steady';
const WOBBLY = 'src/b.test.ts::wobbly';

function project(run: number): Record<string, string> {
  return {
    'package.json': '{ "name": "app", "devDependencies": { "vitest": "4.1.12", "assay": "0.1.0" } }\n',
    'package-lock.json': '{}\n',
    'src/a.test.ts': "test('steady', () => {});\n",
    'src/b.test.ts': "test('wobbly', () => {});\n",
    // A new commit in each CI run.
    'CHANGELOG.md': `run ${run}\n`,
  };
}

const runFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('.'));

test('three CI runs of the docs’ workflow share only the cache, and the third verdict uses all three runs', async () => {
  const workflow = githubWorkflow(DOCS_SETTINGS);
  const ci = simulatedCi();
  const outcomes = ['passed', 'failed', 'passed'] as const;
  const runs = outcomes.map((wobbly, i) =>
    runWorkflow(ci, workflow, 1000 + i, project(i + 1), { [STEADY]: 'passed', [WOBBLY]: wobbly }),
  );

  // Each run restored the one before it and saved under a key of its own.
  expect(runs.map((r) => r.saved)).toEqual([
    ['assay-history-1000-1'],
    ['assay-history-1001-1'],
    ['assay-history-1002-1'],
  ]);
  expect(runs[2]!.jobs[0]!.log).toContain('cache restore assay-history-1002-1: assay-history-1001-1');
  // Two shards per run: 2, 4, 6 run files, none counted twice.
  expect(ci.cache.map((e) => runFiles(e.dir).length)).toEqual([2, 4, 6]);
  // Run 2's failing shard failed its job; the history job still recorded it.
  expect(runs[1]!.jobs.map((j) => j.failed)).toEqual([false, true, false]);

  // The job summary: nothing flaky after two runs (too few results), flaky after the third.
  expect(runs[1]!.summary).not.toMatch(/flaky\s+\d+%/);
  expect(runs[2]!.summary).toMatch(
    /flaky\s+33%\s+PFP\s+src\/b\.test\.ts::wobbly\s+failed 1 of its last 3 runs/,
  );
  // newFlaky is 'warn' by default: reported, not failing.
  expect(runs[2]!.jobs[2]!.log).toContain('warn  newFlaky: 1 new flaky test (2 runs of commit');

  const history = await new RunStore(ci.cache[2]!.dir).read();
  const wobbly = computeVerdicts(history.runs).find((v) => v.id === WOBBLY)!;
  expect(wobbly).toMatchObject({ verdict: 'flaky', results: 3, failures: 1 });
});
