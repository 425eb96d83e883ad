import { removeWorkerTempDirs } from '@assay/jest-plugin/worker';

// Runs in Jest's main process after every worker is done: removes this run's worker folders.
export default function teardown(): void {
  removeWorkerTempDirs();
}
