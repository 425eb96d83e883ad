import type { FileCoverage } from 'istanbul-lib-coverage';
import type { PlannedCase } from '../model/case.js';
import type { Outcome } from '../model/observation.js';
import type { Plan, PropertyBlock } from '../model/plan.js';
import type { DroppedTest, Problem } from '../model/report.js';
import { hasTests } from '../render/test-file.js';
import type { RunnerSession } from '../sandbox/host/run-runner.js';
import type { RunResult, TestResult } from '../sandbox/runner-protocol.js';
import { fileCoverageOf } from './coverage.js';

export interface ValidateInput {
  /** The runner's child process, kept across validations of the same file. */
  session: RunnerSession;
  runner: 'vitest' | 'jest';
  root: string;
  /** Absolute path of the source under test. */
  source: string;
  /** Absolute path of the generated test file (written by `write`). */
  output: string;
  plans: Plan[];
  properties: PropertyBlock;
  /** Runs per validation; a test must pass all of them. */
  runs: number;
  timeoutMs: number;
  /** Renders and writes the test file for these plans; returns false when there is nothing to write. */
  write(plans: Plan[], properties: PropertyBlock): Promise<boolean>;
}

export type ValidateOutcome =
  | {
      status: 'passed';
      plans: Plan[];
      properties: PropertyBlock;
      dropped: DroppedTest[];
      /** Coverage of the source by the generated file (last run); undefined when the runner measured none. */
      coverage: FileCoverage | undefined;
      problems: Problem[];
      runnerVersion: string;
    }
  | {
      status: 'skipped' | 'error';
      problems: Problem[];
      dropped: DroppedTest[];
      plans: Plan[];
      properties: PropertyBlock;
    };

/** Rounds of "drop what failed, run again" before giving up on a file that keeps failing differently. */
const MAX_ROUNDS = 4;

/**
 * Validates a generated file with the project's real runner: runs it `runs` times with coverage; every
 * test that fails in any run is removed (its case taken out of the plan, the file rendered again) and
 * the file is run again, until a whole round passes. The file on disk is always the last one written.
 */
export async function validateFile(input: ValidateInput): Promise<ValidateOutcome> {
  let { plans, properties } = input;
  const dropped: DroppedTest[] = [];
  const problems: Problem[] = [];
  /** A run already timed out or had errors outside any test: the next time, every test goes. */
  let leftWork = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const response = await input.session.run({
      runner: input.runner,
      root: input.root,
      files: [input.output],
      source: input.source,
      runs: input.runs,
      timeoutMs: input.timeoutMs,
    });
    if (response.type === 'missing') {
      problems.push({
        code: 'no-runner',
        message: `${response.message}: the generated tests were not validated with the real runner. Install ${input.runner} (and ${input.runner === 'vitest' ? '@vitest/coverage-v8' : 'a TypeScript transform'}) to validate them and measure coverage.`,
      });
      return { status: 'skipped', problems, dropped, plans, properties };
    }
    let next: ReturnType<typeof dropFailures>;
    let runnerVersion = '';
    if (response.type === 'error' && response.timedOut) {
      // The file never ended: which test hangs is unknown, and it must not be left on disk. Take out
      // the tests that can leave work running (async ones, functions driven under fake timers), then
      // everything, until a run ends.
      next = withoutHanging(plans, properties, response.message, leftWork, true);
      leftWork = true;
    } else {
      if (response.type === 'error') {
        problems.push({
          code: 'validation-error',
          message: `validation with ${input.runner} failed: ${response.message}`,
        });
        return { status: 'error', problems, dropped, plans, properties };
      }
      runnerVersion = response.version;
      if (response.coverageProblem) problems.push({ code: 'no-coverage', message: response.coverageProblem });
      const failures = failedTests(response.runs);
      const fileErrors = response.runs.flatMap((r) => (r.tests.length === 0 ? r.errors : []));
      // Errors outside any test while tests ran: unhandled rejections of work a test left running.
      const strayErrors = response.runs.flatMap((r) => (r.tests.length > 0 ? r.errors : []));
      if (failures.size === 0 && fileErrors.length === 0 && strayErrors.length === 0) {
        const last = response.runs.at(-1);
        return {
          status: 'passed',
          plans,
          properties,
          dropped,
          coverage: fileCoverageOf(last?.coverage, input.source),
          problems,
          runnerVersion,
        };
      }
      if (failures.size === 0 && fileErrors.length > 0) {
        problems.push({
          code: 'validation-error',
          message: `${input.runner} could not run the generated file: ${fileErrors[0]}`,
        });
        return { status: 'error', problems, dropped, plans, properties };
      }
      if (failures.size > 0) {
        next = dropFailures(plans, properties, response.runs[0]!.tests, failures, input.runs);
      } else {
        const reason = `an error outside any test: ${strayErrors[0]}`;
        next = withoutHanging(plans, properties, reason, leftWork);
        leftWork = true;
      }
    }
    dropped.push(...next.dropped);
    plans = next.plans;
    properties = next.properties;
    if (!(await input.write(plans, properties))) {
      return {
        status: 'passed',
        plans,
        properties,
        dropped,
        coverage: undefined,
        problems,
        runnerVersion,
      };
    }
  }
  problems.push({
    code: 'validation-error',
    message: `tests kept failing after ${MAX_ROUNDS} rounds of removing failed tests`,
  });
  return { status: 'error', problems, dropped, plans, properties };
}

