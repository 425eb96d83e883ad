import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runsDir } from '@assay/history';
import { describe, expect, test } from 'vitest';
import { assay, recordRuns, tempProject } from './history-fixtures.js';

describe('assay history merge', () => {
  test('gathers the run files of several shards so verdicts see all of them', async () => {
    const [shard1, shard2, main] = [tempProject(), tempProject(), tempProject()];
    await recordRuns(shard1, { 'a.test.ts::a': 'PF' }, { shard: { index: 1, count: 2 } });
    await recordRuns(shard2, { 'b.test.ts::b': 'RP' }, { shard: { index: 2, count: 2 } });
    const result = assay(['history', 'merge', shard1, join(shard2, '.assay')], main);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Merged 4 run files into .assay/runs.');
    expect(readdirSync(runsDir(main))).toHaveLength(4);
    const report = JSON.parse(assay(['flaky', '--json'], main).stdout);
    expect(report.tests.map((t: { id: string }) => t.id).sort()).toEqual(['a.test.ts::a', 'b.test.ts::b']);

    const again = assay(['history', 'merge', shard1], main);
    expect(again.stdout).toContain('Merged 0 run files into .assay/runs (2 already there).');
  });

  test('skips an invalid file, names it and exits 1', async () => {
    const [from, main] = [tempProject(), tempProject()];
    await recordRuns(from, { 'a.test.ts::a': 'P' });
    writeFileSync(join(runsDir(from), 'cut.json'), '{"form');
    const result = assay(['history', 'merge', from], main);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Merged 1 run file into');
    expect(result.stderr).toMatch(/error: .*cut\.json: not valid JSON/);
  });

  test('a missing folder is a clear error', () => {
    const result = assay(['history', 'merge', 'no-such-dir'], tempProject());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no-such-dir does not exist or is not a folder');
  });
});

describe('assay history compact', () => {
  test('keeps the last N results per test', async () => {
    const root = tempProject();
    await recordRuns(root, { 'a.test.ts::a': 'PPPPP' });
    const result = assay(['history', 'compact', '--keep', '2'], root);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Removed 3 old results (3 files deleted, 0 rewritten).');
    expect(readdirSync(runsDir(root))).toHaveLength(2);
  });
});
