import { accessPath, type FunctionUnit } from '../analyze/unit.js';
import type { Candidate } from '../inputs/candidates.js';
import { numberStubs, stubify } from '../inputs/stub.js';
import { type Encoded, encode } from './codec.js';
import type { CoverageRange, Outcome } from './protocol.js';
import type { Sandbox } from './sandbox.js';

/** One call of a unit in the sandbox and what it did. */
export interface Observation {
  unit: FunctionUnit;
  args: Encoded[];
  outcome: Outcome;
  ranges: CoverageRange[];
}

/** After this many calls that time out, the rest of a unit's candidates are not tried: each costs a restart. */
const MAX_TIMEOUTS = 3;

/**
 * Calls a unit on each candidate, in order, until the candidates or the time budget run out, or the
 * unit has timed out {@link MAX_TIMEOUTS} times.
 */
export async function exploreUnit(
  sandbox: Sandbox,
  unit: FunctionUnit,
  candidates: readonly Candidate[],
  options: { callTimeoutMs: number; budgetMs: number },
): Promise<Observation[]> {
  const deadline = Date.now() + options.budgetMs;
  const spreadLast = unit.parameters.at(-1)?.rest ?? false;
  const observations: Observation[] = [];
  let timeouts = 0;
  for (const candidate of candidates) {
    if (Date.now() > deadline || timeouts >= MAX_TIMEOUTS) break;
    const args = numberStubs(
      candidate.args.map((value, i) => encode(stubify(value, unit.parameters[i]?.spec))),
    );
    const { outcome, ranges } = await sandbox.call(accessPath(unit), args, spreadLast, options.callTimeoutMs);
    observations.push({ unit, args, outcome, ranges });
    if (outcome.kind === 'timeout') timeouts++;
  }
  return observations;
}
