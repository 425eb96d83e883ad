import type { ArbitrarySpec } from '@assay/property';
import type { Outcome } from '../model/observation.js';
import type { ParameterInfo } from '../model/unit.js';
import type { Encoded } from '../model/value.js';

/**
 * `null` or `undefined` passed where the parameter's type allows neither. Code written for JavaScript
 * callers guards against them (`if (!obj) return {}`, `str?.split(…) ?? []`), and those guards are
 * only reached this way. A TypeScript test writes the value as `null as never`, saying it is outside
 * the type; a JavaScript test (a JavaScript source's types come from JSDoc, a `.d.ts` or usage) writes
 * `null`.
 */
export class OutsideValue {
  constructor(
    readonly value: null | undefined,
    /** Written with `as never` (TypeScript tests). */
    readonly cast = true,
  ) {}
}

/** The parameters worth probing with {@link OutsideValue}s: non-rest ones whose type excludes both. */
export function outsideProbes(parameters: readonly ParameterInfo[]): number[] {
  return parameters.flatMap((p, i) =>
    p.rest || p.template || p.promised || admitsNothing(p.spec) ? [] : [i],
  );
}

/** Whether a spec already holds `null` or `undefined` (or any value at all). */
function admitsNothing(spec: ArbitrarySpec): boolean {
  switch (spec.kind) {
    case 'anything':
      return true;
    case 'constant':
      return spec.value === null || spec.value === undefined;
    case 'union':
      return spec.members.some(admitsNothing);
    case 'branded':
      return admitsNothing(spec.spec);
    default:
      return false;
  }
}

/** Whether some argument is a value outside its parameter's type. */
export function hasOutside(args: readonly Encoded[]): boolean {
  return args.some((a) => a !== null && typeof a === 'object' && !Array.isArray(a) && a.$ === 'outside');
}

/** What the engine throws when code simply does not expect `null`/`undefined`: no guard was reached. */
const UNGUARDED =
  /Cannot (read|set) propert|Cannot convert (undefined|null)|Cannot destructure|is not (a function|iterable|an object|a constructor)|(null|undefined) is not|Cannot use 'in' operator|must not be (null|undefined)/i;

/**
 * Whether a call with a value outside its parameter's type is worth a test: it returned, or threw an
 * error of the code's own. An engine `TypeError` (`Cannot read properties of null`) only says the
 * type was not met, which the type already says.
 */
export function guardsOutside(outcome: Outcome): boolean {
  if (outcome.kind === 'return') return true;
  if (outcome.kind !== 'throw') return false;
  const error = outcome.error;
  if (error === null || typeof error !== 'object' || Array.isArray(error) || error.$ !== 'error') return true;
  return !(error.ctor === 'TypeError' && UNGUARDED.test(error.message));
}
