export { BINARY_TYPES, ERROR_TYPES } from './_internals/built-ins.js';
export {
  isPlatformObject,
  PLATFORM_RECIPES,
  PLATFORM_TYPES,
  type PlatformRecipe,
  platformMaker,
} from './_internals/platform.js';
export { type BoundaryOptions, boundaryValues } from './boundaries.js';
export {
  applyConstraints,
  applyNameHints,
  type Constraints,
  constraintsFromName,
  constraintsFromTags,
} from './constraints.js';
export { bindModule, type InferOptions, inferProperties } from './infer/infer.js';
export { areInverseNames } from './infer/names.js';
export {
  predicateCode,
  propertyImports,
  type RenderedProperties,
  type RenderOptions,
  renderProperties,
  renderProperty,
} from './infer/render.js';
export type {
  CallableFunction,
  CandidateProperty,
  FunctionDescription,
  KeptProperty,
  ParameterDescription,
  PropertyKind,
  PropertyReport,
  RejectedProperty,
} from './infer/types.js';
export { type SampleOptions, sampleValues, stringsMatching } from './sample.js';
export type {
  AnythingSpec,
  ArbitrarySpec,
  ArraySpec,
  BigIntSpec,
  BinarySpec,
  BinaryType,
  BooleanSpec,
  BrandedSpec,
  ConstantSpec,
  DateSpec,
  ErrorSpec,
  ErrorType,
  FunctionSpec,
  IndexSpec,
  InstanceSpec,
  MapSpec,
  NumberSpec,
  ObjectSpec,
  PlatformSpec,
  PlatformType,
  PromiseSpec,
  PropertySpec,
  RecursiveSpec,
  RefSpec,
  RegExpSpec,
  SetSpec,
  StringFormat,
  StringSpec,
  TemplateSpec,
  TupleSpec,
  UnionSpec,
} from './spec.js';
export {
  type ArbitraryOptions,
  type ClassConstructor,
  MissingClassError,
  type PlatformFactory,
  type PromiseMaker,
  toArbitrary,
} from './to-arbitrary.js';
export { type CodeOptions, toCode } from './to-code.js';
