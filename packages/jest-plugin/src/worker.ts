// Worker-side: per-worker resources for test files and setup files. Never imports main-process modules.
import { isMainThread } from 'node:worker_threads';
import { createWorkerHelpers } from '@assay/history/worker';

export type { PortRange, PortRangeOptions, WorkerHelpers } from '@assay/history/worker';

/** The script jest-worker runs in its child processes (Jest 29: build/workers/, Jest 30: build/). */
const JEST_CHILD = /jest-worker[\\/]build[\\/](?:workers[\\/])?processChild\.js$/;

/**
 * Per-worker resources for Jest, keyed by `JEST_WORKER_ID` (see `WorkerHelpers` for each one).
 *
 * @example
 * import { workerTempDir, workerDatabaseName } from '@assay/jest-plugin/worker';
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
  slotEnv: 'JEST_WORKER_ID',
  // Workers are jest-worker child processes (threads with `workerThreads: true`); in band, tests run
  // in the main process. Jest's sandboxed `process` always has `send`, so the child's script tells.
  mainPid: () => (isMainThread && JEST_CHILD.test(process.argv[1] ?? '') ? process.ppid : process.pid),
});
