// Worker-side: per-worker resources for test files and setup files. Never imports main-process modules.
import { createWorkerHelpers } from '@assay/history';

export type { PortRange, PortRangeOptions, WorkerHelpers } from '@assay/history';

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
} = createWorkerHelpers('JEST_WORKER_ID');
