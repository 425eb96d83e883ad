/** `assay/spec`: tests and traceability from EARS requirements documents (used by `assay spec` and `@assay/mcp`). */

export { detectSpecFramework } from './detect-framework.js';
export {
  criteriaOf,
  featureName,
  parseRequirementsDocument,
  type SpecCriterion,
  type SpecDocument,
  type SpecRequirement,
} from './document.js';
export {
  type EarsClause,
  type EarsForm,
  type EarsKeyword,
  type EarsProblem,
  type EarsStatement,
  isEars,
  parseEars,
} from './ears.js';
export { renderSpecTests, SPEC_MARKER_PREFIX, type SpecFramework, testName } from './render.js';
export {
  runSpec,
  type SpecDocumentResult,
  SpecInputError,
  type SpecOptions,
  type SpecResult,
  type UnparsedStatement,
} from './run-spec.js';
export {
  type TraceLink,
  type TraceReport,
  type TraceRow,
  type TraceStatus,
  tagPattern,
  traceCriteria,
} from './trace.js';
export type { SpecFileResult, SpecFileStatus } from './write.js';
