import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { assay, recordRuns, tempProject } from './history-fixtures.js';

const ID = 'src/net.test.ts::net > reconnects';

describe('assay quarantine', () => {
  test('add writes the entry with reason, date, owner and issue; list shows it; remove takes it out', async () => {
    const root = tempProject();
    await recordRuns(root, { [ID]: 'PFP' });
    const added = assay(
      [
        'quarantine',
        'add',
        ID,
        '--reason',
        'races the server',
        '--owner',
        '@ana',
        '--issue',
        'https://git/x/12',
      ],
      root,
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`Quarantined ${ID}`);
    expect(added.stderr).toBe('');
    const file = JSON.parse(readFileSync(join(root, '.assay/quarantine.json'), 'utf8'));
    expect(file.tests).toEqual([
      {
        id: ID,
        reason: 'races the server',
        since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        owner: '@ana',
        issue: 'https://git/x/12',
      },
    ]);

    const listed = assay(['quarantine', 'list'], root);
    expect(listed.stdout).toContain(`${ID}\n    since `);
    expect(listed.stdout).toContain('races the server (owner @ana, https://git/x/12)');
    expect(JSON.parse(assay(['quarantine', 'list', '--json'], root).stdout)).toHaveLength(1);

    expect(assay(['flaky'], root).stdout).toMatch(/flaky \(q\)/);

    const removed = assay(['quarantine', 'remove', ID], root);
    expect(removed.code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, '.assay/quarantine.json'), 'utf8')).tests).toEqual([]);
  });

  test('add requires a reason', () => {
    const result = assay(['quarantine', 'add', ID], tempProject());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("required option '--reason <text>' not specified");
  });

  test('add refuses an id no recorded run has, suggests the nearest ids, and adds it with --force', async () => {
    const root = tempProject();
    await recordRuns(root, { [ID]: 'P', 'src/net.test.ts::net > retries': 'P' });
    const typo = 'src/net.test.ts::net > reconect';
    const refused = assay(['quarantine', 'add', typo, '--reason', 'x'], root);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`no test with the id "${typo}" in the recorded run`);
    expect(refused.stderr).toContain(`Did you mean:\n  ${ID}\n`);
    expect(refused.stderr).toContain('Pass --force');
    expect(existsSync(join(root, '.assay/quarantine.json'))).toBe(false);
    const forced = assay(['quarantine', 'add', typo, '--reason', 'x', '--force'], root);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`Quarantined ${typo}`);
  });

  test('add without recorded runs adds the id and warns that it could not be checked', () => {
    const result = assay(['quarantine', 'add', ID, '--reason', 'x'], tempProject());
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('no runs are recorded');
  });

  test('adding twice, removing an unknown id or a malformed id exits 1 with a message saying what to do', () => {
    const root = tempProject();
    assay(['quarantine', 'add', ID, '--reason', 'x'], root);
    const twice = assay(['quarantine', 'add', ID, '--reason', 'y'], root);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('is already quarantined since');
    const missing = assay(['quarantine', 'remove', 'a.test.ts::nope'], root);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Run `assay quarantine list`');
    const malformed = assay(['quarantine', 'add', 'reconnects', '--reason', 'x'], root);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('is not a test id');
  });

  test('a hand-broken quarantine file is reported with its name', () => {
    const root = tempProject();
    mkdirSync(join(root, '.assay'));
    writeFileSync(join(root, '.assay/quarantine.json'), '{"tests": [{"id": "a.test.ts::t"}]}');
    const result = assay(['quarantine', 'list'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/quarantine\.json: tests\[0\] \(a\.test\.ts::t\) has no "reason"/);
    // The packages do not ship docs/: the message links to the docs site.
    expect(result.stderr).toContain('see https://assay-dev.github.io/assay/flaky-tests#_3-quarantine-a-test');
  });
});
