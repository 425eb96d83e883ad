import { describe, expect, test } from 'vitest';
import { formatMemoryLine, OptionError, parseMemoryBudget, planWorkerBudget } from '../src/index.js';
import { run } from './helpers.js';

const MB = 1024 * 1024;
const OPTION = 'assay({ memoryBudget })';

describe('parseMemoryBudget', () => {
  test('reads sizes with units as powers of 1024', () => {
    expect(parseMemoryBudget('4GB', OPTION)).toBe(4 * 1024 * MB);
    expect(parseMemoryBudget('512mb', OPTION)).toBe(512 * MB);
    expect(parseMemoryBudget('1.5 GB', OPTION)).toBe(1.5 * 1024 * MB);
    expect(parseMemoryBudget(256 * MB, OPTION)).toBe(256 * MB);
  });

  test.each(['4 gigs', '', 'GB', '-1GB', '4096'])('rejects %j naming the option', (value) => {
    expect(() => parseMemoryBudget(value, OPTION)).toThrow(OptionError);
    expect(() => parseMemoryBudget(value, OPTION)).toThrow(/assay\(\{ memoryBudget \}\).*'4GB'/);
  });

  test('rejects a budget too small for one worker and hints at the unit', () => {
    expect(() => parseMemoryBudget('10MB', OPTION)).toThrow(/too small.*forget the unit/);
  });
});

