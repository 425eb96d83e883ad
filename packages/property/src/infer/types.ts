import type { ArbitrarySpec } from '../spec.js';

/** One parameter of a function under test. */
export interface ParameterDescription {
  name: string;
  spec: ArbitrarySpec;
  /** `...rest`: `spec` is an array spec whose values are spread into the call. */
  rest?: boolean;
  /** May be left out of a call (optional, or with a default value). */
  optional?: boolean;
}

/** A function's signature as property inference needs it. */
export interface FunctionDescription {
  /** How generated code calls it: `encode`, or `Codec.encode` for a member of an export. */
  name: string;
  parameters: ParameterDescription[];
  /** The spec of its return type (the awaited type for async functions), when it has one. */
  returns?: ArbitrarySpec;
  /**
   * Returns a promise: generated properties await it. Leave it out to have it detected from the calls;
   * set it (to `false` too) when `call` goes through a process boundary and always returns a promise.
   */
  isAsync?: boolean;
}

/** A function with a way to call it: in this process, or through a sandbox. */
export interface CallableFunction extends FunctionDescription {
  /** Calls the function with these arguments (rest values already spread); may return a promise. */
  call(args: unknown[]): unknown;
}

export type PropertyKind =
  | 'round-trip'
  | 'idempotent'
  | 'involution'
  | 'commutative'
  | 'associative'
  | 'identity-element'
  | 'deterministic'
  | 'length-preserved'
  | 'sorted'
  | 'permutation'
  | 'subset'
  | 'within-range'
  | 'no-throw';

/** A property that may hold, before it is checked. */
export interface CandidateProperty {
  kind: PropertyKind;
  /** The functions involved, by `FunctionDescription.name`, in the order `body` refers to them. */
  functions: string[];
  /** What it claims, in words: `decode(encode(text)) equals text`. */
  title: string;
  /** One arbitrary per variable of the property. */
  inputs: ArbitrarySpec[];
  /** The variables' names, in the order of `inputs`. */
  variables: string[];
  /** How the round trip was found (`name` or `types`), or the identity element's code. */
  detail?: string;
  /**
   * The predicate's body: statements ending in `return <boolean>`, or an expression. `ref(i)` is how
   * function `i` is written, `call(i, args)` a call of it (awaited when the code is async).
   */
  body(ref: (i: number) => string, call: (i: number, args: string) => string): string;
}

/** A candidate never falsified on `numRuns` samples drawn with `seed`. */
export interface KeptProperty extends CandidateProperty {
  seed: number;
  numRuns: number;
  /** At least one function returns a promise: the property is async. */
  isAsync: boolean;
}

/** A candidate that some input falsified. */
export interface RejectedProperty extends CandidateProperty {
  seed: number;
  numRuns: number;
  /** The (shrunk) inputs that falsify it, in the order of `variables`. */
  counterexample: unknown[];
  /** The error thrown by the property on that input, when it threw rather than returned false. */
  error?: string;
}

export interface PropertyReport {
  kept: KeptProperty[];
  rejected: RejectedProperty[];
  /** Candidates that could not be checked (an input without a live arbitrary …), with the reason. */
  skipped: Array<{ title: string; reason: string }>;
}
