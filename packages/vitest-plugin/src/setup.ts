// Worker-side entry, added to `setupFiles` by the plugin. Runs inside Vitest workers: it must never
// import main-process modules (plugin, reporter) — only `vitest`, ./shared and ./loaded.
import { resourceUsage } from 'node:process';
import { getHeapStatistics } from 'node:v8';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { loadedModules } from './loaded.js';
import {
  idFor,
  META_ATTEMPTS,
  META_FILE_TIME,
  META_MEMORY,
  META_MODULES,
  namesOf,
  PROVIDE_KEY,
  type TaskLike,
  type WorkerConfig,
} from './shared.js';

interface Attempts {
  passed: number;
  failed: number;
}

interface RunnerTask extends TaskLike {
  mode?: string;
  repeats?: number;
  tasks?: RunnerTask[];
  meta: Record<string, unknown>;
  result?: { errors?: unknown[] };
}

const config = (inject as (key: string) => unknown)(PROVIDE_KEY) as WorkerConfig | undefined;

/** Where the previous file's end is kept: on `process`, which outlives the per-file module reset. */
const PREVIOUS_END = Symbol.for('assay.previousFileEnd');

/**
 * The file's wall time in this worker, in ms: since the previous file in the same worker ended, or
 * since the worker started for its first file. It counts the worker's start-up (with `isolate`, a new
 * process per file: ~0.25 s on es-toolkit's specs, none of it in Vitest's per-file diagnostics).
 */
function fileWallMs(): number {
  const now = performance.timeOrigin + performance.now();
  const holder = process as unknown as Record<symbol, number | undefined>;
  const start = Math.max(performance.timeOrigin, holder[PREVIOUS_END] ?? 0);
  holder[PREVIOUS_END] = now;
  return Math.round(now - start);
}

if (config) {
  const quarantined = new Map(Object.entries(config.quarantined));
  const known = config.efd ? new Set(config.efd.known) : undefined;
  let peakHeap = 0;
  const sampleHeap = () => {
    const used = getHeapStatistics().used_heap_size;
    if (used > peakHeap) peakHeap = used;
  };

  // Vitest 3 calls suite hooks with (suite), Vitest 4 with (context, suite) and parses the first
  // parameter for fixtures, which must then be a destructuring pattern: hence `{}` and `arguments`.
  // biome-ignore lint/correctness/noEmptyPattern: Vitest 4 requires a destructuring pattern here.
  beforeAll(function ({}, suite?: unknown) {
    // biome-ignore lint/complexity/noArguments: the suite is the first argument on Vitest 3.
    const file = (suite ?? arguments[0]) as RunnerTask;
    sampleHeap();
    if (!known || !config.efd) return;
    // Early flake detection: tests the history has never seen run `runs` times in this run.
    const visit = (task: RunnerTask) => {
      if (task.tasks) for (const child of task.tasks) visit(child);
      else if (
        task.type === 'test' &&
        task.file &&
        !known.has(idFor(config.root, task.file.filepath, namesOf(task)))
      ) {
        task.repeats = Math.max(task.repeats ?? 0, config.efd!.runs - 1);
      }
    };
    visit(file);
  });

  if (quarantined.size > 0 || known) {
    beforeEach((context) => {
      const task = context.task as unknown as RunnerTask;
      const id = task.file ? idFor(config.root, task.file.filepath, namesOf(task)) : undefined;
      const reason = id !== undefined ? quarantined.get(id) : undefined;
      if (reason !== undefined && config.mode === 'skip') {
        context.skip(`quarantined: ${reason}`);
        return;
      }
      if ((task.repeats ?? 0) > 0) {
        // Count passed and failed attempts: a failed attempt adds errors to the task's result.
        const before = task.result?.errors?.length ?? 0;
        context.onTestFinished(() => {
          const failed = (task.result?.errors?.length ?? 0) > before;
          const attempts = (task.meta[META_ATTEMPTS] as Attempts | undefined) ?? { passed: 0, failed: 0 };
          attempts[failed ? 'failed' : 'passed']++;
          task.meta[META_ATTEMPTS] = attempts;
        });
      }
    });
  }

  // The heap is sampled when a file starts and ends, not per test: a per-test hook would cost every
  // test a little, and the process's peak RSS (maxRSS, below) is exact anyway.

  // biome-ignore lint/correctness/noEmptyPattern: see beforeAll.
  afterAll(function ({}, suite?: unknown) {
    // biome-ignore lint/complexity/noArguments: see beforeAll.
    const file = (suite ?? arguments[0]) as RunnerTask;
    sampleHeap();
    file.meta[META_FILE_TIME] = fileWallMs();
    if (file.filepath) {
      const modules = loadedModules(file.filepath);
      if (modules) file.meta[META_MODULES] = modules;
    }
    file.meta[META_MEMORY] = {
      pool: process.env.VITEST_POOL_ID ?? '1',
      // maxRSS is the process's peak resident set size, in kilobytes.
      rss: resourceUsage().maxRSS * 1024,
      heap: peakHeap,
    };
  });
}
