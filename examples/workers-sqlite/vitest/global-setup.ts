import { removeWorkerTempDirs } from '@assay/vitest-plugin/worker';

// Runs in Vitest's main process: the returned teardown removes this run's worker folders.
export default function setup(): () => void {
  return () => removeWorkerTempDirs();
}
