// `@assay/history/worker`: what code running inside a runner's workers may use (test ids, the
// quarantine list, option checks, per-worker resources). It leaves out the run store, the index,
// reports and git, so a worker does not load them for every test file.
export { OptionError } from './errors.js';
export { formatBytes, MIN_BUDGET, parseMemoryBudget } from './memorySize.js';
export { isProjectModule } from './moduleVersion.js';
export { quarantineFile } from './paths.js';
export { type QuarantineMode, readQuarantine, resolveQuarantineMode } from './quarantine.js';
export { DEFAULT_RUN_OPTIONS, type RunOptions, validateRunOptions } from './runOptions.js';
export { fileOfTestId, ID_FILE_SEPARATOR, ID_NAME_SEPARATOR, parseTestId, testId } from './testId.js';
export {
  createWorkerHelpers,
  type PortRange,
  type PortRangeOptions,
  type RunnerWorkers,
  type WorkerHelpers,
} from './workers.js';
