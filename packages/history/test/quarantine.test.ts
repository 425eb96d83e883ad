import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  addEntry,
  quarantineFile,
  readQuarantine,
  removeEntry,
  resolveQuarantineMode,
  updateQuarantine,
} from '../src/index.js';
import { tempDir } from './helpers.js';

describe('quarantine mode', () => {
  test('defaults to report', () => {
    expect(resolveQuarantineMode(undefined, undefined)).toBe('report');
  });

  test('ASSAY_QUARANTINE overrides the configured mode', () => {
    expect(resolveQuarantineMode('report', 'skip')).toBe('skip');
    expect(resolveQuarantineMode('skip', ' off ')).toBe('off');
    expect(resolveQuarantineMode('skip', '')).toBe('skip');
  });

  test('an unknown mode names its source and the valid values', () => {
    expect(() => resolveQuarantineMode(undefined, 'ignore')).toThrow(
      'ASSAY_QUARANTINE: "ignore" is not a quarantine mode; use one of report, skip, off',
    );
    expect(() => resolveQuarantineMode('nope', undefined)).toThrow(/^quarantine\.mode:/);
  });
});

describe('quarantine file', () => {
  test('an absent file is an empty list', async () => {
    expect(await readQuarantine(await tempDir())).toEqual({ tests: [] });
  });

  test('add and remove write a sorted, reviewable file', async () => {
    const root = await tempDir();
    await updateQuarantine(root, (l) =>
      addEntry(l, { id: 'b.test.ts::x', reason: 'races', since: '2026-11-21' }),
    );
    await updateQuarantine(root, (l) =>
      addEntry(l, {
        id: 'a.test.ts::y',
        reason: 'timing',
        since: '2026-11-21',
        owner: '@ana',
        issue: 'https://x/1',
      }),
    );
    const text = await readFile(quarantineFile(root), 'utf8');
    expect(JSON.parse(text).tests.map((t: { id: string }) => t.id)).toEqual(['a.test.ts::y', 'b.test.ts::x']);
    expect(text).toContain('\n    {\n');
    await updateQuarantine(root, (l) => removeEntry(l, 'b.test.ts::x'));
    expect((await readQuarantine(root)).tests.map((t) => t.id)).toEqual(['a.test.ts::y']);
  });

  test('adding a listed test or removing an unlisted one is a coded error', () => {
    const list = { tests: [{ id: 'a.test.ts::t', reason: 'r', since: '2026-01-01' }] };
    expect(() => addEntry(list, { id: 'a.test.ts::t', reason: 'again', since: '2026-01-02' })).toThrow(
      expect.objectContaining({ code: 'ASSAY_QUARANTINE_ENTRY_EXISTS' }),
    );
    expect(() => removeEntry(list, 'a.test.ts::other')).toThrow(
      expect.objectContaining({ code: 'ASSAY_QUARANTINE_ENTRY_MISSING' }),
    );
    expect(() => addEntry(list, { id: 'not-an-id', reason: 'r', since: '2026-01-01' })).toThrow(
      expect.objectContaining({ code: 'ASSAY_TEST_ID_INVALID' }),
    );
  });

  test('a hand-edited file with mistakes names the file and each bad entry', async () => {
    const root = await tempDir();
    await mkdir(dirname(quarantineFile(root)), { recursive: true });
    await writeFile(
      quarantineFile(root),
      JSON.stringify({
        tests: [
          { id: 'a.test.ts::ok', reason: 'r', since: '2026-01-01' },
          { id: 'a.test.ts::no-reason', since: '2026-01-01' },
          { id: 'a.test.ts::ok', reason: 'r', since: '2026-01-01' },
        ],
      }),
    );
    const error = await readQuarantine(root).catch((e) => e);
    expect(error.code).toBe('ASSAY_QUARANTINE_FILE_INVALID');
    expect(error.message).toContain('quarantine.json');
    expect(error.message).toContain('tests[1] (a.test.ts::no-reason) has no "reason"');
    expect(error.message).toContain('"a.test.ts::ok" is listed twice');
  });

  test('a file that is not JSON is a clear error', async () => {
    const root = await tempDir();
    await mkdir(dirname(quarantineFile(root)), { recursive: true });
    await writeFile(quarantineFile(root), '{ "tests": [');
    await expect(readQuarantine(root)).rejects.toThrow(/quarantine\.json: not valid JSON/);
  });
});
