import { resourceUsage } from 'node:process';
import type { WorkerMemory } from './types.js';

/** One sample of a worker's memory, as a plugin's worker side reports it at the end of a test file. */
export interface WorkerSample {
  /** Worker slot (`VITEST_POOL_ID`, `JEST_WORKER_ID`). */
  id: string;
  rss: number;
  heap: number;
  /** The file ran in the runner's main process (Jest in band). */
  inBand?: boolean;
  /** Resident size and heap when the file started: the smallest is the fresh worker's. */
  base?: { rss: number; heap: number };
  /** Heap alive after a full collection at the file's end. */
  live?: number;
}

/**
 * Per-worker peaks over a run, from one sample per test file: what `RunRecord.workers` holds.
 *
 * @example
 * const peaks = new WorkerPeaks();
 * peaks.add({ id: '1', rss: 200e6, heap: 80e6 });
 * peaks.list(); // [{ id: '1', peakRssBytes: 200000000, peakHeapBytes: 80000000 }]
 */
export class WorkerPeaks {
  private readonly workers = new Map<string, WorkerMemory>();

  add(sample: WorkerSample): void {
    const seen = this.workers.get(sample.id) ?? { id: sample.id, peakRssBytes: 0, peakHeapBytes: 0 };
    seen.peakRssBytes = Math.max(seen.peakRssBytes, sample.rss);
    seen.peakHeapBytes = Math.max(seen.peakHeapBytes, sample.heap);
    if (sample.inBand) seen.inBand = true;
    if (sample.base && (seen.baseRssBytes === undefined || sample.base.rss < seen.baseRssBytes)) {
      seen.baseRssBytes = sample.base.rss;
      seen.baseHeapBytes = sample.base.heap;
    }
    if (sample.live !== undefined) seen.liveHeapBytes = Math.max(seen.liveHeapBytes ?? 0, sample.live);
    this.workers.set(sample.id, seen);
  }

  /** Whether any file ran in the runner's main process. */
  get anyInBand(): boolean {
    return [...this.workers.values()].some((worker) => worker.inBand);
  }

  /**
   * The runner's main process's share of the run's memory (`RunRecord.main`): its peak, or, when the
   * tests ran in band (in it), its size when the run started (`atStart`); the rest of its peak is the
   * in-band worker's.
   */
  mainShare(atStart = 0): { peakRssBytes: number } {
    const peak = resourceUsage().maxRSS * 1024;
    return { peakRssBytes: this.anyInBand && atStart > 0 ? atStart : peak };
  }

  /** The workers seen, by slot. */
  list(): WorkerMemory[] {
    return [...this.workers.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  }
}
