import type fc from 'fast-check';
import type { PromiseMaker } from './_internals/built-ins.js';
import { build } from './_internals/expr.js';
import { type ClassConstructor, planSpec } from './_internals/plan.js';
import type { PlatformFactory } from './_internals/platform.js';
import type { ArbitrarySpec, InstanceSpec } from './spec.js';

export type { PromiseMaker } from './_internals/built-ins.js';
export type { ClassConstructor } from './_internals/plan.js';
export { MissingClassError } from './_internals/plan.js';
export type { PlatformFactory } from './_internals/platform.js';

export interface ArbitraryOptions {
  /**
   * Draw values a person would write in a test: whole numbers and numbers with two decimals instead of
   * the whole double range (`-3.2e-172`), short printable strings, at most 5 items per collection. The
   * domain stays the spec's.
   * @default false
   */
  readable?: boolean;
  /**
   * The class of an instance spec, for building instances live (generated code refers to the class by
   * name instead).
   * @example (spec) => module[spec.className]
   */
  resolveClass?: (spec: InstanceSpec) => ClassConstructor | undefined;
  /**
   * Makes the promise of a drawn value for a promise spec (`rejected` is always false here; boundary
   * values also ask for a rejected one): for callers that must see what a promise settles with.
   * @default a real promise (`Promise.resolve(value)`)
   */
  promise?: PromiseMaker;
  /**
   * Makes a web platform value (`Request`, `URL` …) from its recipe, a maker's name and plain
   * arguments: for callers that must see how a value was made to send it elsewhere.
   * @default the real object (`new Request('https://example.com/a')`)
   */
  platform?: PlatformFactory;
}

/**
 * Renders a spec as a live fast-check arbitrary. It is built from the same plan as {@link toCode}, so
 * `toArbitrary(spec)` and the evaluated `toCode(spec)` draw the same values from the same seed.
 *
 * @throws MissingClassError when the spec holds an instance and `resolveClass` does not give its class.
 * @example
 * ```ts
 * const arb = toArbitrary({ kind: 'array', item: { kind: 'number', integer: true } });
 * fc.sample(arb, { seed: 42, numRuns: 3 });
 * ```
 */
export function toArbitrary(spec: ArbitrarySpec, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const expr = planSpec(spec, {
    readable: options.readable ?? false,
    resolveClass: options.resolveClass,
    promise: options.promise,
    platform: options.platform,
    live: true,
  });
  return build(expr) as fc.Arbitrary<unknown>;
}
