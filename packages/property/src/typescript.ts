/**
 * `@assay/property/typescript`: TypeScript types to arbitraries, read with ts-morph. A separate entry
 * so that `import '@assay/property'` does not load TypeScript's compiler.
 */
export {
  type ArbitraryForOptions,
  arbitraryFor,
  type TypeArbitrary,
  type TypeTarget,
} from './typescript/arbitrary-for.js';
export {
  type DescribedModule,
  describeFunctions,
  type FunctionLikeDeclaration,
  returnSpec,
} from './typescript/describe-functions.js';
export {
  parameterSpec,
  type TypeToSpecOptions,
  typeToSpec,
  UnsupportedType,
} from './typescript/type-to-spec.js';
