export {
  GenerationCancelledError,
  GenerationInputError,
  type GenerationProgress,
  generateInChild,
} from './generate-runner.js';
export { descendants, killTree } from './kill-tree.js';
export { lastReportFile, readLastReport } from './last-report.js';
export { HISTORY_SUMMARY_URI, LAST_GENERATION_URI } from './resources.js';
export { insideRoot, PathOutsideRootError } from './root.js';
export { type AssayServerOptions, createAssayServer } from './server.js';
export { VERSION } from './version.js';
