import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { ClassUnit, FunctionUnit, ParameterInfo } from '../analyze/unit.js';
import { candidatesFor } from '../inputs/candidates.js';
import { numberStubsAcross, stubify } from '../inputs/stub.js';
import { outcomeClass } from '../select/outcome-class.js';
import { type Encoded, encode } from './codec.js';
import type { CoverageRange, SequenceOutcome, SequenceRequest } from './protocol.js';
import type { Sandbox } from './sandbox.js';

/** One method call of a sequence, with its arguments. */
export interface Step {
  method: string;
  args: Encoded[];
}

/** A sequence run in the sandbox: construct, call the steps, read the observers. */
export interface SequenceObservation {
  unit: ClassUnit;
  constructorArgs: Encoded[];
  steps: Step[];
  outcome: SequenceOutcome;
  ranges: CoverageRange[];
}

export interface ExploreClassOptions {
  seed: number;
  callTimeoutMs: number;
  budgetMs: number;
  /** Sequences run at most. */
  maxRuns: number;
}

const MAX_STEPS = 6;
const ARGUMENTS_PER_METHOD = 8;

/**
 * Feedback-directed exploration of a class (after Randoop): construct with inputs from the constructor's
 * types, try each method once on a fresh instance, then keep extending sequences that ran without error
 * with a random method call, keeping those that reach new code or show a new kind of outcome. Data
 * structures get sequences such as push, push, pop, peek because those reach their code.
 */
export async function exploreClass(
  sandbox: Sandbox,
  unit: ClassUnit,
  options: ExploreClassOptions,
): Promise<SequenceObservation[]> {
  const deadline = Date.now() + options.budgetMs;
  const rng = xoroshiro128plus(options.seed);
  const pick = <T>(items: readonly T[]): T => items[uniformInt(rng, 0, items.length - 1)]!;
  const constructorArgs = argumentTuples(unit, unit.constructorParameters, options.seed, 6);
  const methodArgs = unit.methods.map((m, i) =>
    argumentTuples(unit, m.parameters, options.seed + i + 1, ARGUMENTS_PER_METHOD),
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
    if (fresh && completed && steps.length < MAX_STEPS) extendable.push(observation);
    return fresh;
  };
  const withinBudget = () => Date.now() < deadline && observations.length < options.maxRuns;

  for (const ctor of constructorArgs) {
    if (!withinBudget()) break;
    await run(ctor, []);
  }
  // Methods are tried on instances that could be built: a constructor input that threw is no base.
  const bases = observations
    .filter((o) => o.outcome.construct.kind === 'return')
    .map((o) => o.constructorArgs);
  if (bases.length === 0) return observations;
  unit.methods.forEach((method, i) => {
    methodArgs[i]!.slice(0, 3).forEach((args, j) => {
      extendable.push(seed(unit, bases[j % bases.length]!, [{ method: method.name, args }]));
    });
  });
  extendable.push(...storySeeds(unit, storyBase(bases), methodArgs));
  // The seeds above are queued, not run: run them first, then extend at random what proved useful.
  const queued = extendable.splice(0);
  for (const observation of queued) {
    if (!withinBudget()) break;
    await run(observation.constructorArgs, observation.steps);
  }
  while (withinBudget() && extendable.length > 0 && unit.methods.length > 0) {
    const base = pick(extendable);
    const index = uniformInt(rng, 0, unit.methods.length - 1);
    const step = { method: unit.methods[index]!.name, args: pick(methodArgs[index]!) };
    await run(base.constructorArgs, [...base.steps, step]);
  }
  return observations;
}

const ADDS = /^(push|add|set|put|insert|enqueue|append|prepend|unshift|offer|write)/i;
const READS =
  /^(pop|peek|get|shift|dequeue|poll|remove|delete|has|top|first|last|front|back|read|take|evict)/i;

/**
 * Data-structure stories: add three different elements, then read or remove (`push(1), push(2),
 * push(3), pop()`), once per reading method. Random extension rarely builds these, and they are what
 * shows a stack's order or a cache's eviction.
 */
function storySeeds(unit: ClassUnit, base: Encoded[], methodArgs: Encoded[][][]): SequenceObservation[] {
  const adders = unit.methods.flatMap((m, i) =>
    ADDS.test(m.name) && m.parameters.length > 0 ? [{ method: m, args: methodArgs[i]! }] : [],
  );
  const readers = unit.methods.flatMap((m, i) =>
    READS.test(m.name) ? [{ method: m, args: methodArgs[i]! }] : [],
  );
  return adders.slice(0, 2).flatMap((adder) => {
    if (adder.args.length === 0) return [];
    // Every argument differs from one add to the next (keys and values alike), where the types allow.
    const columns = adder.method.parameters.map((_, p) => {
      const seen = new Map(adder.args.map((tuple) => [JSON.stringify(tuple[p]), tuple[p]!]));
      return [...seen.values()];
    });
    const adds = [0, 1, 2].map((i) => ({
      method: adder.method.name,
      args: columns.map((column) => column[Math.min(i, column.length - 1)]!),
    }));
    return readers.map((reader) =>
      seed(unit, base, [...adds, { method: reader.method.name, args: reader.args[0] ?? [] }]),
    );
  });
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
  return candidatesFor(pseudo, { seed, max }).map((c) =>
    c.args.map((v, i) => encode(stubify(v, parameters[i]?.spec))),
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
    constructorArgs,
    constructorSpreadLast: unit.constructorParameters.at(-1)?.rest ?? false,
    steps: steps.map((s) => ({
      ...s,
      spreadLast: unit.methods.find((m) => m.name === s.method)?.parameters.at(-1)?.rest ?? false,
    })),
    observers: unit.observers,
  };
}

function seed(unit: ClassUnit, constructorArgs: Encoded[], steps: Step[]): SequenceObservation {
  return {
    unit,
    constructorArgs,
    steps,
    outcome: { construct: { kind: 'timeout' }, steps: [], state: {} },
    ranges: [],
  };
}
