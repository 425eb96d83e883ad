import type { Assertion, SelectedCase, TestGroup } from '../model/case.js';
import { BUILT_IN_ERRORS } from '../model/errors.js';
import { nameableClass } from '../model/globals.js';
import type { Observation } from '../model/observation.js';
import type { UnitPlan } from '../model/plan.js';
import type { Problem } from '../model/report.js';
import type { FunctionUnit } from '../model/unit.js';
import type { Encoded } from '../model/value.js';
import { hasStubs } from '../render/stubs.js';
import { unwritableReason } from '../render/test-file.js';
import { opaqueInside } from '../sandbox/codec.js';

export { BUILT_IN_ERRORS } from '../model/errors.js';

/**
 * Why an observation's case could not be written as a test (see `unwritableReason`), or undefined
 * when it can (or asserts nothing). Selection skips such observations, so that a writable one covering
 * the same code takes the slot.
 */
export function unwritableObservation(
  unit: FunctionUnit,
  observation: Observation,
  exportedNames: ReadonlySet<string>,
): string | undefined {
  const found = assertionFor(observation, exportedNames);
  return found ? unwritableReason(unit, { observation, assertion: found }) : undefined;
}

/**
 * Turns selected cases into assertions on what was observed, grouped so that cases checked the same
 * way share a table: returns first (by matcher), then each kind of error.
 *
 * @param exportedNames what the module exports, so custom error classes can be imported and checked.
 */
export function planUnit(
  unit: FunctionUnit,
  cases: readonly SelectedCase[],
  exportedNames: ReadonlySet<string>,
  /** Where a case that cannot be written as a test is reported (it is left out either way). */
  problems?: Problem[],
): UnitPlan {
  const groups = new Map<string, TestGroup>();
  const unwritable = new Map<string, number>();
  for (const { observation } of cases) {
    const found = assertionFor(observation, exportedNames);
    if (!found) continue;
    // One case whose values have no literal form must not take the whole file down with it.
    const why = unwritableReason(unit, { observation, assertion: found });
    if (why !== undefined) {
      unwritable.set(why, (unwritable.get(why) ?? 0) + 1);
      continue;
    }
    // Cases with callback stubs declare their stubs and check their calls: each is a test of its own.
    const outcome = observation.outcome;
    // So is a case that changed files: it checks them after its call.
    const interacts =
      (outcome.kind === 'return' || outcome.kind === 'throw') &&
      ((outcome.interactions?.length ?? 0) > 0 || (outcome.files?.length ?? 0) > 0);
    // So is a case passing a rejected promise: in a `test.each` table it would reject while the file
    // loads, before any test awaits it (an unhandled rejection).
    const stubbed =
      hasStubs(observation.args) ||
      observation.args.some(holdsRejection) ||
      interacts ||
      observation.mockReturns !== undefined ||
      found.kind === 'returned-function';
    const assertion = stubbed && found.kind === 'throws' ? { ...found, once: true } : found;
    const key =
      stubbed || assertion.kind === 'returned-function'
        ? `stubbed:${groups.size}`
        : assertion.kind === 'value'
          ? `value:${assertion.matcher}:${assertion.async}`
          : assertion.kind === 'instance'
            ? `instance:${assertion.ctor}:${assertion.async}`
            : // A rejection with a value is checked against that value: one table per value.
              `throws:${assertion.shownAs}:${assertion.message}:${assertion.async}:${JSON.stringify(assertion.rejectedWith)}`;
    const group = groups.get(key) ?? { cases: [] };
    group.cases.push({ observation, assertion });
    groups.set(key, group);
  }
  for (const [why, count] of unwritable) {
    problems?.push({
      code: 'unrenderable-value',
      unit: unit.name,
      message: `${unit.name}: ${count} ${count === 1 ? 'case' : 'cases'} left out: ${why}`,
    });
  }
  const order = (g: TestGroup) => (g.cases[0]!.assertion.kind === 'throws' ? 1 : 0);
  return { unit, groups: [...groups.values()].sort((a, b) => order(a) - order(b)) };
}

function assertionFor(observation: Observation, exportedNames: ReadonlySet<string>): Assertion | undefined {
  const { outcome } = observation;
  if (outcome.kind === 'return' && outcome.returned) return { kind: 'returned-function', async: false };
  if (outcome.kind === 'return') {
    const value = outcome.value;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && value.$ === 'instance') {
      if (!nameableClass(value.ctor, exportedNames)) return undefined;
      const fields = Object.fromEntries(
        // `_`-prefixed fields are internal by convention: a refactoring would break a test on them.
        Object.entries(value.v).filter(([k, v]) => opaqueInside(v) === undefined && !k.startsWith('_')),
      );
      return { kind: 'instance', ctor: value.ctor, fields: { $: 'object', v: fields }, async: outcome.async };
    }
    return {
      kind: 'value',
      matcher: matcherFor(outcome.value),
      expected: outcome.value,
      async: outcome.async,
    };
  }
  if (outcome.kind !== 'throw') return undefined;
  const error = outcome.error;
  if (error !== null && typeof error === 'object' && !Array.isArray(error) && error.$ === 'error') {
    const known = BUILT_IN_ERRORS.has(error.ctor) || exportedNames.has(error.ctor);
    return {
      kind: 'throws',
      errorClass: known ? error.ctor : undefined,
      message: error.message === '' || namesABinding(error) ? undefined : error.message,
      shownAs: error.ctor,
      async: outcome.async,
    };
  }
  // A thrown non-Error value (a string, an object): only the throw itself can be checked portably.
  return {
    kind: 'throws',
    errorClass: undefined,
    message: undefined,
    shownAs: 'a non-Error value',
    async: outcome.async,
    ...(outcome.async && opaqueInside(error) === undefined ? { rejectedWith: error } : {}),
  };
}

/**
 * An engine's error that names a local binding (`n.split is not a function`, `x is not defined`):
 * compilers rename locals (esbuild under Vitest writes `n2` where swc under Jest keeps `n`), so such a
 * message is not the same under every runner and only the error class is checked.
 */
function namesABinding(error: { ctor: string; message: string }): boolean {
  return (
    (error.ctor === 'TypeError' || error.ctor === 'ReferenceError') &&
    /^[\w$.[\]]+ is not (a function|iterable|a constructor|defined|a function or its return value is not iterable)$/.test(
      error.message,
    )
  );
}

function matcherFor(value: Encoded): 'toBe' | 'toEqual' | 'toBeNaN' | 'toBeUndefined' | 'toBeNull' {
  if (value === null) return 'toBeNull';
  if (typeof value !== 'object') return 'toBe';
  if (Array.isArray(value)) return 'toEqual';
  if (value.$ === 'undefined') return 'toBeUndefined';
  if (value.$ === 'number') return value.v === 'NaN' ? 'toBeNaN' : 'toBe';
  if (value.$ === 'bigint') return 'toBe';
  return 'toEqual';
}

/** The value is, or holds, a rejected promise (`{ $: 'rejected' }`). */
function holdsRejection(value: Encoded): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(holdsRejection);
  if (value.$ === 'rejected') return true;
  return value.$ === 'object' && Object.values(value.v).some(holdsRejection);
}
