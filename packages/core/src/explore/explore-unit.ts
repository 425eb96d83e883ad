import { type Candidate, candidatesFor } from '../inputs/candidates.js';
import { numberStubsAcross, stubify } from '../inputs/stub.js';
import type { Observation, ThenCall } from '../model/observation.js';
import { accessPath, type FunctionUnit } from '../model/unit.js';
import type { Encoded } from '../model/value.js';
import { encode } from '../sandbox/codec.js';
import type { Sandbox } from '../sandbox/host/sandbox.js';

/** How many of a unit's calls that used a mocked function are made again with its empty value. */
const EMPTY_RETURN_CALLS = 3;

/**
 * After this many calls that time out or crash the sandbox, the rest of a unit's candidates are not
 * tried: each costs a restart.
 */
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
  const thenArgs = returnedCalls(unit);
  for (const candidate of candidates) {
    if (Date.now() > deadline || timeouts >= MAX_TIMEOUTS) break;
    const encoded = candidate.args.map((value, i): Encoded => {
      const arg = encode(stubify(value, unit.parameters[i]?.spec));
      return unit.parameters[i]?.promised ? { $: 'resolved', v: arg } : arg;
    });
    const [args, ...calls] = numberStubsAcross([encoded, ...(thenArgs ?? [])]);
    const thenCall: ThenCall | undefined = thenArgs && {
      calls,
      spreadLast: unit.returnedFunction?.at(-1)?.rest ?? false,
    };
    const { outcome, ranges } = await sandbox.call(
      accessPath(unit),
      args!,
      spreadLast,
      options.callTimeoutMs,
      thenCall,
    );
    observations.push({ unit, args: args!, outcome, ranges, ...(thenCall ? { thenCall } : {}) });
    if (outcome.kind === 'timeout' || outcome.kind === 'crash') timeouts++;
  }
  if (hasEmptyReturns(sandbox)) {
    // The code after a mocked call also has a branch for a missing result: the first calls that used
    // a mocked function again, with its empty value; selection keeps those that reach new code.
    const used = observations
      .filter((o) => (o.outcome.kind === 'return' || o.outcome.kind === 'throw') && o.outcome.interactions)
      .slice(0, EMPTY_RETURN_CALLS);
    for (const { args, thenCall } of used) {
      if (Date.now() > deadline) break;
      const { outcome, ranges } = await sandbox.call(
        accessPath(unit),
        args,
        spreadLast,
        options.callTimeoutMs,
        thenCall,
        'empty',
      );
      observations.push({
        unit,
        args,
        outcome,
        ranges,
        mockReturns: 'empty',
        ...(thenCall ? { thenCall } : {}),
      });
    }
  }
  return observations;
}

function hasEmptyReturns(sandbox: Sandbox): boolean {
  return (sandbox.options.localMocks ?? []).some((m) => m.returns?.some((r) => r.empty !== undefined));
}

/**
 * The calls to make on a returned function: twice the same arguments (a memoized function answers the
 * second from its cache, a debounced one fires once), then other ones when its parameters allow.
 */
function returnedCalls(unit: FunctionUnit): Encoded[][] | undefined {
  if (!unit.returnedFunction) return undefined;
  const parameters = unit.returnedFunction;
  const [first, second] = candidatesFor({ ...unit, parameters }, { seed: 1, max: 2 }).map((c) =>
    c.args.map((value, i) => encode(stubify(value, parameters[i]?.spec))),
  );
  if (!first) return [[], []];
  return second ? [first, first, second] : [first, first];
}