/** Tests that failed in at least one run, by path, with the first error and the number of failed runs. */
function failedTests(runs: readonly RunResult[]): Map<string, { error: string; count: number }> {
  const failed = new Map<string, { error: string; count: number }>();
  for (const run of runs) {
    for (const test of run.tests) {
      if (test.state !== 'failed') continue;
      const key = JSON.stringify(test.path);
      const entry = failed.get(key) ?? { error: test.error ?? '', count: 0 };
      entry.count++;
      failed.set(key, entry);
    }
  }
  return failed;
}

/**
 * Takes failed tests out of the plans. A unit's `describe` block lists its tests in the order render
 * writes them (examples, then one test per case or table row; one per sequence for a class), so the
 * n-th test of the block is the n-th case. When the counts differ (a user template added tests), the
 * unit's failed block is dropped whole. A failed property test drops the property block.
 */
export function dropFailures(
  plans: Plan[],
  properties: PropertyBlock,
  tests: readonly TestResult[],
  failures: ReadonlyMap<string, { error: string; count: number }>,
  runs: number,
): { plans: Plan[]; properties: PropertyBlock; dropped: DroppedTest[] } {
  const dropped: DroppedTest[] = [];
  const byBlock = new Map<string, TestResult[]>();
  for (const test of tests) {
    const block = test.path[0] ?? '';
    byBlock.set(block, [...(byBlock.get(block) ?? []), test]);
  }
  const reasonOf = (test: TestResult) => {
    const failure = failures.get(JSON.stringify(test.path));
    return failure ? `failed ${failure.count} of ${runs} runs: ${failure.error}` : undefined;
  };
  const next = plans.map((plan): Plan => {
    if (!hasTests(plan)) return plan;
    const block = byBlock.get(plan.unit.name) ?? [];
    const failedIndexes = new Set<number>();
    block.forEach((test, index) => {
      const reason = reasonOf(test);
      if (!reason) return;
      failedIndexes.add(index);
      dropped.push({ unit: plan.unit.name, test: test.path.slice(1).join(' > '), reason });
    });
    if (failedIndexes.size === 0) return plan;
    if (block.length !== slotCount(plan)) return emptied(plan);
    return withoutSlots(plan, failedIndexes);
  });
  let nextProperties = properties;
  for (const [block, blockTests] of byBlock) {
    if (plans.some((p) => p.unit.name === block)) continue;
    const failedHere = blockTests.filter((t) => reasonOf(t));
    if (failedHere.length === 0) continue;
    for (const test of failedHere)
      dropped.push({ unit: block, test: test.path.slice(1).join(' > '), reason: reasonOf(test)! });
    // Property tests and anything else outside a unit's block: one failure drops the whole block.
    nextProperties = undefined;
  }
  return { plans: next, properties: nextProperties, dropped };
}

/**
 * The plans without the tests that may keep a run from ending: async cases, returned functions and
 * class stories with async steps (first), or every test (`all`, when that was not enough). Each is reported as dropped.
 */
export function withoutHanging(
  plans: readonly Plan[],
  properties: PropertyBlock,
  reason: string,
  all: boolean,
  hangGuard = false,
): { plans: Plan[]; properties: PropertyBlock; dropped: DroppedTest[] } {
  const dropped: DroppedTest[] = [];
  const drop = (unit: string, test: string) =>
    dropped.push({ unit, test, reason, ...(hangGuard ? { hangGuard: true as const } : {}) });
  const next = plans.map((plan): Plan => {
    if ('kind' in plan) {
      const asyncStep = (o: Outcome) => (o.kind === 'return' || o.kind === 'throw') && o.async;
      const sequences = plan.sequences.filter((s) => !all && !s.outcome.steps.some(asyncStep));
      for (const s of plan.sequences) if (!sequences.includes(s)) drop(plan.unit.name, 'a story of calls');
      return { ...plan, sequences };
    }
    const mayHang = (c: PlannedCase) => all || c.assertion.async || c.assertion.kind === 'returned-function';
    const examples = all ? [] : (plan.examples ?? []).filter((e) => !e.example.call.startsWith('await '));
    for (const e of plan.examples ?? [])
      if (!examples.includes(e)) drop(plan.unit.name, `example: ${e.example.call}`);
    const groups = plan.groups
      .map((group) => {
        const hanging = group.cases.filter(mayHang).length;
        for (let i = 0; i < hanging; i++) drop(plan.unit.name, `a case of ${plan.unit.name}`);
        return { ...group, cases: group.cases.filter((c) => !mayHang(c)) };
      })
      .filter((group) => group.cases.length > 0);
    return { ...plan, examples, groups };
  });
  if (all && properties) drop('properties', 'property tests');
  return { plans: next, properties: all ? undefined : properties, dropped };
}

function slotCount(plan: Plan): number {
  if ('kind' in plan) return plan.sequences.length;
  return (plan.examples?.length ?? 0) + plan.groups.reduce((n, g) => n + g.cases.length, 0);
}

function emptied(plan: Plan): Plan {
  return 'kind' in plan ? { ...plan, sequences: [] } : { ...plan, groups: [], examples: [] };
}

function withoutSlots(plan: Plan, failed: ReadonlySet<number>): Plan {
  if ('kind' in plan) return { ...plan, sequences: plan.sequences.filter((_, i) => !failed.has(i)) };
  let index = 0;
  const examples = (plan.examples ?? []).filter(() => !failed.has(index++));
  const groups = plan.groups
    .map((group) => ({ ...group, cases: group.cases.filter(() => !failed.has(index++)) }))
    .filter((group) => group.cases.length > 0);
  return { ...plan, examples, groups };
}
