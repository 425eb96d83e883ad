import { sequenceRequest } from '../explore/explore-class.js';
import { isUsableSequence } from '../explore/explore-file.js';
import { withoutSeed } from '../explore/explore-unit.js';
import type { CheckedExample, PlannedCase } from '../model/case.js';
import type { Outcome, SequenceObservation, SequenceOutcome } from '../model/observation.js';
import type { FileOptions } from '../model/options.js';
import type { Plan } from '../model/plan.js';
import type { Problem } from '../model/report.js';
import { accessPath } from '../model/unit.js';
import { planUnit } from '../oracle/assertion.js';
import { callsPerCase } from '../render/test-file.js';
import { Sandbox, type SandboxSetup } from '../sandbox/host/sandbox.js';
import { isAssertable } from '../select/select.js';

/** Verification reruns: the first adopts the file order's outcomes, the later ones must match. */
const MAX_ROUNDS = 3;

interface Changes {
  examples: Set<CheckedExample>;
  cases: Map<PlannedCase, Outcome>;
  sequences: Map<SequenceObservation, SequenceOutcome>;
}

/**
 * Runs the cases again in a fresh sandbox, in the order (and as many times) the generated file runs
 * them. Exploration called the code in another order, so code with module state can answer
 * differently here: the first verification adopts what the file's own order gives (re-planning the
 * assertions), and every later one must match exactly. What still changes is dropped and reported:
 * a generated test must pass every time.
 */
export async function verifyPlans(
  source: string,
  plans: Plan[],
  options: FileOptions,
  exportedNames: ReadonlySet<string>,
  problems: Problem[],
  setup: SandboxSetup,
  /** A sandbox already started for `source` with `setup` that has made no call (used for the first round). */
  warm?: Sandbox,
): Promise<Plan[]> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const changes = await rerun(source, plans, options, setup, round === 0 ? warm : undefined);
    if (changes.cases.size === 0 && changes.sequences.size === 0 && changes.examples.size === 0) return plans;
    plans = round === 0 ? adopt(plans, changes, exportedNames, problems) : drop(plans, changes, problems);
  }
  return plans;
}

function adopt(
  plans: Plan[],
  changes: Changes,
  exportedNames: ReadonlySet<string>,
  problems: Problem[],
): Plan[] {
  return plans.map((plan): Plan => {
    if ('kind' in plan) {
      const sequences = plan.sequences
        .map((s) => {
          const outcome = changes.sequences.get(s);
          return outcome ? { ...s, outcome } : s;
        })
        .filter(isUsableSequence);
      return { ...plan, sequences };
    }
    const cases = plan.groups
      .flatMap((g) => g.cases)
      .map((c) => {
        const outcome = changes.cases.get(c);
        return {
          observation: outcome ? { ...c.observation, outcome } : c.observation,
          points: new Set<string>(),
        };
      })
      .filter((c) => isAssertable(c.observation.outcome, exportedNames));
    // An example states its own result: it is never adopted, only kept while the code agrees.
    const examples = plan.examples?.filter((e) => !changes.examples.has(e)) ?? [];
    return { ...planUnit(plan.unit, cases, exportedNames, problems), examples };
  });
}

function drop(plans: Plan[], changes: Changes, problems: Problem[]): Plan[] {
  const unstable = (unit: string) =>
    problems.push({
      code: 'unstable',
      unit,
      message: `${unit}: a case gave a different outcome when run again (it depends on time, randomness or state), so it was dropped.`,
    });
  for (const c of changes.cases.keys()) unstable(c.observation.unit.name);
  for (const s of changes.sequences.keys()) unstable(s.unit.name);
  for (const e of changes.examples) unstable(e.example.call);
  return plans.map((plan): Plan => {
    if ('kind' in plan)
      return { ...plan, sequences: plan.sequences.filter((s) => !changes.sequences.has(s)) };
    return {
      unit: plan.unit,
      examples: plan.examples?.filter((e) => !changes.examples.has(e)) ?? [],
      groups: plan.groups
        .map((group) => ({ cases: group.cases.filter((c) => !changes.cases.has(c)) }))
        .filter((group) => group.cases.length > 0),
    };
  });
}

/** Runs everything as the test file will; returns what came out differently, with the new outcome. */
async function rerun(
  source: string,
  plans: readonly Plan[],
  options: FileOptions,
  setup: SandboxSetup,
  warm: Sandbox | undefined,
): Promise<Changes> {
  const changes: Changes = { examples: new Set(), cases: new Map(), sequences: new Map() };
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const sandbox = warm ?? new Sandbox(source, { cwd: options.root, ...setup });
  try {
    for (const plan of plans) {
      if ('kind' in plan) {
        for (const sequence of plan.sequences) {
          const { outcome } = await sandbox.sequence(
            sequenceRequest(plan.unit, sequence.constructorArgs, sequence.steps),
            options.callTimeoutMs,
          );
          if (!same(outcome, sequence.outcome)) changes.sequences.set(sequence, outcome);
        }
        continue;
      }
      for (const checked of plan.examples ?? []) {
        const { outcome } = await sandbox.evaluate(checked.example.call, options.callTimeoutMs);
        if (!same(outcome, checked.outcome)) changes.examples.add(checked);
      }
      for (const planned of plan.groups.flatMap((g) => g.cases)) {
        const { unit, args, thenCall, mockReturns } = planned.observation;
        const spreadLast = unit.parameters.at(-1)?.rest ?? false;
        for (let i = 0; i < callsPerCase(planned.assertion); i++) {
          const { outcome } = await sandbox.call(
            accessPath(unit),
            args,
            spreadLast,
            options.callTimeoutMs,
            thenCall,
            mockReturns,
          );
          // A result found not to depend on Math.random's draws was kept without the mark: the same value is no change.
          if (
            !changes.cases.has(planned) &&
            !same(withoutSeed(outcome), withoutSeed(planned.observation.outcome))
          )
            changes.cases.set(planned, outcome);
        }
      }
    }
  } finally {
    sandbox.close();
  }
  return changes;
}
