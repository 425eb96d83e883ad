import { formatBytes, MIN_BUDGET, parseMemoryBudget } from './memorySize.js';
import { RunStore } from './store.js';
import type { RunRecord, WorkerMemory } from './types.js';

const MB = 1024 * 1024;

export { formatBytes, MIN_BUDGET, parseMemoryBudget };

/** Memory a worker uses outside the V8 heap when no run recorded it (code, buffers, new space). */
const DEFAULT_OUTSIDE_HEAP = 64 * MB;
/** The smallest heap limit assay sets: smaller ones crash runners before any test. */
const MIN_HEAP_MB = 64;
/**
 * Room a worker's heap gets above its recorded heap peak: V8 collects ever more often as the heap
 * nears its limit, so a limit just above the live data costs CPU (measured: +17 % CPU time with 8 %
 * room, bench/memory-budget).
 */
export const HEAP_HEADROOM = 1.25;
/** The V8 flag that caps a worker's heap; a cap of the user's own (this flag) is kept. */
export const HEAP_LIMIT_FLAG = '--max-old-space-size';

/**
 * The Node flags that give a worker a heap limit of `heapLimitMb` without making it collect early.
 * With `--max-old-space-size` alone V8 starts full collections at a fraction of the limit, long before
 * it: workers that build up a few hundred megabytes paid ~10 % more CPU time (bench/memory-budget,
 * session 4). `--initial-old-space-size` at the same size lets the heap grow as it would without a
 * limit, up to the limit. Both are V8 flags that `NODE_OPTIONS` does not accept for the second: pass
 * them as a process's `execArgv`.
 *
 * @example
 * heapLimitFlags(512); // ['--max-old-space-size=512', '--initial-old-space-size=512']
 */
export function heapLimitFlags(heapLimitMb: number): string[] {
  return [`${HEAP_LIMIT_FLAG}=${heapLimitMb}`, `--initial-old-space-size=${heapLimitMb}`];
}

/** Recorded runs looked at, newest first. */
export const WORKER_BUDGET_SAMPLES = 5;
/** Options of {@link planWorkerBudget}. */
export interface WorkerBudgetOptions {
  /** The budget: `'4GB'`, `'512MB'` or bytes. */
  budget: string | number;
  /** Name of the setting, for error messages, e.g. `assay({ memoryBudget })`. */
  option: string;
  /** Workers the runner would use without a budget: the plan never uses more. */
  maxWorkers: number;
  /** Prefer peaks recorded by this runner (`'vitest'`, `'jest'`). */
  runner?: string;
  /** Memory of the runner's main process now, in bytes; the recorded peak is used when larger. */
  mainBytes?: number;
}

/** Worker count and heap limit that keep a run inside a memory budget, and why. */
export interface WorkerBudgetPlan {
  budgetBytes: number;
  /** Workers to run at once. */
  workers: number;
  /** Heap limit per worker, for `--max-old-space-size` (megabytes). */
  heapLimitMb: number;
  /** Recorded peak resident memory of one worker (largest of the recent runs), when known. */
  workerPeakBytes?: number;
  /** Memory planned per worker: its recorded peak, or more when its heap needs room (see `HEAP_HEADROOM`). */
  workerNeedBytes?: number;
  /** Memory set aside for the runner's main process. */
  mainBytes: number;
  /** False when even the chosen plan's recorded peaks exceed the budget (e.g. one worker is bigger). */
  fits: boolean;
  /** One sentence per step of the choice, for logs and the summary. */
  explanation: string[];
}

interface RecordedPeaks {
  /** The worker that needs the most, and what it needs. */
  worker?: WorkerMemory;
  need?: number;
  /** How the need was measured, for the explanation. */
  measure?: 'live' | 'peak' | 'in band';
  outsideHeap?: number;
  main?: number;
  runs: number;
}

