// Main-process entry: `@assay/jest-plugin/config`, used from jest.config.js.
import { availableParallelism } from 'node:os';
import {
  HEAP_LIMIT_FLAG,
  heapLimitFlags,
  MIN_BUDGET,
  OptionError,
  planWorkerBudgetAt,
  type WorkerBudgetPlan,
} from '@assay/history';

/** Options of {@link withAssay}. */
export interface AssayJestConfigOptions {
  /**
   * Memory budget of the whole run: `'4GB'`, `'512MB'` or bytes. From the per-worker peaks recorded
   * in `.assay/runs/`, sets `maxWorkers`, `workerIdleMemoryLimit` (Jest restarts a worker that ends a
   * file above its share; it also keeps Jest from running the tests in band, in its main process,
   * where no limit reaches) and each worker's heap limit (`--max-old-space-size`, in the Node flags
   * Jest's workers are started with).
   * @default undefined (no budget)
   */
  memoryBudget?: string | number;
  /**
   * How `--shard=i/n` splits test files: `'duration'` sets `testSequencer` to
   * `@assay/jest-plugin/sequencer` (unless you set one); `'count'` leaves Jest's split.
   * @default 'duration'
   */
  shard?: 'duration' | 'count';
  /**
   * Project root holding `.assay/`.
   * @default the config's `rootDir`, else the working directory
   */
  root?: string;
}

/** The part of Jest's config this helper reads and sets. */
export interface JestConfigLike {
  rootDir?: string;
  maxWorkers?: number | string;
  workerIdleMemoryLimit?: number | string;
  testSequencer?: string;
  reporters?: unknown[];
  [key: string]: unknown;
}

const WHERE = 'withAssay(config, { memoryBudget })';
const SEQUENCER = '@assay/jest-plugin/sequencer';
const REPORTER = /^@assay\/jest-plugin\/reporter$|[\\/]jest-plugin[\\/]dist[\\/]reporter\.(c?js|mjs)$/;

/** Workers Jest would run without a budget: `maxWorkers` from the config, else Jest's default. */
function jestWorkers(maxWorkers: number | string | undefined): number {
  const cpus = availableParallelism();
  if (typeof maxWorkers === 'number') return Math.max(1, Math.floor(maxWorkers));
  if (typeof maxWorkers === 'string') {
    const percent = /^(\d+)%$/.exec(maxWorkers.trim());
    if (percent) return Math.max(1, Math.floor((cpus * Number(percent[1])) / 100));
    const count = Number.parseInt(maxWorkers, 10);
    if (Number.isInteger(count) && count > 0) return count;
  }
  return Math.max(cpus - 1, 1);
}

/**
 * Adds assay's sharding and memory budget to a Jest config. Jest reads `maxWorkers` and the worker
 * environment before any reporter runs, so the budget is applied here, in jest.config, rather than
 * by the reporter. Returns a new config; the plan's reasons are logged on stderr.
 *
 * @example
 * // jest.config.js
 * const { withAssay } = require('@assay/jest-plugin/config');
 * module.exports = () =>
 *   withAssay(
 *     { reporters: ['default', '@assay/jest-plugin/reporter'], testEnvironment: '@assay/jest-plugin/environment' },
 *     { memoryBudget: '4GB' },
 *   );
 */
export async function withAssay<T extends JestConfigLike>(
  config: T,
  options: AssayJestConfigOptions = {},
): Promise<T & JestConfigLike> {
  const result: JestConfigLike = { ...config };
  const shard = options.shard ?? 'duration';
  if (shard !== 'duration' && shard !== 'count') {
    throw new OptionError(
      'withAssay(config, { shard })',
      `${JSON.stringify(shard)} is not 'duration' or 'count'`,
    );
  }
  if (shard === 'duration' && result.testSequencer === undefined) result.testSequencer = SEQUENCER;
  if (options.memoryBudget !== undefined) {
    const root = options.root ?? config.rootDir ?? process.cwd();
    const plan = await planWorkerBudgetAt(root, {
      budget: options.memoryBudget,
      option: WHERE,
      maxWorkers: jestWorkers(config.maxWorkers),
      runner: 'jest',
    });
    applyJestBudget(result, plan, options.memoryBudget);
    process.stderr.write(`assay: memory budget: ${plan.explanation.join('; ')}\n`);
  }
  return result as T & JestConfigLike;
}

function applyJestBudget(config: JestConfigLike, plan: WorkerBudgetPlan, budget: string | number): void {
  config.maxWorkers = plan.workers;
  const share = Math.floor((plan.budgetBytes - plan.mainBytes) / plan.workers);
  // A smaller limit of the user's own wins. When the budget leaves a worker less than it needs to run at
  // all (the plan's explanation says so), no limit: a negative one stops Jest, a tiny one restarts the
  // worker after every file.
  const own = config.workerIdleMemoryLimit;
  if (share >= MIN_BUDGET && (typeof own !== 'number' || own > share)) {
    config.workerIdleMemoryLimit = share;
  }
  // jest-worker starts each worker with this process's `execArgv`; NODE_OPTIONS cannot carry
  // `--initial-old-space-size`. A heap limit of the user's own (flag or NODE_OPTIONS) is kept.
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''];
  if (!flags.some((arg) => arg.includes(HEAP_LIMIT_FLAG)))
    process.execArgv.push(...heapLimitFlags(plan.heapLimitMb));
  // The reporter prints the peak seen against the budget.
  config.reporters = config.reporters?.map((entry) => {
    const [path, own] =
      typeof entry === 'string' ? [entry, {}] : (entry as [unknown, Record<string, unknown>?]);
    return typeof path === 'string' && REPORTER.test(path) ? [path, { ...own, memoryBudget: budget }] : entry;
  });
}
