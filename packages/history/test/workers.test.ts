import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  createWorkerHelpers,
  databaseNameFor,
  ensureWorkerTempDir,
  freePortIn,
  portRangeFor,
  removeRunTempDirs,
  runIdFrom,
  slotFrom,
  WORKERS_TEMP_ROOT,
} from '../src/index.js';

describe('slotFrom', () => {
  test('reads the runner variable and falls back to 1 in band', () => {
    expect(slotFrom('3')).toBe(3);
    expect(slotFrom(undefined)).toBe(1);
    expect(slotFrom('0')).toBe(1);
    expect(slotFrom('x')).toBe(1);
  });
});

describe('runIdFrom', () => {
  test("uses ASSAY_RUN_ID when set, else the runner's main process pid", () => {
    expect(runIdFrom({ ASSAY_RUN_ID: 'ci-42' }, () => 7)).toBe('ci-42');
    expect(runIdFrom({}, () => 7)).toBe('p7');
    expect(runIdFrom({})).toBe(`p${process.pid}`);
  });

  test('refuses a run id that would escape the temporary folder', () => {
    expect(() => runIdFrom({ ASSAY_RUN_ID: '../x' })).toThrow(/ASSAY_RUN_ID: "..\/x" may only hold/);
  });
});

describe('portRangeFor', () => {
  test('gives base + slot × size onwards, without overlap between slots', () => {
    expect(portRangeFor(1)).toEqual({ first: 20_010, last: 20_019, size: 10 });
    expect(portRangeFor(2, { base: 40_000, size: 5 })).toEqual({ first: 40_010, last: 40_014, size: 5 });
  });

  test('names the option to change when the range passes 65535', () => {
    expect(() => portRangeFor(8, { base: 65_000, size: 100 })).toThrow(
      /lower `base` \(65000\) or `size` \(100\)/,
    );
  });
});

describe('freePortIn', () => {
  let held: Server | undefined;
  afterEach(() => held?.close());

  test('skips a port another process listens on', async () => {
    const range = portRangeFor(3, { base: 47_000, size: 4 });
    held = createServer();
    await new Promise<void>((resolve) => held?.listen(range.first, '127.0.0.1', resolve));
    expect(await freePortIn(range)).toBe(range.first + 1);
  });

  test('fails clearly when the whole range is taken', async () => {
    const range = portRangeFor(1, { base: 47_100, size: 1 });
    held = createServer();
    await new Promise<void>((resolve) => held?.listen(range.first, '127.0.0.1', resolve));
    await expect(freePortIn(range)).rejects.toThrow(/no free port in 47101–47101/);
  });
});

describe('databaseNameFor', () => {
  test('suffixes the slot and refuses names that need quoting', () => {
    expect(databaseNameFor(2, 'app')).toBe('app_w2');
    expect(databaseNameFor(1)).toBe('test_w1');
    expect(() => databaseNameFor(1, 'my-db')).toThrow(/"my-db" is not a plain database name/);
  });
});

describe('worker temporary folders', () => {
  test('are private per slot, kept within a run and removed with it', () => {
    const run = `t${process.pid}-${Date.now()}`;
    const one = ensureWorkerTempDir(1, run);
    const two = ensureWorkerTempDir(2, run);
    expect(one).not.toBe(two);
    writeFileSync(join(one, 'db.sqlite'), 'data');
    expect(ensureWorkerTempDir(1, run)).toBe(one);
    expect(existsSync(join(one, 'db.sqlite'))).toBe(true);
    removeRunTempDirs(run);
    expect(existsSync(one)).toBe(false);
  });

  test("sweep away folders of runs whose process is gone, never a live one's", () => {
    const root = join(tmpdir(), WORKERS_TEMP_ROOT);
    // pid 2^22+1 is above Linux's pid_max limit, so no process has it.
    const dead = join(root, `p${2 ** 22 + 1}`, 'w1');
    const live = join(root, `p${process.pid}`, 'w1');
    mkdirSync(dead, { recursive: true });
    mkdirSync(live, { recursive: true });
    const helpers = createWorkerHelpers({
      slotEnv: 'ASSAY_TEST_NO_SUCH_VARIABLE',
      mainPid: () => process.ppid,
    });
    const mine = helpers.workerTempDir();
    expect(mine.endsWith(join(`p${process.ppid}`, 'w1'))).toBe(true);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    removeRunTempDirs(`p${process.pid}`);
    helpers.removeWorkerTempDirs();
    expect(existsSync(mine)).toBe(false);
  });
});
