import type { FunctionUnit } from '../analyze/unit.js';
import type { Candidate } from '../inputs/candidates.js';
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

/**
 * Calls a unit on each candidate, in order, until the candidates or the time budget run out.
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
  for (const candidate of candidates) {
    if (Date.now() > deadline) break;
    const args = candidate.args.map((value) => encode(value));
    const { outcome, ranges } = await sandbox.call(unit.exportName, args, spreadLast, options.callTimeoutMs);
    observations.push({ unit, args, outcome, ranges });
  }
  return observations;
}
