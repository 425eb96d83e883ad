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
export { detectFramework } from './detect-framework.js';
export { AssayError, InvalidOptionError, NoSourcesError, OutputConflictError } from './errors.js';
export { findGaps } from './gaps/gaps.js';
export { generateTests } from './generate.js';
export type { Framework, ProgressEvent } from './model/options.js';
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
} from './model/report.js';
export type {
  DescribeTemplateContext,
  FileTemplateContext,
  TestTemplateContext,
  TestTemplates,
} from './model/templates.js';
export {
  defaultConcurrency,
  defaults,
  GENERATE_OPTION_NAMES,
  type GenerateOptions,
} from './options.js';
export { VERSION } from './version.js';
