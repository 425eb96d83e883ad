import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { candidatesFor } from '../inputs/candidates.js';
import { withPromises } from '../inputs/promised.js';
import { numberStubsAcross, stubify } from '../inputs/stub.js';
import type { SequenceObservation, Step } from '../model/observation.js';
import type { ClassUnit, FunctionUnit, ParameterInfo } from '../model/unit.js';
import type { Encoded } from '../model/value.js';
import { encode } from '../sandbox/codec.js';
import type { Sandbox } from '../sandbox/host/sandbox.js';
import type { SequenceRequest } from '../sandbox/protocol.js';
import { outcomeClass } from '../select/outcome-class.js';
import type { HangGuard } from './hang-guard.js';
import {
  CLOCK_STEPS_MS,
  fill,
  fullestTuple,
  methodArgsOf,
  resultArgs,
  reusedArgs,
  stories,
  TIMER_STEPS_MS,
  timePasses,
  tours,
} from './sequence-seeds.js';

export interface ExploreClassOptions {
  seed: number;
  callTimeoutMs: number;
  /** Ends exploration early only when the machine is far too slow (reported as a `timeout` problem). */
  guard?: HangGuard | undefined;
  /** Sequences run at most: the budget, counted so that every machine runs the same ones. */
  maxRuns: number;
  /** Calls per sequence at most. @default 6 */
  maxSteps?: number;
  /** Sequences found before (kept by an earlier iteration): extended first, as they reach the most. */
  extendFrom?: readonly SequenceObservation[];
}

const MAX_STEPS = 6;
/** Argument tuples a random call picks from. */
const ARGUMENTS_PER_METHOD = 8;
/** Tuples drawn per method: enough that three adds can differ in every argument (keys and values). */
const TUPLES_DRAWN = 48;
/** Constructor argument tuples drawn, of which the first few and the fullest are used. */
const CONSTRUCTOR_TUPLES = 6;

/**
 * Feedback-directed exploration of a class (after Randoop): construct with inputs from the constructor's
 * types (among them the fullest: elements given, every option set), try each method on a fresh
 * instance, run stories and tours on a filled one, then keep extending sequences that ran without
 * error with a random method call, keeping those that reach new code or show a new kind of outcome.
 * Half of the random calls reuse values an earlier step passed (`get(key)` after `set(key, value)`).
 */
export async function exploreClass(
  sandbox: Sandbox,
  unit: ClassUnit,
  options: ExploreClassOptions,
): Promise<SequenceObservation[]> {
  const maxSteps = options.maxSteps ?? MAX_STEPS;
  const rng = xoroshiro128plus(options.seed);
  const pick = <T>(items: readonly T[]): T => items[uniformInt(rng, 0, items.length - 1)]!;
  const constructorArgs = constructorTuples(unit, options.seed);
  const methodArgs = methodArgsOf(
    unit,
    unit.methods.map((m, i) => argumentTuples(unit, m.parameters, options.seed + i + 1, TUPLES_DRAWN)),
  );
  const observations: SequenceObservation[] = [];
  const seenRanges = new Set<string>();
  const seenKinds = new Set<string>();
  const extendable: SequenceObservation[] = [];

  const run = async (unnumbered: Encoded[], unnumberedSteps: Step[]): Promise<boolean> => {
    // Every callback stub of the sequence gets its own id, as each gets its own `vi.fn()` in the test.
    const [ctor, ...stepArgs] = numberStubsAcross([unnumbered, ...unnumberedSteps.map((s) => s.args)]);
    const steps = unnumberedSteps.map((s, i) => ({ ...s, args: stepArgs[i]! }));
    const { outcome, ranges } = await sandbox.sequence(
      sequenceRequest(unit, ctor!, steps),
      options.callTimeoutMs,
    );
    const observation: SequenceObservation = { unit, constructorArgs: ctor!, steps, outcome, ranges };
    observations.push(observation);
    let fresh = false;
    for (const [start, end, count] of ranges) {
      const key = `${start}-${end}-${count > 0}`;
      if (!seenRanges.has(key)) {
        seenRanges.add(key);
        fresh = true;
      }
    }
    const kind = sequenceKind(observation) ?? 'new';
    if (!seenKinds.has(kind)) {
      seenKinds.add(kind);
      fresh = true;
    }
    const completed = outcome.construct.kind === 'return' && outcome.steps.every((s) => s.kind === 'return');
    if (fresh && completed && steps.length < maxSteps) extendable.push(observation);
    return fresh;
  };
  const withinBudget = () => observations.length < options.maxRuns && !options.guard?.expired();

  for (const ctor of constructorArgs) {
    if (!withinBudget()) break;
    await run(ctor, []);
  }
  // Methods are tried on instances that could be built: a constructor input that threw is no base.
  const bases = observations
    .filter((o) => o.outcome.construct.kind === 'return')
    .map((o) => o.constructorArgs);
  if (bases.length === 0) return observations;
  // A class with many methods gets fewer single calls each, so that stories and tours still get runs.
  const perMethod = Math.max(
    1,
    Math.min(3, Math.floor(options.maxRuns / (3 * Math.max(1, unit.methods.length)))),
  );
  const queued: Step[][] = [];
  const queuedBases: Encoded[][] = [];
  const queue = (base: Encoded[], steps: Step[]) => {
    queuedBases.push(base);
    queued.push(steps);
  };
  // Earlier iterations' sequences first: their extensions are where new code is.
  for (const old of options.extendFrom ?? []) extendable.push(old);
  methodArgs.forEach(({ method, args }) => {
    args.slice(0, perMethod).forEach((tuple, j) => {
      queue(bases[j % bases.length]!, [{ method: method.name, args: tuple }]);
    });
  });
  const storyOn = storyBase(bases);
  const clockSteps: readonly number[] = unit.usesTimers
    ? TIMER_STEPS_MS
    : unit.readsClock
      ? CLOCK_STEPS_MS
      : [];
  for (const steps of stories(methodArgs, clockSteps.at(-1))) queue(storyOn, steps);
  const filled = fullestBase(bases);
  for (const steps of tours(methodArgs, maxSteps)) queue(filled, steps);
  // The seeds above are queued, not run: run them first, then extend at random what proved useful.
  for (let i = 0; i < queued.length && withinBudget(); i++) await run(queuedBases[i]!, queued[i]!);
  while (withinBudget() && extendable.length > 0 && unit.methods.length > 0) {
    const base = pick(extendable);
    if (clockSteps.length > 0 && uniformInt(rng, 0, 3) === 0) {
      await run(base.constructorArgs, [...base.steps, timePasses(pick(clockSteps))]);
      continue;
    }
    const { method, args } = pick(methodArgs);
    const drawn = args.length > 0 ? pick(args.slice(0, ARGUMENTS_PER_METHOD)) : [];
    const reused =
      uniformInt(rng, 0, 1) === 0
        ? (resultArgs(method, base.outcome.steps, drawn, (n) => uniformInt(rng, 0, n - 1)) ??
          reusedArgs(method, base.steps, uniformInt(rng, 0, 2)))
        : undefined;
    const step = { method: method.name, args: reused ?? drawn };
    await run(base.constructorArgs, [...base.steps, step]);
  }
  return observations;
}

