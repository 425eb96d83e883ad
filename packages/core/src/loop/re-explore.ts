import { coveredPoints } from '../explore/coverage-points.js';
import { exploreClass } from '../explore/explore-class.js';
import { isUsableSequence } from '../explore/explore-file.js';
import { exploreUnit } from '../explore/explore-unit.js';
import type { HangGuard } from '../explore/hang-guard.js';
import { type Candidate, candidatesFor } from '../inputs/candidates.js';
import { hasOutside } from '../inputs/outside.js';
import { stableKey } from '../inputs/stable-key.js';
import type { CoverageRange, Outcome } from '../model/observation.js';
import type { FileOptions } from '../model/options.js';
import type { ClassPlan, UnitPlan } from '../model/plan.js';
import type { UnitGaps } from '../model/report.js';
import type { ClassUnit, FunctionUnit } from '../model/unit.js';
import type { Encoded } from '../model/value.js';
import { planUnit } from '../oracle/assertion.js';
import { hasStubs } from '../render/stubs.js';
import { decode } from '../sandbox/codec.js';
import type { Sandbox } from '../sandbox/host/sandbox.js';
import { type Coverable, greedyCover } from '../select/greedy-cover.js';
import { outcomeClass } from '../select/outcome-class.js';
import { isAssertable } from '../select/select.js';
import { mutations, seedsFromGaps } from './seeds.js';

/** Calls a class's sequences may grow by, per iteration of the loop. */
const LONGER_STEPS_PER_ITERATION = 3;

/** Mutated tuples tried per unit and iteration, before the fresh candidates. */
const MAX_MUTATIONS = 60;

/**
 * Explores a unit that still has gaps once more, aimed at them: constants from its uncovered
 * conditions first, then variations of the cases already kept, then a fresh seeded sample (longer
 * random sequences for a class, grown from the kept ones, with another seed). Returns the plan with the old cases and only the
 * new ones that reach code the old ones did not (by the sandbox's block coverage) or show a kind of
 * outcome not seen yet; undefined when nothing new was found.
 */
export async function reExplorePlan(
  sandbox: Sandbox,
  plan: UnitPlan | ClassPlan,
  gaps: UnitGaps,
  options: FileOptions,
  exportedNames: ReadonlySet<string>,
  iteration: number,
  guard: HangGuard,
): Promise<{ plan: UnitPlan | ClassPlan; added: number } | undefined> {
  const seed = options.seed + iteration * 7919;
  const constants = seedsFromGaps(gaps.branches, plan.unit.constants);
  if ('kind' in plan) {
    const unit: ClassUnit = { ...plan.unit, constants };
    // Longer sequences each iteration, grown from the kept ones: the state a gap needs (a full
    // structure, an element removed after another) is usually a few calls past what was kept.
    const observations = await exploreClass(sandbox, unit, {
      seed,
      callTimeoutMs: options.callTimeoutMs,
      guard,
      maxRuns: options.maxCandidates,
      maxSteps: 6 + LONGER_STEPS_PER_ITERATION * iteration,
      extendFrom: plan.sequences.filter(
        (s) => s.outcome.construct.kind === 'return' && s.outcome.steps.every((o) => o.kind === 'return'),
      ),
    });
    const fresh = pickNew(
      plan.sequences,
      observations.filter(isUsableSequence),
      (o) => (o.outcome.construct.kind === 'throw' ? 'construct-throws' : `steps:${o.steps.length > 3}`),
      (o) => o.steps.length * 10_000,
      options.maxCasesPerUnit,
    );
    if (fresh.length === 0) return undefined;
    return { plan: { ...plan, sequences: [...plan.sequences, ...fresh] }, added: fresh.length };
  }
  const unit: FunctionUnit = { ...plan.unit, constants };
  const old = plan.groups.flatMap((g) => g.cases.map((c) => c.observation));
  const candidates = dedupe([
    ...old
      .filter((o) => !hasStubs(o.args) && !hasOutside(o.args))
      .flatMap((o) =>
        mutations(
          o.args.map((a: Encoded) => decode(a)),
          constants,
        ),
      )
      .slice(0, MAX_MUTATIONS)
      .map((args): Candidate => ({ args, origin: 'random' })),
    ...candidatesFor(unit, { seed, max: options.maxCandidates }),
  ]);
  const observations = await exploreUnit(sandbox, plan.unit, candidates, {
    callTimeoutMs: options.callTimeoutMs,
    guard,
  });
  const fresh = pickNew(
    old,
    observations.filter((o) => isAssertable(o.outcome, exportedNames)),
    (o) => outcomeClass(o.outcome),
    () => 0,
    options.maxCasesPerUnit,
  );
  if (fresh.length === 0) return undefined;
  const cases = [...old, ...fresh].map((observation) => ({ observation, points: new Set<string>() }));
  return {
    plan: { ...planUnit(plan.unit, cases, exportedNames), examples: plan.examples },
    added: fresh.length,
  };
}

/**
 * The new observations worth a test: greedy cover of the points the old ones miss, plus one per kind of
 * outcome the old ones never showed. Nothing that only repeats what the old cases cover.
 */
function pickNew<T extends { ranges: CoverageRange[]; outcome: Outcome | object }>(
  old: readonly T[],
  found: readonly T[],
  kindOf: (o: T) => string,
  costOf: (o: T) => number,
  max: number,
): T[] {
  const { covered } = coveredPoints([...old, ...found].map((o) => o.ranges));
  const reached = new Set(covered.slice(0, old.length).flatMap((s) => [...s]));
  const oldKinds = new Set(old.map(kindOf));
  const items: Coverable[] = found.map((o, i) => {
    const kind = kindOf(o);
    return {
      points: new Set([...covered[old.length + i]!].filter((p) => !reached.has(p))),
      kind: oldKinds.has(kind) ? undefined : kind,
      cost: costOf(o) + i,
    };
  });
  return greedyCover(items, max)
    .filter((i) => items[i]!.points.size > 0 || items[i]!.kind !== undefined)
    .map((i) => found[i]!);
}

function dedupe(candidates: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const key = stableKey(c.args);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