describe('planWorkerBudget', () => {
  const worker = (id: string, rssMb: number, heapMb: number) => ({
    id,
    peakRssBytes: rssMb * MB,
    peakHeapBytes: heapMb * MB,
  });

  test('runs as many workers as fit at their recorded peak and sets a heap limit from the share', () => {
    const history = [
      run([], { workers: [worker('1', 300, 220), worker('2', 280, 200)], main: { peakRssBytes: 200 * MB } }),
      run([], { workers: [worker('1', 400, 330)] }),
    ];
    const plan = planWorkerBudget(history, { budget: '1.2GB', option: OPTION, maxWorkers: 4 });
    // The larger worker needs max(400, 70 + 1.25 × 330) = 482.5 MB (its own 70 MB outside the heap):
    // (1228.8 − 200) / 482.5 = 2.13 → 2 workers; heap limit: share 514.4 MB − 80 MB, the most any
    // worker used outside the heap.
    expect(plan.workers).toBe(2);
    expect(plan.workerNeedBytes).toBe(Math.round(482.5 * MB));
    expect(plan.heapLimitMb).toBe(434);
    expect(plan.fits).toBe(true);
    expect(plan.explanation.join('\n')).toMatch(/peaked at 400 MB.*2 chosen/);
  });

  test('never uses more workers than the runner would', () => {
    const history = [run([], { workers: [worker('1', 100, 60)] })];
    expect(planWorkerBudget(history, { budget: '8GB', option: OPTION, maxWorkers: 3 }).workers).toBe(3);
  });

  test('keeps the worker count and splits the budget without recorded peaks', () => {
    const plan = planWorkerBudget([], { budget: '2GB', option: OPTION, maxWorkers: 4, mainBytes: 0 });
    expect(plan.workers).toBe(4);
    expect(plan.heapLimitMb).toBe(512 - 64);
    expect(plan.explanation[1]).toMatch(/no recorded worker peaks/);
  });

  test('says so when one worker does not fit', () => {
    const history = [run([], { workers: [worker('1', 900, 800)] })];
    const plan = planWorkerBudget(history, { budget: '512MB', option: OPTION, maxWorkers: 2 });
    expect(plan.workers).toBe(1);
    expect(plan.fits).toBe(false);
    // max(900, 100 + 1.25 × 800) = 1100 MB
    expect(plan.explanation.at(-1)).toMatch(/raise the budget to at least 1\.1 GB/);
  });

  test('plans from real workers, not from a run whose tests ran in band in the main process', () => {
    const inBand = { ...worker('1', 1300, 900), inBand: true };
    const history = [
      run([], { workers: [worker('1', 250, 160)], main: { peakRssBytes: 120 * MB } }),
      run([], { workers: [inBand], main: { peakRssBytes: 150 * MB } }),
    ];
    const plan = planWorkerBudget(history, {
      budget: '800MB',
      option: OPTION,
      maxWorkers: 4,
      runner: 'vitest',
    });
    // The older out-of-band run's worker: max(250, 90 + 1.25 × 160) = 290 MB; (800 − 120) / 290 → 2.
    expect(plan.workerPeakBytes).toBe(250 * MB);
    expect(plan.mainBytes).toBe(120 * MB);
    expect(plan.workers).toBe(2);
    expect(plan.fits).toBe(true);
  });

  test('with only in-band runs, plans one worker at their (overstated) peak rather than none', () => {
    const inBand = { ...worker('1', 1300, 900), inBand: true };
    const history = [run([], { workers: [inBand], main: { peakRssBytes: 150 * MB } })];
    const plan = planWorkerBudget(history, { budget: '800MB', option: OPTION, maxWorkers: 4 });
    expect(plan.workers).toBe(1);
    expect(plan.mainBytes).toBe(150 * MB);
    // The 650 MB left by the main process go to the one worker; an in-band process's memory outside
    // the heap is mostly the runner's own and freed pages, so the default 64 MB is kept for it.
    expect(plan.heapLimitMb).toBe(650 - 64);
  });

  test('plans a reused worker from what it kept alive, not from the garbage its peak held', () => {
    // A Jest worker that ran many files: 600 MB resident at its peak, but only 180 MB alive after a
    // collection; it used 110 MB resident with 40 MB of heap before its first file.
    const reused = {
      ...worker('1', 600, 470),
      baseRssBytes: 110 * MB,
      baseHeapBytes: 40 * MB,
      liveHeapBytes: 180 * MB,
    };
    const history = [
      run([], { workers: [reused], main: { peakRssBytes: 80 * MB } }),
      // A newer run without live figures (no budget) does not replace the better measure.
      run([], { workers: [worker('1', 900, 800)], main: { peakRssBytes: 80 * MB } }),
    ];
    const plan = planWorkerBudget(history, { budget: '800MB', option: OPTION, maxWorkers: 4 });
    // 70 MB outside the heap + 1.25 × 180 MB = 295 MB; (800 − 80) / 295 → 2 workers of 360 MB,
    // heap limit 360 − 70 = 290 MB.
    expect(plan.workerNeedBytes).toBe(295 * MB);
    expect(plan.workers).toBe(2);
    expect(plan.heapLimitMb).toBe(290);
    expect(plan.explanation[1]).toMatch(
      /a worker kept 180 MB alive \(heap after a collection; peak 600 MB\)/,
    );
  });

  test('rejects a bad budget naming the option', () => {
    expect(() => planWorkerBudget([], { budget: 'lots', option: OPTION, maxWorkers: 2 })).toThrow(
      /assay\(\{ memoryBudget \}\): "lots" is not a memory size/,
    );
  });
});

test('formatMemoryLine shows the peak and the budget', () => {
  const workers = [
    { id: '1', peakRssBytes: 300 * MB, peakHeapBytes: 1 },
    { id: '2', peakRssBytes: 200 * MB, peakHeapBytes: 1 },
  ];
  expect(formatMemoryLine(workers, 100 * MB, 1024 * MB)).toBe(
    'memory: peak 600 MB (main 100 MB + 2 worker(s), largest 300 MB), budget 1 GB',
  );
  expect(formatMemoryLine(workers, undefined, 400 * MB)).toMatch(/budget 400 MB \(exceeded\)$/);
});

test('formatMemoryLine counts an in-band run once: the main process held the tests', () => {
  const inBand = [{ id: '1', peakRssBytes: 700 * MB, peakHeapBytes: 1, inBand: true }];
  expect(formatMemoryLine(inBand, 150 * MB, 1024 * MB)).toBe(
    'memory: peak 700 MB (tests ran in band, in the main process), budget 1 GB',
  );
});
