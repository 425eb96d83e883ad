export { AssayError, InvalidOptionError, NoSourcesError, OutputConflictError } from './errors.js';
export { generateTests } from './generate.js';
export { defaults, type Framework, type GenerateOptions, type ProgressEvent } from './options.js';
export type { FileReport, FileStatus, GenerateReport, Problem, ProblemCode, UnitReport } from './report.js';
export { VERSION } from './version.js';
