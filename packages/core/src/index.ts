export { TsconfigError } from './analyze/tsconfig.js';
export { CACHE_FILE } from './cache/generate-cache.js';
export {
  type AssayConfig,
  CONFIG_FILES,
  ConfigError,
  defineConfig,
  type GenerateConfig,
  loadConfig,
} from './config/config.js';
export type {
  DescribeTemplateContext,
  FileTemplateContext,
  TestTemplateContext,
  TestTemplates,
} from './config/templates.js';
export { AssayError, InvalidOptionError, NoSourcesError, OutputConflictError } from './errors.js';
export { findGaps } from './gaps/gaps.js';
export { generateTests } from './generate.js';
export {
  defaultConcurrency,
  defaults,
  type Framework,
  GENERATE_OPTION_NAMES,
  type GenerateOptions,
  type ProgressEvent,
} from './options.js';
export type {
  BranchGap,
  CoverageCount,
  CoverageFigures,
  CoverageReport,
  DroppedTest,
  FileReport,
  FileStatus,
  GapReason,
  GenerateReport,
  IterationReport,
  Problem,
  ProblemCode,
  RemainingGap,
  UnitGaps,
  UnitReport,
} from './report.js';
export { VERSION } from './version.js';
