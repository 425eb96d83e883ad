export { TEMP_PREFIX, writeFileAtomic } from './atomic.js';
export { fileHash, type GitState, gitState, gitStateAsync } from './codeVersion.js';
export {
  AssayHistoryError,
  DOCS_SITE,
  type HistoryErrorCode,
  OptionError,
  QuarantineFileError,
  RunFileError,
} from './errors.js';
export { HistoryIndex, INDEX_FILE, INDEX_FORMAT } from './historyIndex.js';
export { JUNIT_FLAKY, JUNIT_QUARANTINED, type JunitInput, junitXml, writeJunit } from './junit.js';
export {
  type CodeVersion,
  codeVersionOf,
  findLockfile,
  isProjectModule,
  ModuleHasher,
  machineName,
  versionContext,
} from './moduleVersion.js';
export { type ParsedRun, parseRunFile } from './parseRun.js';
export { ASSAY_DIR, displayPath, quarantineFile, runsDir } from './paths.js';
export {
  applyPolicyPlan,
  type PolicyPlan,
  planPolicy,
  type QuarantinePolicy,
  type ResolvedPolicy,
  resolvePolicy,
} from './policy.js';
export {
  addEntry,
  parseQuarantine,
  QUARANTINE_ENV,
  QUARANTINE_MODES,
  type QuarantineEntry,
  type QuarantineFile,
  type QuarantineMode,
  readQuarantine,
  removeEntry,
  resolveQuarantineMode,
  today,
  updateQuarantine,
  writeQuarantine,
} from './quarantine.js';
export { RECORD_ENV, recordingOffByEnv } from './recording.js';
export {
  formatEvidence,
  formatMarkdown,
  formatRunRef,
  formatSummary,
  formatVerdictTable,
  type RunSummary,
  summarizeRun,
} from './report.js';
export { firstErrorLine, mergeResults } from './results.js';
export {
  DEFAULT_RUN_OPTIONS,
  type RunOptions,
  shouldRecord,
  validateRunOptions,
} from './runOptions.js';
export {
  type CollectedRun,
  type FinishedRun,
  type FinishOptions,
  RunRecorder,
} from './runRecorder.js';
export { verdictsAroundRun } from './runVerdicts.js';
export {
  completeShardRuns,
  estimateFileCosts,
  type FileEstimates,
  formatShardLine,
  type PlannedShard,
  planShards,
  recordedFileDurations,
  SHARD_PLAN_SAMPLES,
  type ShardPlan,
  type ShardPlanOptions,
} from './shardPlan.js';
export {
  type CompactResult,
  type HistoryRead,
  type MergeResult,
  mergeHistories,
  newRunId,
  RunStore,
  resolveRunsSource,
  runFileName,
} from './store.js';
export { fileOfTestId, ID_FILE_SEPARATOR, ID_NAME_SEPARATOR, parseTestId, testId } from './testId.js';
export {
  type FileInfo,
  RUN_FORMAT,
  type RunRecord,
  type StoredRun,
  type TestResult,
  type TestState,
  type WorkerMemory,
} from './types.js';
export {
  collectResults,
  computeVerdicts,
  DEFAULT_THRESHOLDS,
  type Disagreement,
  type FlakyEvidence,
  MODULE_VERSION_PREFIX,
  type ResultPoint,
  type RunRef,
  recordedThresholds,
  resolveThresholds,
  type TestVerdict,
  type Verdict,
  type VerdictThresholds,
  verdictOf,
  versionOfFile,
} from './verdicts.js';
export {
  formatBytes,
  formatMemoryLine,
  HEAP_LIMIT_FLAG,
  heapLimitFlags,
  MIN_BUDGET,
  parseMemoryBudget,
  planWorkerBudget,
  planWorkerBudgetAt,
  WORKER_BUDGET_SAMPLES,
  type WorkerBudgetOptions,
  type WorkerBudgetPlan,
} from './workerBudget.js';
export { WorkerPeaks, type WorkerSample } from './workerPeaks.js';
export {
  createWorkerHelpers,
  DEFAULT_PORT_BASE,
  DEFAULT_PORT_RANGE_SIZE,
  databaseNameFor,
  ensureWorkerTempDir,
  freePortIn,
  type PortRange,
  type PortRangeOptions,
  portRangeFor,
  RUN_ID_ENV,
  type RunnerWorkers,
  removeRunTempDirs,
  runIdFrom,
  runTempRoot,
  slotFrom,
  WORKERS_TEMP_ROOT,
  type WorkerHelpers,
} from './workers.js';
