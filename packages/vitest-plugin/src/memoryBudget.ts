import { availableParallelism } from 'node:os';
import { HEAP_LIMIT_FLAG, heapLimitFlags, planWorkerBudgetAt, type WorkerBudgetPlan } from '@assay/history';
import type { TestProject, Vitest } from 'vitest/node';

/** Name of the option in error messages. */
export const BUDGET_OPTION = 'assay({ memoryBudget })';

interface PoolConfig {
  maxWorkers?: number;
  pool?: string;
  watch?: boolean;
  execArgv?: string[];
  poolOptions?: Record<string, { maxForks?: number; maxThreads?: number; execArgv?: string[] } | undefined>;
}

/** Workers Vitest would run at once without a budget (its own default when none is configured). */
function runnerWorkers(config: PoolConfig): number {
  const forks = config.poolOptions?.forks?.maxForks;
  if (typeof forks === 'number') return forks;
  if (typeof config.maxWorkers === 'number') return config.maxWorkers;
  const cpus = availableParallelism();
  return config.watch ? Math.max(Math.floor(cpus / 2), 1) : Math.max(cpus - 1, 1);
}

/** Reads the history and plans workers and heap limits for `budget`; notes why in `plan.explanation`. */
export function planVitestBudget(
  root: string,
  budget: string | number,
  config: PoolConfig,
): Promise<WorkerBudgetPlan> {
  return planWorkerBudgetAt(root, {
    budget,
    option: BUDGET_OPTION,
    maxWorkers: runnerWorkers(config),
    runner: 'vitest',
  });
}

function withHeapLimit(execArgv: string[] | undefined, heapLimitMb: number): string[] {
  const args = execArgv ?? [];
  // A heap limit the user set themselves wins.
  if (args.some((arg) => arg.startsWith(HEAP_LIMIT_FLAG))) return args;
  return [...args, ...heapLimitFlags(heapLimitMb)];
}

/**
 * Applies a plan to Vitest's resolved config before the pool starts: `maxWorkers` (and Vitest 3's
 * `poolOptions.forks.maxForks`), and the heap limit in the execArgv of forked workers (Vitest 4:
 * `execArgv` per project; Vitest 3: `poolOptions.forks.execArgv`). Worker threads cannot take a heap
 * flag, so with `pool: 'threads'` only the worker count is set; a note says so.
 */
export function applyVitestBudget(vitest: Vitest, project: TestProject, plan: WorkerBudgetPlan): string[] {
  const notes: string[] = [];
  const root = vitest.config as unknown as PoolConfig;
  const own = project.config as unknown as PoolConfig;
  for (const config of new Set([root, own])) {
    config.maxWorkers = plan.workers;
    if (config.poolOptions?.forks?.maxForks !== undefined) config.poolOptions.forks.maxForks = plan.workers;
    if (config.poolOptions?.threads?.maxThreads !== undefined)
      config.poolOptions.threads.maxThreads = plan.workers;
  }
  const pool = own.pool ?? 'forks';
  if (pool !== 'forks' && pool !== 'vmForks') {
    notes.push(
      `memoryBudget: pool '${pool}' takes no heap flag; only the worker count (${plan.workers}) was set`,
    );
    return notes;
  }
  const major = Number.parseInt(vitest.version, 10);
  if (major >= 4) {
    own.execArgv = withHeapLimit(own.execArgv, plan.heapLimitMb);
  } else {
    for (const config of new Set([root, own])) {
      config.poolOptions ??= {};
      const options = config.poolOptions[pool] ?? {};
      config.poolOptions[pool] = options;
      options.execArgv = withHeapLimit(options.execArgv, plan.heapLimitMb);
    }
  }
  return notes;
}
