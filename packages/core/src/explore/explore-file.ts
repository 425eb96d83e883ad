import { candidatesFor } from '../inputs/candidates.js';
import { guardsOutside, hasOutside } from '../inputs/outside.js';
import type { Outcome, SequenceObservation } from '../model/observation.js';
import type { FileOptions } from '../model/options.js';
import type { ClassPlan, UnitPlan } from '../model/plan.js';
import type { Problem } from '../model/report.js';
import type { ClassUnit, FunctionUnit, Unit } from '../model/unit.js';
import { planUnit, unwritableObservation } from '../oracle/assertion.js';
import { opaqueInside } from '../sandbox/codec.js';
import { Sandbox, type SandboxSetup } from '../sandbox/host/sandbox.js';
import { greedyCover } from '../select/greedy-cover.js';
import { selectCases } from '../select/select.js';
import { checkExamples } from './check-examples.js';
import { coveredPoints } from './coverage-points.js';
import { exploreClass, sequenceKind } from './explore-class.js';
import { exploreUnit } from './explore-unit.js';
import { HangGuard } from './hang-guard.js';
import { type FileProperties, inferFileProperties } from './infer-file.js';

const TYPESCRIPT = /\.[cm]?tsx?$/;

/** A unit after exploration and selection: what to write for it, and what was seen. */
export interface ExploredUnit {
  unit: Unit;
  plan: UnitPlan | ClassPlan;
  problems: Problem[];
  /** Calls (functions) or sequences (classes) run. */
  candidates: number;
  /** Some outcome depended on `Math.random`'s draws: properties of it would only hold for one sequence. */
  readsRandom?: boolean;
  blocks: { covered: number; total: number };
}

/** Explores every unit of a file in one sandbox and picks the cases worth writing. */
export async function exploreFile(
  source: string,
  units: readonly Unit[],
  options: FileOptions,
  exportedNames: ReadonlySet<string>,
  setup: SandboxSetup,
): Promise<{ units: ExploredUnit[]; properties: FileProperties }> {
  const sandbox = new Sandbox(source, { cwd: options.root, ...setup });
  try {
    const explored: ExploredUnit[] = [];
    for (const unit of units) {
      explored.push(
        unit.kind === 'class'
          ? await exploreClassUnit(sandbox, unit, options)
          : await exploreFunctionUnit(sandbox, unit, options, exportedNames, TYPESCRIPT.test(source)),
      );
    }
    // Sampling a unit that hung, exited or crashed in exploration would only do it again: the inference
    // runs in one request with no per-call time limit, so such a unit would cost the whole budget.
    const unsafe = new Set(
      explored
        .filter(
          (e) =>
            e.readsRandom || e.problems.some((p) => ['timeout', 'process-exit', 'crash'].includes(p.code)),
        )
        .map((e) => e.unit),
    );
    const properties = options.property
      ? await inferFileProperties(
          sandbox,
          units.filter((u) => !unsafe.has(u)),
          options,
        )
      : { tests: undefined, problems: [] };
    return { units: explored, properties };
  } finally {
    sandbox.close();
  }
}

async function exploreFunctionUnit(
  sandbox: Sandbox,
  unit: FunctionUnit,
  options: FileOptions,
  exportedNames: ReadonlySet<string>,
  typescript: boolean,
): Promise<ExploredUnit> {
  const candidates = candidatesFor(unit, {
    seed: options.seed,
    max: options.maxCandidates,
    // JavaScript sources get JavaScript tests: `null` there, `null as never` in TypeScript.
    outside: typescript ? 'cast' : 'plain',
  });
  const guard = new HangGuard(options.unitBudgetMs);
  const explored = await exploreUnit(sandbox, unit, candidates, {
    callTimeoutMs: options.callTimeoutMs,
    guard,
  });
  // A value outside the types that the code does not guard against says nothing the types do not.
  const observations = explored.filter((o) => !hasOutside(o.args) || guardsOutside(o.outcome));
  // Cases with no literal form (or code that would not parse) never take a slot a writable one could.
  const unwritable = new Map<string, number>();
  const writable = observations.filter((o) => {
    const why = unwritableObservation(unit, o, exportedNames);
    if (why !== undefined) unwritable.set(why, (unwritable.get(why) ?? 0) + 1);
    return why === undefined;
  });
  const { points } = coveredPoints(observations.map((o) => o.ranges));
  const { covered } = coveredPoints(writable.map((o) => o.ranges));
  const { cases, problems } = selectCases(writable, covered, options.maxCasesPerUnit, exportedNames);
  const reached = new Set(cases.flatMap((c) => [...c.points]));
  const checked = await checkExamples(sandbox, unit, options.callTimeoutMs);
  const planProblems: Problem[] = [...unwritable].map(([why, count]) => ({
    code: 'unrenderable-value' as const,
    unit: unit.name,
    message: `${unit.name}: ${count} ${count === 1 ? 'call' : 'calls'} left out: ${why}`,
  }));
  const plan = planUnit(unit, cases, exportedNames, planProblems);
  return {
    unit,
    plan: { ...plan, examples: checked.examples },
    problems: [...guard.problem(unit.name), ...checked.problems, ...problems, ...planProblems],
    candidates: observations.length,
    readsRandom: observations.some(
      ({ outcome }) =>
        (outcome.kind === 'return' || outcome.kind === 'throw') && outcome.seededRandom === true,
    ),
    blocks: { covered: reached.size, total: points.length },
  };
}