/**
 * The constructor's argument tuples: the first drawn (boundaries, constants), and the fullest one
 * (elements given, every optional setting and callback present) where it differs.
 */
function constructorTuples(unit: ClassUnit, seed: number): Encoded[][] {
  const drawn = argumentTuples(unit, unit.constructorParameters, seed, CONSTRUCTOR_TUPLES * 3);
  const first = drawn.slice(0, CONSTRUCTOR_TUPLES);
  const fullest = fullestTuple(drawn);
  if (!fullest || first.some((t) => JSON.stringify(t) === JSON.stringify(fullest))) return first;
  return [...first.slice(0, 1), fullest, ...first.slice(1)];
}

/**
 * The constructor arguments to tell stories on: the one with the most small positive numbers (a
 * capacity of 2 shows eviction; one of 0 or 10⁶ does not), else the first that worked.
 */
function storyBase(bases: readonly Encoded[][]): Encoded[] {
  const small = (value: Encoded): number => {
    if (typeof value === 'number') return value >= 1 && value <= 16 ? 1 : 0;
    if (value === null || typeof value !== 'object') return 0;
    if (Array.isArray(value)) return value.reduce<number>((n, v) => n + small(v), 0);
    return value.$ === 'object' ? Object.values(value.v).reduce<number>((n, v) => n + small(v), 0) : 0;
  };
  let best = bases[0]!;
  for (const base of bases) if (small(base) > small(best)) best = base;
  return best;
}

/** The constructor arguments that built an instance holding the most (see `fill`). */
function fullestBase(bases: readonly Encoded[][]): Encoded[] {
  const total = (base: Encoded[]) => base.reduce<number>((n, v) => n + fill(v), 0);
  let best = bases[0]!;
  for (const base of bases) if (total(base) > total(best)) best = base;
  return best;
}

/**
 * A kind for the whole sequence: the method and outcome kind of its last step, or a failed construction.
 * A construction that succeeded is no kind of its own: every other test shows it.
 */
export function sequenceKind(observation: SequenceObservation): string | undefined {
  const { construct, steps } = observation.outcome;
  const last = observation.steps.at(-1);
  if (!last || steps.length === 0)
    return construct.kind === 'return' ? undefined : `new:${outcomeClass(construct)}`;
  return `${last.method}:${outcomeClass(steps.at(-1)!)}`;
}

function argumentTuples(
  unit: ClassUnit,
  parameters: ParameterInfo[],
  seed: number,
  max: number,
): Encoded[][] {
  const pseudo: FunctionUnit = {
    kind: 'function',
    name: unit.name,
    exportName: unit.exportName,
    parameters,
    isAsync: false,
    constants: unit.constants,
    line: unit.line,
  };
  return candidatesFor(pseudo, { seed, max }).map((c, index) =>
    withPromises(
      c.args.map((v, i) => encode(stubify(v, parameters[i]?.spec))),
      parameters,
      index,
    ),
  );
}

/** What the sandbox needs to run a sequence of a class (exploration and verification alike). */
export function sequenceRequest(
  unit: ClassUnit,
  constructorArgs: Encoded[],
  steps: readonly Step[],
): Omit<SequenceRequest, 'type' | 'id' | 'timeoutMs'> {
  return {
    path: [unit.exportName],
    ...(unit.factory ? { factory: true } : {}),
    ...(unit.usesTimers ? { fakeTimers: true } : {}),
    constructorArgs,
    constructorSpreadLast: unit.constructorParameters.at(-1)?.rest ?? false,
    steps: steps.map((s) => ({
      ...s,
      spreadLast: unit.methods.find((m) => m.name === s.method)?.parameters.at(-1)?.rest ?? false,
    })),
    observers: unit.observers,
  };
}