/** A worker's memory outside the V8 heap (code, buffers, new space) and what it needs in all. */
function needOf(worker: WorkerMemory): { outside?: number; need: number; measure: RecordedPeaks['measure'] } {
  if (
    worker.liveHeapBytes !== undefined &&
    worker.baseRssBytes !== undefined &&
    worker.baseHeapBytes !== undefined
  ) {
    // Measured after a collection: what its files kept alive, on top of what the fresh worker used
    // outside its heap. Its peak also held what V8 had not collected yet, which a heap limit collects.
    const outside = Math.max(0, worker.baseRssBytes - worker.baseHeapBytes);
    return { outside, need: outside + worker.liveHeapBytes * HEAP_HEADROOM, measure: 'live' };
  }
  if (worker.inBand) {
    // In band, memory outside the heap is mostly the runner's own and pages freed by earlier files.
    return {
      need: Math.max(worker.peakRssBytes, DEFAULT_OUTSIDE_HEAP + worker.peakHeapBytes * HEAP_HEADROOM),
      measure: 'in band',
    };
  }
  const outside = Math.max(0, worker.peakRssBytes - worker.peakHeapBytes);
  return {
    outside,
    need: Math.max(worker.peakRssBytes, outside + worker.peakHeapBytes * HEAP_HEADROOM),
    measure: 'peak',
  };
}

function recordedPeaks(records: readonly RunRecord[], runner: string | undefined): RecordedPeaks {
  const withWorkers = records.filter((r) => r.workers.length > 0);
  const own = runner === undefined ? withWorkers : withWorkers.filter((r) => r.runner.name === runner);
  const candidates = own.length > 0 ? own : withWorkers;
  // Best measure first: workers whose live heap was measured (runs under a budget), then workers'
  // peaks, then runs whose tests ran in band (Jest's main process), which overstate a worker.
  const live = candidates.filter((r) => r.workers.some((w) => w.liveHeapBytes !== undefined));
  const real = candidates.filter((r) => r.workers.some((w) => !w.inBand));
  const chosen = live.length > 0 ? live : real.length > 0 ? real : candidates;
  const recent = chosen
    .slice()
    .sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))
    .slice(0, WORKER_BUDGET_SAMPLES);
  const peaks: RecordedPeaks = { runs: recent.length };
  for (const record of recent) {
    for (const worker of record.workers) {
      const { outside, need, measure } = needOf(worker);
      if (peaks.need === undefined || need > peaks.need) Object.assign(peaks, { worker, need, measure });
      if (outside !== undefined) peaks.outsideHeap = Math.max(peaks.outsideHeap ?? 0, outside);
    }
    if (record.main) peaks.main = Math.max(peaks.main ?? 0, record.main.peakRssBytes);
  }
  return peaks;
}

/**
 * Chooses how many workers run at once and each one's heap limit so that the whole run (main process
 * plus workers at their recorded peaks) stays inside `budget`. The recorded peak per worker is the
 * largest of the last five runs (the same runner's when it has any); a worker is planned at least
 * its memory outside the heap plus 1.25 × its heap peak, so its heap limit leaves V8 room to work. Without recorded peaks the
 * runner's worker count is kept and the budget is split evenly into heap limits.
 *
 * @example
 * const plan = planWorkerBudget(records, { budget: '4GB', option: 'assay({ memoryBudget })', maxWorkers: 8 });
 * // plan.workers → 5, plan.heapLimitMb → 650, plan.explanation → ['budget 4 GB, ...', ...]
 */
