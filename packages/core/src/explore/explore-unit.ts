import { type Candidate, candidatesFor } from '../inputs/candidates.js';
import { withPromises } from '../inputs/promised.js';
import { stableKey } from '../inputs/stable-key.js';
import { numberStubsAcross, stubify } from '../inputs/stub.js';
import { asTaggedCall } from '../inputs/tagged.js';
import type { Observation, Outcome, ThenCall } from '../model/observation.js';
import { accessPath, type FunctionUnit } from '../model/unit.js';
import type { Encoded } from '../model/value.js';
import { encode } from '../sandbox/codec.js';
import type { CallResult, Sandbox } from '../sandbox/host/sandbox.js';
import type { HangGuard } from './hang-guard.js';

/** How many of a unit's calls that used a mocked function are made again with its empty value. */
const EMPTY_RETURN_CALLS = 3;

/**
 * After this many calls that time out or crash the sandbox, the rest of a unit's candidates are not
 * tried: each costs a restart.
 */
const MAX_TIMEOUTS = 3;

/**
 * Calls a unit on each candidate, in order, until the candidates run out or the unit has timed out
 * {@link MAX_TIMEOUTS} times (or, on a machine far too busy, its hang guard fires).
 */
export async function exploreUnit(
  sandbox: Sandbox,
  unit: FunctionUnit,
  candidates: readonly Candidate[],
  options: { callTimeoutMs: number; guard?: HangGuard | undefined },
): Promise<Observation[]> {
  const spreadLast = unit.parameters.at(-1)?.rest ?? false;
  const observations: Observation[] = [];
  let timeouts = 0;
  const thenArgs = returnedCalls(unit);
  for (const [index, candidate] of candidates.entries()) {
    if (options.guard?.expired() || timeouts >= MAX_TIMEOUTS) break;
    const encoded = withPromises(
      asTaggedCall(
        candidate.args.map((value, i) => encode(stubify(value, unit.parameters[i]?.spec))),
        unit.parameters,
      ),
      unit.parameters,
      index,
    );
    const [args, ...calls] = numberStubsAcross([encoded, ...(thenArgs ?? [])]);
    const thenCall: ThenCall | undefined = thenArgs && {
      calls,
      spreadLast: unit.returnedFunction?.at(-1)?.rest ?? false,
    };
    const call = (randomStart?: number) =>
      sandbox.call(
        accessPath(unit),
        args!,
        spreadLast,
        options.callTimeoutMs,
        thenCall,
        undefined,
        randomStart,
      );
    const { outcome, ranges } = await stableAcrossDraws(await call(), call);
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
      if (options.guard?.expired()) break;
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

/** Where the second look at a call that read `Math.random` starts its sequence: far from the first's draws. */
const OTHER_DRAWS = 0.5;

/**
 * A call whose outcome read `Math.random` is made again on another sequence. The same outcome both
 * times means randomness stays inside (a randomized-pivot sort): it is asserted as it is, with no
 * sequence installed. Otherwise the outcome keeps `seededRandom` and its test installs the sequence.
 */
async function stableAcrossDraws(
  first: CallResult,
  call: (randomStart?: number) => Promise<CallResult>,
): Promise<CallResult> {
  const { outcome } = first;
  if ((outcome.kind !== 'return' && outcome.kind !== 'throw') || !outcome.seededRandom) return first;
  const again = await call(OTHER_DRAWS);
  if (stableKey(withoutSeed(again.outcome)) !== stableKey(withoutSeed(outcome))) return first;
  return { ...first, outcome: withoutSeed(outcome) };
}

/** The outcome without its `seededRandom` mark: what the value is, whether or not it depended on the draws. */
export function withoutSeed(outcome: Outcome): Outcome {
  if (outcome.kind !== 'return' && outcome.kind !== 'throw') return outcome;
  const { seededRandom: _, ...rest } = outcome;
  return rest;
}

function hasEmptyReturns(sandbox: Sandbox): boolean {
  const returns = [
    ...(sandbox.options.localMocks ?? []).flatMap((m) => m.returns ?? []),
    ...Object.values(sandbox.options.mockReturns ?? {}).flat(),
  ];
  // A callback-answering fake has an empty case too: the callback gets an error.
  return returns.some((r) => r.empty !== undefined || r.callback);
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