async function exploreClassUnit(
  sandbox: Sandbox,
  unit: ClassUnit,
  options: FileOptions,
): Promise<ExploredUnit> {
  const guard = new HangGuard(options.unitBudgetMs);
  const observations = await exploreClass(sandbox, unit, {
    seed: options.seed,
    callTimeoutMs: options.callTimeoutMs,
    guard,
    maxRuns: options.maxCandidates,
  });
  const { points, covered } = coveredPoints(observations.map((o) => o.ranges));
  const usable = observations.map((o, index) => ({ o, index })).filter(({ o }) => isUsableSequence(o));
  const chosen = greedyCover(
    usable.map(({ o, index }) => ({
      points: covered[index]!,
      kind: sequenceKind(o),
      cost: o.steps.length * 10_000 + index,
    })),
    options.maxCasesPerUnit,
  );
  const story = storySequence(usable.map(({ o }) => o));
  // The story is worth a slot even when coverage filled them all: it shows how the calls relate.
  if (story >= 0 && !chosen.includes(story)) {
    if (chosen.length >= options.maxCasesPerUnit) chosen.pop();
    chosen.push(story);
  }
  const sequences = chosen.map((i) => usable[i]!.o);
  const reached = new Set(chosen.flatMap((i) => [...covered[usable[i]!.index]!]));
  return {
    unit,
    plan: { kind: 'class', unit, sequences },
    problems: [...guard.problem(unit.name), ...sequenceProblems(unit, observations)],
    candidates: observations.length,
    blocks: { covered: reached.size, total: points.length },
  };
}

/**
 * The sequence that tells the most about a data structure: the most distinct methods, then the most
 * distinct argument values, then the most steps, all of them returning (push a, push b, peek, pop → b).
 * Coverage alone keeps the shortest sequences; this one shows how the calls relate. -1 when none fits.
 */
function storySequence(sequences: readonly SequenceObservation[]): number {
  let best = -1;
  let bestScore = 0;
  sequences.forEach((s, i) => {
    if (s.outcome.construct.kind !== 'return' || s.outcome.steps.some((o) => o.kind !== 'return')) return;
    const methods = new Set(s.steps.map((step) => step.method)).size;
    const values = new Set(s.steps.map((step) => JSON.stringify(step.args))).size;
    const score = methods * 10_000 + values * 100 + s.steps.length;
    if (methods >= 2 && score > bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}

/**
 * A sequence can be written as a test when construction and every step returned or threw, and every
 * argument can be written down.
 */
export function isUsableSequence(observation: SequenceObservation): boolean {
  const ended = (o: Outcome) => o.kind === 'return' || o.kind === 'throw';
  const { construct, steps } = observation.outcome;
  const args = [...observation.constructorArgs, ...observation.steps.flatMap((s) => s.args)];
  return (
    args.every((arg) => opaqueInside(arg) === undefined) &&
    ended(construct) &&
    steps.length === (construct.kind === 'throw' ? 0 : observation.steps.length) &&
    steps.every(ended)
  );
}

function sequenceProblems(unit: ClassUnit, observations: readonly SequenceObservation[]): Problem[] {
  const counts = new Map<string, { count: number; code: Problem['code']; message: string }>();
  for (const { outcome } of observations) {
    for (const o of [outcome.construct, ...outcome.steps]) {
      const problem =
        o.kind === 'crash'
          ? { code: 'crash' as const, message: `${unit.name}: some sequences ${o.reason}` }
          : o.kind === 'timeout'
            ? { code: 'timeout' as const, message: `${unit.name}: some calls did not finish in time` }
            : o.kind === 'exit'
              ? {
                  code: 'process-exit' as const,
                  message: `${unit.name}: calls process.exit(${o.code ?? ''})`,
                }
              : o.kind === 'blocked' && o.uncaught
                ? {
                    code: 'uncaught-error' as const,
                    message: `${unit.name}: some sequences throw an error outside any caller (a test run fails on that), so they are not written`,
                  }
                : o.kind === 'blocked' && o.unhandledRejection
                  ? {
                      code: 'unhandled-rejection' as const,
                      message: `${unit.name}: some sequences leave a rejected Promise argument unhandled (a test run fails on that), so they are not written`,
                    }
                  : o.kind === 'blocked'
                    ? {
                        code: 'needs-io' as const,
                        message: `${unit.name}: calls ${o.operation}, which the sandbox refuses`,
                      }
                    : undefined;
      if (!problem) continue;
      const entry = counts.get(problem.code) ?? { ...problem, count: 0 };
      entry.count++;
      counts.set(problem.code, entry);
    }
  }
  return [...counts.values()].map(({ code, message, count }) => ({
    code,
    unit: unit.name,
    message: `${message} (${count} ${count === 1 ? 'sequence' : 'sequences'} left out)`,
  }));
}
