import { opaqueInside } from '../explore/codec.js';
import type { Observation } from '../explore/explore-unit.js';
import type { Outcome } from '../explore/protocol.js';
import type { Problem } from '../report.js';
import { outcomeClass } from './outcome-class.js';

/** A case worth writing: an observation whose outcome can be asserted, with the points it covers. */
export interface SelectedCase {
  observation: Observation;
  points: Set<string>;
}

/**
 * Picks the smallest set of cases that keeps every covered point (greedy set cover), then adds cases
 * whose outcome is of a kind not yet shown (another error, `true` next to `false`), up to `max`.
 * Cases keep the order they were explored in, so boundaries come first in the generated file.
 */
export function selectCases(
  observations: readonly Observation[],
  covered: readonly Set<string>[],
  max: number,
): { cases: SelectedCase[]; problems: Problem[] } {
  const problems = dropReasons(observations);
  const usable = observations
    .map((observation, index) => ({ observation, points: covered[index] ?? new Set<string>(), index }))
    .filter(({ observation }) => isAssertable(observation.outcome));

  const chosen = new Set<number>();
  const reached = new Set<string>();
  while (chosen.size < max) {
    let best: (typeof usable)[number] | undefined;
    let bestGain = 0;
    for (const candidate of usable) {
      if (chosen.has(candidate.index)) continue;
      let gain = 0;
      for (const point of candidate.points) if (!reached.has(point)) gain++;
      if (gain > bestGain) {
        best = candidate;
        bestGain = gain;
      }
    }
    if (!best) break;
    chosen.add(best.index);
    for (const point of best.points) reached.add(point);
  }

  const classes = new Set([...chosen].map((i) => outcomeClass(observations[i]!.outcome)));
  for (const candidate of usable) {
    if (chosen.size >= max) break;
    const kind = outcomeClass(candidate.observation.outcome);
    if (classes.has(kind)) continue;
    classes.add(kind);
    chosen.add(candidate.index);
  }
  if (chosen.size === 0 && usable[0]) chosen.add(usable[0].index);

  const cases = usable
    .filter((c) => chosen.has(c.index))
    .map(({ observation, points }) => ({ observation, points }));
  return { cases, problems };
}

/** Whether a test can assert this outcome: a return with a writable value, or a throw. */
export function isAssertable(outcome: Outcome): boolean {
  if (outcome.kind === 'return') return opaqueInside(outcome.value) === undefined;
  return outcome.kind === 'throw';
}

/** One problem per kind of dropped observation, with a count and the first example. */
function dropReasons(observations: readonly Observation[]): Problem[] {
  const byCode = new Map<Problem['code'], { count: number; message: string }>();
  const note = (code: Problem['code'], message: string) => {
    const entry = byCode.get(code);
    if (entry) entry.count++;
    else byCode.set(code, { count: 1, message });
  };
  for (const { unit, outcome } of observations) {
    if (outcome.kind === 'timeout') note('timeout', `${unit.name}: calls did not finish in time`);
    else if (outcome.kind === 'exit')
      note('process-exit', `${unit.name}: calls process.exit(${outcome.code ?? ''})`);
    else if (outcome.kind === 'blocked')
      note('needs-io', `${unit.name}: calls ${outcome.operation}, which the sandbox refuses`);
    else if (outcome.kind === 'return') {
      const opaque = opaqueInside(outcome.value);
      if (opaque)
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
