import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newRunId, RUN_FORMAT, RunStore, runsDir } from '@assay/history';
import { describe, expect, test } from 'vitest';
import { assay, recordRuns, tempProject } from './history-fixtures.js';

describe('assay flaky', () => {
  test('prints a table of flaky and broken tests with the reason, and counts', async () => {
    const root = tempProject();
    await recordRuns(root, {
      'a.test.ts::steady': 'PPPPP',
      'a.test.ts::wobbly': 'PFPFP',
      'a.test.ts::retried': 'PPPPR',
      'b.test.ts::broken': 'FFFFF',
    });
    const { code, stdout } = assay(['flaky'], root);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^verdict\s+fail\s+recent\s+test\s+why$/);
    expect(lines[1]).toMatch(
      /^broken\s+100%\s+FFFFF\s+b\.test\.ts::broken\s+failed in all of its 5 recorded runs$/,
    );
    expect(stdout).toMatch(/flaky\s+40%\s+PFPFP\s+a\.test\.ts::wobbly\s+failed 2 of its last 5 runs/);
    expect(stdout).toMatch(/flaky\s+0%\s+PPPPR\s+a\.test\.ts::retried\s+passed only after a retry/);
    expect(stdout).not.toContain('steady');
    expect(stdout).toContain('4 tests over 5 recorded runs: 2 flaky, 1 broken, 1 stable. 0 quarantined.');
  });

  test('shows the two runs that disagreed at the same code version: time, machine, shard (--json too)', async () => {
    const root = tempProject();
    const store = RunStore.forRoot(root);
    const runs: [string, 'passed' | 'failed', { index: number; count: number }?][] = [
      ['ci-1', 'passed'],
      ['ci-2', 'passed', { index: 2, count: 2 }],
      ['laptop', 'failed'],
    ];
    for (const [i, [machine, state, shard]] of runs.entries()) {
      await store.write({
        format: RUN_FORMAT,
        runId: newRunId(),
        startedAt: `2026-12-0${i + 1}T10:00:00.000Z`,
        finishedAt: `2026-12-0${i + 1}T10:01:00.000Z`,
        runner: { name: 'jest', version: '30.5.2' },
        machine,
        ...(shard ? { shard } : {}),
        files: { 'a.test.ts': { version: 'c0ffee0123456789c0ffee0123456789c0ffee01' } },
        workers: [],
        tests: [{ id: 'a.test.ts::once', state, durationMs: 1, retries: 0 }],
      });
    }
    const { code, stdout } = assay(['flaky'], root);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /flaky\s+33%\s+PPF\s+a\.test\.ts::once\s+passed and failed at the same code version/,
    );
    expect(stdout).toContain(
      [
        'Same code, different outcomes (the two runs that disagreed):',
        'a.test.ts::once',
        '  passed 2026-12-02 10:00:00 UTC on ci-2, shard 2/2',
        '  failed 2026-12-03 10:00:00 UTC on laptop',
        '  same code version c0ffee012345',
      ].join('\n'),
    );
    const report = JSON.parse(assay(['flaky', '--json'], root).stdout);
    expect(report.tests[0].disagreement).toMatchObject({
      version: 'm:c0ffee0123456789c0ffee0123456789c0ffee01',
      passed: { at: '2026-12-02T10:00:00.000Z', machine: 'ci-2', shard: { index: 2, count: 2 } },
      failed: { at: '2026-12-03T10:00:00.000Z', machine: 'laptop' },
    });
  });

  test('--json prints every verdict and nothing else', async () => {
    const root = tempProject();
    await recordRuns(root, { 'a.test.ts::steady': 'PPP', 'a.test.ts::retried': 'PR' });
    const { code, stdout } = assay(['flaky', '--json'], root);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.counts).toEqual({ flaky: 1, broken: 0, stable: 1 });
    expect(report.tests.map((t: { id: string; verdict: string }) => [t.id, t.verdict])).toEqual([
      ['a.test.ts::retried', 'flaky'],
      ['a.test.ts::steady', 'stable'],
    ]);
  });

  test('thresholds can be changed from the command line', async () => {
    const root = tempProject();
    await recordRuns(root, { 'a.test.ts::rare': 'PPPPPPPPFP' });
    expect(JSON.parse(assay(['flaky', '--json'], root).stdout).counts.flaky).toBe(0);
    expect(JSON.parse(assay(['flaky', '--json', '--failure-rate', '0.1'], root).stdout).counts.flaky).toBe(1);
    const bad = assay(['flaky', '--failure-rate', '30'], root);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('expected a rate between 0 and 1');
  });

  test('--broken-significance decides whether a flaky test failing since its code changed is broken', async () => {
    const root = tempProject();
    const store = RunStore.forRoot(root);
    // Failed 3 of 5 at one code version, then 5 of 5 after a change to a module it loads.
    for (const [i, ch] of [...'FFPPFFFFFF'].entries()) {
      await store.write({
        format: RUN_FORMAT,
        runId: newRunId(),
        startedAt: `2026-12-${String(i + 1).padStart(2, '0')}T10:00:00.000Z`,
        finishedAt: `2026-12-${String(i + 1).padStart(2, '0')}T10:01:00.000Z`,
        runner: { name: 'vitest', version: '4.1.12' },
        files: { 'a.test.ts': { version: i < 5 ? 'a'.repeat(40) : 'b'.repeat(40) } },
        workers: [],
        tests: [
          { id: 'a.test.ts::timing', state: ch === 'F' ? 'failed' : 'passed', durationMs: 1, retries: 0 },
        ],
      });
    }
    const verdictOf = (args: string[]) =>
      JSON.parse(assay(['flaky', '--json', ...args], root).stdout).tests[0];
    const flaky = verdictOf([]);
    expect(flaky.verdict).toBe('flaky');
    expect(flaky.reason).toContain('in line with its earlier rate (3 of 5)');
    expect(verdictOf(['--broken-significance', '1']).verdict).toBe('broken');
    const bad = assay(['flaky', '--broken-significance', '5'], root);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('expected a probability between 0 and 1');
  });

  test('uses the thresholds the plugin recorded with the runs, unless flags say otherwise', async () => {
    const root = tempProject();
    await recordRuns(root, { 'a.test.ts::rare': 'PPPPPPPPFP' }, { thresholds: { failureRate: 0.1 } });
    expect(JSON.parse(assay(['flaky', '--json'], root).stdout).counts.flaky).toBe(1);
    expect(JSON.parse(assay(['flaky', '--json', '--failure-rate', '0.3'], root).stdout).counts.flaky).toBe(0);
  });

  test('a corrupt run file is named on stderr and the other runs still count', async () => {
    const root = tempProject();
    await recordRuns(root, { 'a.test.ts::t': 'PR' });
    writeFileSync(join(runsDir(root), 'broken.json'), '{"format":');
    const { code, stdout, stderr } = assay(['flaky', '--json'], root);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).counts.flaky).toBe(1);
    expect(stderr).toMatch(/warning: .*broken\.json: not valid JSON/);
  });

  test('with no history it says how to get one', () => {
    const { code, stdout } = assay(['flaky'], tempProject());
    expect(code).toBe(0);
    expect(stdout).toContain('No test results recorded yet');
  });
});
