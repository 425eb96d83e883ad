import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILES } from '@assay/core';
import { RunStore, type StoredRun } from '@assay/history';
import { describe, expect, test } from 'vitest';
import { CONFIG_FILE_NAMES, GatesConfigError, resolveGates } from '../src/gates/config.js';
import { coverageGate, newFlakyGate, quarantineAgeGate } from '../src/gates/evaluate.js';
import { assay, recordRuns, tempProject } from './history-fixtures.js';

const OLD = 'a'.repeat(40);
const NEW = 'b'.repeat(40);

/** History: four clean runs at an older commit, then the given outcomes at the commit under test. */
async function history(
  current: Record<string, string>,
  earlier: Record<string, string> = {},
): Promise<{ root: string; runs: StoredRun[] }> {
  const root = tempProject();
  await recordRuns(root, { 'a.test.ts::steady': 'PPPP', ...earlier }, { commit: OLD, dirty: false });
  await recordRuns(root, current, { commit: NEW, dirty: false });
  return { root, runs: (await RunStore.forRoot(root).read()).runs };
}

describe('newFlaky gate', () => {
  test('fails on a test first judged flaky by the runs of the commit under test, naming it', async () => {
    const { runs } = await history({ 'a.test.ts::steady': 'P', 'a.test.ts::wobbly': 'R' });
    const result = newFlakyGate(runs, new Set(), 'fail', NEW);
    expect(result.status).toBe('fail');
    expect(result.message).toMatch(/^newFlaky: 1 new flaky test \(1 run of commit b{12} against 4 earlier\)/);
    expect(result.details).toEqual(['a.test.ts::wobbly — passed only after a retry']);
  });

  test("'warn' reports the same tests without failing; 'off' skips", async () => {
    const { runs } = await history({ 'a.test.ts::wobbly': 'R' });
    expect(newFlakyGate(runs, new Set(), 'warn', NEW)).toMatchObject({
      status: 'warn',
      details: [expect.stringContaining('wobbly')],
    });
    expect(newFlakyGate(runs, new Set(), 'off', NEW).status).toBe('skip');
  });

  test('a test already flaky before, or quarantined, is not new', async () => {
    const { runs } = await history(
      { 'a.test.ts::known': 'R', 'a.test.ts::held': 'R' },
      { 'a.test.ts::known': 'PRPP' },
    );
    expect(newFlakyGate(runs, new Set(['a.test.ts::held']), 'fail', NEW)).toMatchObject({
      status: 'pass',
      details: [],
    });
  });

  test('without runs of the commit, the latest run is the one judged', async () => {
    const { runs } = await history({ 'a.test.ts::wobbly': 'PR' });
    const result = newFlakyGate(runs, new Set(), 'fail', 'c'.repeat(40));
    expect(result.message).toContain('1 run of the latest run against 5 earlier');
    expect(result.status).toBe('fail');
  });
});

describe('quarantineMaxAgeDays gate', () => {
  const entry = (id: string, since: string) => ({ id, reason: 'flaky', since });
  const now = new Date('2026-12-07T12:00:00Z');

  test('fails on entries older than the limit, oldest first, and passes the rest', () => {
    const entries = [
      entry('a.test.ts::new', '2026-12-01'),
      entry('a.test.ts::old', '2026-10-01'),
      entry('a.test.ts::older', '2026-09-01'),
    ];
    const result = quarantineAgeGate(entries, 30, now);
    expect(result.status).toBe('fail');
    expect(result.details).toEqual([
      'a.test.ts::older — since 2026-09-01 (97 days)',
      'a.test.ts::old — since 2026-10-01 (67 days)',
    ]);
    expect(quarantineAgeGate(entries.slice(0, 1), 30, now).status).toBe('pass');
    expect(quarantineAgeGate(entries, undefined, now).status).toBe('skip');
  });
});

