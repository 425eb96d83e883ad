import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { withAssay } from '../src/config.js';

const root = mkdtempSync(join(tmpdir(), 'assay-jest-config-'));
const nodeOptions = process.env.NODE_OPTIONS;
const execArgv = [...process.execArgv];
afterEach(() => {
  if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
  else process.env.NODE_OPTIONS = nodeOptions;
  process.execArgv.splice(0, process.execArgv.length, ...execArgv);
});

describe('withAssay', () => {
  test('adds the duration sequencer but keeps a sequencer of your own', async () => {
    expect((await withAssay({ rootDir: root })).testSequencer).toBe('@assay/jest-plugin/sequencer');
    expect((await withAssay({ rootDir: root, testSequencer: './mine.js' })).testSequencer).toBe('./mine.js');
    expect((await withAssay({ rootDir: root }, { shard: 'count' })).testSequencer).toBeUndefined();
  });

  test('a memory budget sets workers, the idle memory limit, the heap flags and the reporter budget', async () => {
    delete process.env.NODE_OPTIONS;
    const config = await withAssay(
      { rootDir: root, maxWorkers: 3, reporters: ['default', ['@assay/jest-plugin/reporter', { retry: 1 }]] },
      { memoryBudget: '2GB' },
    );
    expect(config.maxWorkers).toBe(3); // no recorded peaks: the worker count is kept
    expect(config.workerIdleMemoryLimit).toBeGreaterThan(0);
    // Jest's workers are forked with this process's execArgv: the heap limit, and the same initial
    // size so that V8 does not collect long before the limit.
    const heap = /^--max-old-space-size=(\d+)$/.exec(process.execArgv.at(-2) ?? '')?.[1];
    expect(heap).toBeDefined();
    expect(process.execArgv.at(-1)).toBe(`--initial-old-space-size=${heap}`);
    expect(process.env.NODE_OPTIONS).toBeUndefined();
    expect(config.reporters).toEqual([
      'default',
      ['@assay/jest-plugin/reporter', { retry: 1, memoryBudget: '2GB' }],
    ]);
  });

  test('a budget smaller than the main process leaves the idle memory limit unset (Jest rejects a negative one)', async () => {
    delete process.env.NODE_OPTIONS;
    const config = await withAssay({ rootDir: root, maxWorkers: 2 }, { memoryBudget: '64MB' });
    expect(config.workerIdleMemoryLimit).toBeUndefined();
    // A limit of the user's own is kept.
    const own = await withAssay({ rootDir: root, workerIdleMemoryLimit: '200MB' }, { memoryBudget: '64MB' });
    expect(own.workerIdleMemoryLimit).toBe('200MB');
  });

  test('a heap limit of your own, in NODE_OPTIONS or the flags, is kept', async () => {
    process.env.NODE_OPTIONS = '--max-old-space-size=300';
    await withAssay({ rootDir: root, maxWorkers: 2 }, { memoryBudget: '2GB' });
    expect(process.execArgv).toEqual(execArgv);
  });

  test('bad options stop with the option named', async () => {
    await expect(withAssay({ rootDir: root }, { memoryBudget: 'plenty' })).rejects.toThrow(
      /withAssay\(config, \{ memoryBudget \}\): "plenty" is not a memory size/,
    );
    await expect(withAssay({ rootDir: root }, { shard: 'time' as never })).rejects.toThrow(
      /withAssay\(config, \{ shard \}\): "time" is not 'duration' or 'count'/,
    );
  });
});
