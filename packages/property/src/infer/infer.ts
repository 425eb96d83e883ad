import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { type ArbitraryOptions, toArbitrary } from '../to-arbitrary.js';
import { candidatesFor } from './candidates.js';
import { boundaryExamples, checkingArbitrary, type MinedLiterals } from './checking.js';
import { predicateCode } from './render.js';
import type {
  CallableFunction,
  CandidateProperty,
  FunctionDescription,
  PropertyKind,
  PropertyReport,
  RejectedProperty,
} from './types.js';

export interface InferOptions {
  /** Seed of every check (and of the emitted properties). @default 42 */
  seed?: number;
  /** Samples per candidate. @default 200 */
  numRuns?: number;
  /** Only look for these kinds of properties. @default every kind */
  kinds?: readonly PropertyKind[];
  /** Classes of instance specs among the inputs (see `ArbitraryOptions.resolveClass`). */
  resolveClass?: ArbitraryOptions['resolveClass'];
  /** Longest a single run of an async property may take, in milliseconds. @default 2000 */
  timeoutMs?: number;
  /**
   * Literals of the code under test (from `describeFunctions`, or core's mined constants): candidates
   * are also checked on inputs built from them, which rejects what random inputs rarely falsify.
   */
  literals?: MinedLiterals;
}

/**
 * Finds the properties a module's functions have: builds candidates (round trips, idempotence,
 * involution, commutativity, associativity, identity elements, determinism, invariants between input
 * and output, no throw), checks each on `numRuns` samples drawn with `seed`, and keeps only those
 * never falsified. Rejected candidates come back with their (shrunk) counterexample.
 *
 * Functions are called through `call`, so they may live in this process ({@link bindModule}) or in a
 * sandbox; a call may return a promise.
 *
 * @example
 * ```ts
 * import * as codec from './codec.js';
 * const report = await inferProperties(
 *   bindModule(
 *     [
 *       { name: 'encode', parameters: [{ name: 'text', spec: { kind: 'string' } }], returns: { kind: 'string' } },
 *       { name: 'decode', parameters: [{ name: 'code', spec: { kind: 'string' } }], returns: { kind: 'string' } },
 *     ],
 *     codec,
 *   ),
 * );
 * report.kept.map((p) => p.title); // ['decode undoes encode: decode(encode(text)) equals text', …]
 * ```
 */
export async function inferProperties(
  functions: readonly CallableFunction[],
  options: InferOptions = {},
): Promise<PropertyReport> {
  const seed = options.seed ?? 42;
  const numRuns = options.numRuns ?? 200;
  const byName = new Map(functions.map((f) => [f.name, f]));
  const report: PropertyReport = { kept: [], rejected: [], skipped: [] };
  const identityFound = new Set<string>();
  for (const candidate of candidatesFor(functions)) {
    if (options.kinds && !options.kinds.includes(candidate.kind)) continue;
    if (candidate.kind === 'identity-element' && identityFound.has(candidate.functions[0]!)) continue;
    const involved = candidate.functions.map((name) => byName.get(name)!);
    const outcome = await check(candidate, involved, { seed, numRuns, options });
    if ('reason' in outcome) {
      report.skipped.push({ title: candidate.title, reason: outcome.reason });
    } else if (outcome.failed) {
      const rejected: RejectedProperty = {
        ...candidate,
        seed,
        numRuns,
        counterexample: outcome.counterexample,
      };
      if (outcome.error !== undefined) rejected.error = outcome.error;
      report.rejected.push(rejected);
    } else {
      report.kept.push({ ...candidate, seed, numRuns, isAsync: outcome.isAsync });
      if (candidate.kind === 'identity-element') identityFound.add(candidate.functions[0]!);
    }
  }
  return report;
}

type Outcome =
  | { failed: true; counterexample: unknown[]; error?: string }
  | { failed: false; isAsync: boolean }
  | { reason: string };

async function check(
  candidate: CandidateProperty,
  involved: CallableFunction[],
  { seed, numRuns, options }: { seed: number; numRuns: number; options: InferOptions },
): Promise<Outcome> {
  const arbitraryOptions = options.resolveClass ? { resolveClass: options.resolveClass } : {};
  let emitted: fc.Arbitrary<unknown>[];
  let enriched: fc.Arbitrary<unknown>[];
  try {
    emitted = candidate.inputs.map((spec) => toArbitrary(spec, arbitraryOptions));
    enriched = candidate.inputs.map((spec) =>
      checkingArbitrary(spec, options.literals ?? {}, arbitraryOptions),
    );
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) };
  }
  // A description that says whether it is async is trusted (calls through a sandbox always return
  // promises); otherwise a function is async when a call returned a promise.
  let sawPromise = involved.some((f) => f.isAsync === true);
  const callers = involved.map((f) => (...args: unknown[]) => {
    const result = f.call(args);
    if (f.isAsync === undefined && isThenable(result)) sawPromise = true;
    return result;
  });
  // The very predicate that gets emitted, evaluated with the functions in scope (awaiting every call,
  // which changes nothing for synchronous ones): what is checked is what is written.
  const refs = callers.map((_, i) => `__assay_f${i}`);
  const source = predicateCode(candidate, (i) => refs[i]!, true);
  const predicate = new Function('isDeepStrictEqual', 'fc', ...refs, `return ${source};`)(
    isDeepStrictEqual,
    fc,
    ...callers,
  ) as (...values: unknown[]) => Promise<boolean>;
  const run = async (arbitraries: fc.Arbitrary<unknown>[], examples: unknown[][]) => {
    const [first, ...rest] = arbitraries;
    const property = fc.asyncProperty(first!, ...rest, (...values: unknown[]) => predicate(...values));
    return fc.check(property, {
      seed,
      numRuns,
      timeout: options.timeoutMs ?? 2000,
      examples: examples as [unknown, ...unknown[]][],
    });
  };
  if (emitted.length === 0) return { reason: 'no inputs' };
  // First exactly the emitted test (same arbitraries, seed and runs), then harder inputs: boundaries
  // (empty, zero, non-ASCII …) and values built from the code's literals. Kept only if both pass.
  let details = await run(emitted, []);
  if (!details.failed) details = await run(enriched, boundaryExamples(candidate.inputs, arbitraryOptions));
  if (details.failed) {
    const failure: Outcome = { failed: true, counterexample: (details.counterexample ?? []) as unknown[] };
    const error = details.errorInstance;
    if (error !== null && error !== undefined) {
      failure.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    return failure;
  }
  return { failed: false, isAsync: sawPromise };
}

function isThenable(value: unknown): boolean {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Pairs function descriptions with the module that holds them: `name` is looked up as a path
 * (`encode`, `Codec.encode`), and members are called on their object.
 *
 * @throws TypeError when a name does not lead to a function of the module.
 */
export function bindModule(
  descriptions: readonly FunctionDescription[],
  module: Record<string, unknown>,
): CallableFunction[] {
  return descriptions.map((description) => {
    const path = description.name.split('.');
    let owner: unknown = module;
    let target: unknown = module;
    for (const key of path) {
      owner = target;
      target = (target as Record<string, unknown> | undefined)?.[key];
    }
    if (typeof target !== 'function')
      throw new TypeError(`${description.name} is not a function of the module`);
    const fn = target as (...args: unknown[]) => unknown;
    return { ...description, call: (args: unknown[]) => fn.apply(owner, args) };
  });
}