describe('coverage gate', () => {
  const summary = (lines: number | string, branches: number | string) => ({
    file: 'coverage/coverage-summary.json',
    content: { total: { lines: { pct: lines }, branches: { pct: branches } } },
  });

  test('passes at or above the minimum and fails below it, naming the measure', () => {
    expect(coverageGate({ lines: 80, branches: 70 }, summary(80, 70.5)).status).toBe('pass');
    const result = coverageGate({ lines: 80, branches: 70 }, summary(85, 60));
    expect(result.status).toBe('fail');
    expect(result.details).toEqual(['branches 60 % < 70 %']);
  });

  test('a missing summary fails with how to produce it; "Unknown" (nothing to count) is 100 %', () => {
    const missing = coverageGate({ lines: 80 }, { file: 'coverage/coverage-summary.json', missing: true });
    expect(missing.status).toBe('fail');
    expect(missing.message).toContain("coverage.reporter: ['json-summary']");
    expect(coverageGate({ branches: 90 }, summary(95, 'Unknown')).status).toBe('pass');
    expect(coverageGate({ lines: 80 }, { file: 'x.json', content: { total: {} } }).message).toContain(
      'json-summary',
    );
  });
});

test('a bad gates value names the file and the key', () => {
  expect(() => resolveGates({ newFlaky: 'loud' }, 'assay.config.ts')).toThrow(
    new GatesConfigError('assay.config.ts', `gates.newFlaky: "loud" is not 'fail', 'warn' or 'off'.`),
  );
  expect(() => resolveGates({ coverage: { lines: 120 } }, 'f')).toThrow(
    'gates.coverage.lines: 120 is not a percentage',
  );
  expect(() => resolveGates({ maxAge: 3 }, 'f')).toThrow('gates.maxAge is not a gate');
  expect(resolveGates(undefined, 'f')).toEqual({ newFlaky: 'warn' });
});

describe('assay gate', () => {
  test('exits 1 with a line per failed gate', async () => {
    const { root } = await history({ 'a.test.ts::wobbly': 'R' });
    writeFileSync(
      join(root, 'assay.config.ts'),
      `const gates: Record<string, unknown> = { newFlaky: 'fail', coverage: { lines: 90 } };\nexport default { gates };\n`,
    );
    mkdirSync(join(root, 'coverage'));
    writeFileSync(
      join(root, 'coverage', 'coverage-summary.json'),
      JSON.stringify({ total: { lines: { pct: 91.5 }, branches: { pct: 50 } } }),
    );
    const text = assay(['gate', '--commit', NEW], root);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('FAIL  newFlaky: 1 new flaky test');
    expect(text.stdout).toContain('        a.test.ts::wobbly — passed only after a retry');
    expect(text.stdout).toContain('pass  coverage: lines 91.5 %, branches 50 %');
    expect(text.stdout).toContain('skip  quarantineMaxAgeDays: not set');
    expect(text.stdout).toContain('assay gate: 1 gate failed: newFlaky.');
  });

  test('exits 0 when the gates pass or only warn (--json), and 2 on a gates config it cannot use', async () => {
    const { root } = await history({ 'a.test.ts::wobbly': 'R' });
    const warned = assay(['gate', '--commit', NEW, '--json'], root);
    expect(warned.code).toBe(0);
    expect(JSON.parse(warned.stdout)).toMatchObject({
      passed: true,
      gates: [
        { gate: 'newFlaky', status: 'warn', details: [expect.stringContaining('wobbly')] },
        { status: 'skip' },
        { status: 'skip' },
      ],
    });
    writeFileSync(join(root, 'assay.config.json'), JSON.stringify({ gates: { quarantineMaxAgeDays: -1 } }));
    const bad = assay(['gate'], root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'assay.config.json: gates.quarantineMaxAgeDays: -1 is not a whole number of days',
    );
  });
});

test('assay gate looks for the same config files as core, in the same order', () => {
  expect(CONFIG_FILE_NAMES).toEqual(CONFIG_FILES);
});
