// Worker-side: per-worker resources for test files and setup files. Never imports main-process modules.
import { createWorkerHelpers } from '@assay/history';

export type { PortRange, PortRangeOptions, WorkerHelpers } from '@assay/history';

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
} = createWorkerHelpers('VITEST_POOL_ID');