export function planWorkerBudget(
  records: readonly RunRecord[],
  options: WorkerBudgetOptions,
): WorkerBudgetPlan {
  const budgetBytes = parseMemoryBudget(options.budget, options.option);
  const maxWorkers = Math.max(1, Math.floor(options.maxWorkers));
  const peaks = recordedPeaks(records, options.runner);
  const mainBytes = Math.max(options.mainBytes ?? 0, peaks.main ?? 0);
  const forWorkers = Math.max(0, budgetBytes - mainBytes);
  const explanation = [
    `budget ${formatBytes(budgetBytes)}: ${formatBytes(mainBytes)} for the runner's main process, ${formatBytes(forWorkers)} for workers`,
  ];
  const workerPeak = peaks.worker?.peakRssBytes;
  const outsideHeap = peaks.outsideHeap ?? DEFAULT_OUTSIDE_HEAP;
  let workers = maxWorkers;
  const workerNeed = peaks.need;
  if (peaks.worker && workerNeed !== undefined && workerNeed > 0) {
    const fitting = Math.floor(forWorkers / workerNeed);
    workers = Math.max(1, Math.min(maxWorkers, fitting));
    const seen =
      peaks.measure === 'live'
        ? `a worker kept ${formatBytes(peaks.worker.liveHeapBytes!)} alive (heap after a collection; peak ${formatBytes(workerPeak!)})`
        : `a worker peaked at ${formatBytes(workerPeak!)}` +
          (peaks.measure === 'in band'
            ? " (tests ran in band, in the runner's main process: an overstatement)"
            : '');
    explanation.push(
      `${seen} in the last ${peaks.runs} recorded run(s) and is planned ${formatBytes(workerNeed)} ` +
        `(room for its heap to grow ${Math.round((HEAP_HEADROOM - 1) * 100)} %): ` +
        `${fitting} fit, ${workers} chosen (the runner would use ${maxWorkers})`,
    );
  } else {
    explanation.push(`no recorded worker peaks yet: keeping ${workers} worker(s) and splitting the budget`);
  }
  const share = forWorkers / workers;
  const heapLimitMb = Math.max(MIN_HEAP_MB, Math.floor((share - outsideHeap) / MB));
  explanation.push(
    `heap limit ${heapLimitMb} MB per worker (its ${formatBytes(share)} share minus ${formatBytes(outsideHeap)} used outside the heap)`,
  );
  const fits = workerNeed === undefined ? forWorkers > 0 : workers * workerNeed <= forWorkers;
  if (!fits) {
    explanation.push(
      `the budget is smaller than what one worker needs plus the main process: workers may run out of heap; raise the budget to at least ${formatBytes(mainBytes + (workerNeed ?? MIN_BUDGET))}`,
    );
  }
  return {
    budgetBytes,
    workers,
    heapLimitMb,
    ...(workerPeak !== undefined ? { workerPeakBytes: workerPeak } : {}),
    ...(workerNeed !== undefined ? { workerNeedBytes: Math.round(workerNeed) } : {}),
    mainBytes,
    fits,
    explanation,
  };
}

/**
 * {@link planWorkerBudget} over the history of the project at `root` (`.assay/runs/`), with the
 * current process's memory as the main process's share when the history recorded less.
 *
 * @example
 * const plan = await planWorkerBudgetAt(root, { budget: '4GB', option: 'memoryBudget', maxWorkers: 3, runner: 'jest' });
 */
export async function planWorkerBudgetAt(
  root: string,
  options: Omit<WorkerBudgetOptions, 'mainBytes'>,
): Promise<WorkerBudgetPlan> {
  const { runs } = await RunStore.forRoot(root).read();
  return planWorkerBudget(
    runs.map((run) => run.record),
    { ...options, mainBytes: process.memoryUsage().rss },
  );
}

/**
 * The end-of-run memory line: the peak seen (the main process's peak plus each worker slot's peak,
 * from the processes' own `maxRSS`) against the budget when there is one. Short-lived helper
 * processes and a worker being replaced while another starts are not in it.
 *
 * @example
 * formatMemoryLine(record.workers, record.main?.peakRssBytes, plan.budgetBytes);
 * // 'memory: peak 1.2 GB (main 180 MB + 2 workers, largest 510 MB), budget 1.5 GB'
 */
export function formatMemoryLine(
  workers: readonly WorkerMemory[],
  mainBytes: number | undefined,
  budgetBytes?: number,
): string {
  const largest = workers.reduce((max, w) => Math.max(max, w.peakRssBytes), 0);
  // In band, the tests ran in the main process: its peak is the run's, the main's share inside it.
  const inBand = workers.some((w) => w.inBand);
  const total = inBand ? largest : (mainBytes ?? 0) + workers.reduce((sum, w) => sum + w.peakRssBytes, 0);
  const parts = inBand
    ? ['tests ran in band, in the main process']
    : [
        mainBytes !== undefined ? `main ${formatBytes(mainBytes)}` : undefined,
        `${workers.length} worker(s), largest ${formatBytes(largest)}`,
      ].filter(Boolean);
  const budget =
    budgetBytes === undefined
      ? ''
      : `, budget ${formatBytes(budgetBytes)}${total > budgetBytes ? ' (exceeded)' : ''}`;
  return `memory: peak ${formatBytes(total)} (${parts.join(' + ')})${budget}`;
}
