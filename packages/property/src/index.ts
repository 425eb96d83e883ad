export { boundaryValues } from './boundaries.js';
export { type SampleOptions, sampleValues, stringsMatching } from './sample.js';
export type {
  AnythingSpec,
  ArbitrarySpec,
  ArraySpec,
  BigIntSpec,
  BooleanSpec,
  ConstantSpec,
  NumberSpec,
  ObjectSpec,
  PropertySpec,
  StringSpec,
  TupleSpec,
  UnionSpec,
} from './spec.js';
export { type ArbitraryOptions, toArbitrary } from './to-arbitrary.js';
export { toCode } from './to-code.js';
