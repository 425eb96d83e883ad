import type { SelectedCase } from '../model/case.js';
import { nameableClass } from '../model/globals.js';
import type { Observation, Outcome } from '../model/observation.js';
import type { Problem } from '../model/report.js';
import type { Encoded } from '../model/value.js';
import { renderLiteral } from '../render/literal.js';
import { opaqueInside } from '../sandbox/codec.js';
import { greedyCover } from './greedy-cover.js';
import { outcomeClass, outcomeFamily } from './outcome-class.js';

/**
 * Picks the smallest set of cases that keeps every covered point (greedy set cover), then adds cases
 * whose outcome is of a kind not yet shown (another error, `true` next to `false`), up to `max`.
 * Cases keep the order they were explored in, so boundaries come first in the generated file.
 */
export function selectCases(
  observations: readonly Observation[],
  covered: readonly Set<string>[],
  max: number,
  exportedNames: ReadonlySet<string>,
): { cases: SelectedCase[]; problems: Problem[] } {
  const problems = dropReasons(observations, exportedNames);
  const usable = observations
    .map((observation, index) => ({ observation, points: covered[index] ?? new Set<string>(), index }))
    .filter(({ observation }) => isAssertable(observation.outcome, exportedNames));

  const indices = greedyCover(
    usable.map((c) => ({
      points: c.points,
      kind: outcomeClass(c.observation.outcome),
      family: outcomeFamily(c.observation.outcome),
      cost: c.index,
    })),
    max,
  );
  const cases = indices.map((i) => ({ observation: usable[i]!.observation, points: usable[i]!.points }));
  return { cases, problems };
}

/** Whether a test can assert this outcome: a return with a writable value, or a throw. */
export function isAssertable(outcome: Outcome, exportedNames: ReadonlySet<string>): boolean {
  if (outcome.kind === 'return') {
    // A random result is never written as a literal, even when two runs happened to agree.
    if (outcome.random !== undefined) return false;
    return (
      outcome.returned !== undefined ||
      opaqueInside(outcome.value) === undefined ||
      exportedInstance(outcome.value, exportedNames) !== undefined
    );
  }
  return outcome.kind === 'throw';
}

/**
 * The class name when a value is an instance of a class the module exports or a global platform class
 * (checked with toBeInstanceOf).
 */
export function exportedInstance(value: Encoded, exportedNames: ReadonlySet<string>): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value.$ !== 'instance')
    return undefined;
  return nameableClass(value.ctor, exportedNames) ? value.ctor : undefined;
}

/** One problem per kind of dropped observation, with a count and the first example. */
function dropReasons(observations: readonly Observation[], exportedNames: ReadonlySet<string>): Problem[] {
  const byCode = new Map<Problem['code'], { count: number; message: string }>();
  const note = (code: Problem['code'], message: string) => {
    const entry = byCode.get(code);
    if (entry) entry.count++;
    else byCode.set(code, { count: 1, message });
  };
  for (const { unit, outcome, args } of observations) {
    if (outcome.kind === 'crash')
      note('crash', `${unit.name}(${args.map((a) => renderLiteral(a)).join(', ')}) ${outcome.reason}`);
    else if (outcome.kind === 'timeout') note('timeout', `${unit.name}: calls did not finish in time`);
    else if (outcome.kind === 'exit')
      note('process-exit', `${unit.name}: calls process.exit(${outcome.code ?? ''})`);
    else if (outcome.kind === 'blocked' && outcome.uncaught)
      note(
        'uncaught-error',
        `${unit.name}: some calls throw an error after they return, outside any caller (a test run fails on that), so they are not written`,
      );
    else if (outcome.kind === 'blocked' && outcome.unhandledRejection)
      note(
        'unhandled-rejection',
        `${unit.name}: some calls leave a rejected Promise argument unhandled (a test run fails on that), so they are not written`,
      );
    else if (outcome.kind === 'blocked')
      note('needs-io', `${unit.name}: calls ${outcome.operation}, which the sandbox refuses`);
    else if (outcome.kind === 'return' && outcome.random !== undefined)
      note('unstable', `${unit.name}: its result depends on ${outcome.random}(), so it is not asserted`);
    else if (outcome.kind === 'return') {
      const opaque = opaqueInside(outcome.value);
      if (opaque && !isAssertable(outcome, exportedNames))
        note(
          'unrenderable-value',
          `${unit.name}: returns a value that cannot be written as a literal (${opaque})`,
        );
    }
  }
  const unitName = observations[0]?.unit.name;
  return [...byCode].map(([code, { count, message }]) => ({
    code,
    unit: unitName,
    message: `${message} (${count} ${count === 1 ? 'case' : 'cases'} left out)`,
  }));
}
