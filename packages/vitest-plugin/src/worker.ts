// Worker-side: per-worker resources for test files and setup files. Never imports main-process modules.
import { isMainThread } from 'node:worker_threads';
import { createWorkerHelpers } from '@assay/history/worker';

export type { PortRange, PortRangeOptions, WorkerHelpers } from '@assay/history/worker';

/**
 * Per-worker resources for Vitest, keyed by `VITEST_POOL_ID` (see `WorkerHelpers` for each one).
 *
 * @example
 * import { workerTempDir, workerDatabaseName } from '@assay/vitest-plugin/worker';
 * const db = openDatabase(join(workerTempDir(), 'app.sqlite'));
 */
export const {
  workerSlot,
  workerTempDir,
  workerPorts,
  findFreePort,
  workerDatabaseName,
  removeWorkerTempDirs,
} = createWorkerHelpers({
  slotEnv: 'VITEST_POOL_ID',
  // Test files run in child processes forked by Vitest (forks, vmForks pools) or in worker threads of
  // its main process (threads, vmThreads); global setup and teardown run in the main process.
  mainPid: () => (isMainThread && process.env.VITEST_POOL_ID ? process.ppid : process.pid),
});
