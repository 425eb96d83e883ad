import fs from 'node:fs';
import path from 'node:path';
import type { SourceFile } from 'ts-morph';
import { HangGuard } from '../explore/hang-guard.js';
import { findGaps } from '../gaps/gaps.js';
import type { FileOptions } from '../model/options.js';
import type { Plan, PropertyBlock } from '../model/plan.js';
import type {
  CoverageFigures,
  CoverageReport,
  DroppedTest,
  GapReason,
  IterationReport,
  Problem,
  RemainingGap,
  UnitGaps,
} from '../model/report.js';
import type { Unit } from '../model/unit.js';
import { RunnerSession, runWithRunner } from '../sandbox/host/run-runner.js';
import { Sandbox, type SandboxSetup } from '../sandbox/host/sandbox.js';
import {
  coversMore,
  figuresOf,
  fileCoverageOf,
  mergeFileCoverage,
  zeroFigures,
} from '../validate/coverage.js';
import { validateFile } from '../validate/validate-file.js';
import { reExplorePlan } from './re-explore.js';

export interface LoopInput {
  source: string;
  output: string;
  options: FileOptions;
  sourceFile: SourceFile;
  units: readonly Unit[];
  /** Problems exploration reported per unit (to say why code stayed uncovered). */
  unitProblems: ReadonlyMap<string, readonly Problem[]>;
  plans: Plan[];
  properties: PropertyBlock;
  exportedNames: ReadonlySet<string>;
  setup: SandboxSetup;
  /** The runner session to validate with, prepared while the file was explored; its owner closes it. */
  session?: RunnerSession;
  /** Renders and writes the test file; false (and nothing written) when it would have no test. */
  write(plans: Plan[], properties: PropertyBlock): Promise<boolean>;
}

export interface LoopResult {
  plans: Plan[];
  properties: PropertyBlock;
  problems: Problem[];
  /** Undefined when validation could not run (no runner, runner error): the file is as generated. */
  coverage: CoverageReport | undefined;
  /**
   * The runner could not run the file (it does not load, it ends the process, its tests kept failing):
   * it must not stay on disk, and the file is reported `failed` with `problems` saying why.
   */
  failed?: true;
}

/**
 * validate → gaps → explore again, until the target is met, the iterations run out, or an iteration adds
 * no coverage (its tests are then discarded). Every accepted file passed the real runner `validateRuns`
 * times; coverage is the project's own tests for the source merged with the generated file's.
 */
export async function coverageLoop(input: LoopInput): Promise<LoopResult> {
  const stages: Record<string, number> = { validate: 0, loop: 0, before: 0 };
  const timed = async <T>(stage: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await work();
    } finally {
      stages[stage] = (stages[stage] ?? 0) + Date.now() - started;
    }
  };
  const session = input.session ?? new RunnerSession();
  try {
    return await loop(input, session, stages, timed);
  } finally {
    if (!input.session) session.close();
  }
}

async function loop(
  input: LoopInput,
  session: RunnerSession,
  stages: Record<string, number>,
  timed: <T>(stage: string, work: () => Promise<T>) => Promise<T>,
): Promise<LoopResult> {
  const { options, source } = input;
  const validate = (plans: Plan[], properties: PropertyBlock) =>
    validateFile({
      session,
      runner: options.framework,
      root: options.root,
      source,
      output: input.output,
      plans,
      properties,
      runs: options.validateRuns,
      timeoutMs: options.validateTimeoutMs,
      write: input.write,
    });

  const beforeRun = await timed('before', () => coverageBefore(input));
  const started = Date.now();
  const first = await timed('validate', () => validate(input.plans, input.properties));
  if (first.status !== 'passed') {
    return {
      plans: first.plans,
      properties: first.properties,
      problems: first.problems,
      coverage: undefined,
      ...(first.status === 'error' ? { failed: true as const } : {}),
    };
  }
  const problems = [...first.problems];
  const dropped: DroppedTest[] = [...first.dropped];
  let plans = first.plans;
  let properties = first.properties;
  let coverage = mergeFileCoverage(beforeRun.coverage, first.coverage);
  let figures = figuresOf(coverage);
  const iterations: IterationReport[] = [
    {
      iteration: 0,
      units: [],
      coverage: figures,
      tests: countTests(plans, properties),
      kept: true,
      durationMs: Date.now() - started,
    },
  ];

  const sandbox = new Sandbox(source, { cwd: options.root, ...input.setup });
  try {
    for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
      if (!coverage || !figures || figures.lines.pct >= options.coverageTarget) break;
      const iterationStarted = Date.now();
      const gaps = new Map(findGaps(coverage, input.sourceFile, input.units).map((g) => [g.unit, g]));
      // A unit whose every test failed under the runner behaves differently there: more inputs will not help.
      for (const name of failedUnits(dropped, plans)) gaps.delete(name);
      const next = await timed('loop', async () => {
        const out: Plan[] = [];
        const units: string[] = [];
        // Code outside every unit (module-level helpers the units call) is reached through any unit.
        const shared = gaps.get(MODULE);
        for (const plan of plans) {
          const own = gaps.get(plan.unit.name);
          const unitGaps =
            own || shared
              ? {
                  unit: plan.unit.name,
                  lines: [...(own?.lines ?? []), ...(shared?.lines ?? [])],
                  branches: [...(own?.branches ?? []), ...(shared?.branches ?? [])],
                }
              : undefined;
          const guard = new HangGuard(options.unitBudgetMs);
          const found = unitGaps
            ? await reExplorePlan(sandbox, plan, unitGaps, options, input.exportedNames, iteration, guard)
            : undefined;
          problems.push(...guard.problem(plan.unit.name));
          if (found) units.push(plan.unit.name);
          out.push(found?.plan ?? plan);
        }
        return { plans: out, units };
      });
      if (next.units.length === 0) break;
      await input.write(next.plans, properties);
      const result = await timed('validate', () => validate(next.plans, properties));
      const merged =
        result.status === 'passed' ? mergeFileCoverage(beforeRun.coverage, result.coverage) : undefined;
      const mergedFigures = figuresOf(merged);
      const kept = result.status === 'passed' && coversMore(mergedFigures, figures);
      iterations.push({
        iteration,
        units: next.units,
        coverage: mergedFigures,
        tests: result.status === 'passed' ? countTests(result.plans, result.properties) : 0,
        kept,
        durationMs: Date.now() - iterationStarted,
      });
      if (result.status !== 'passed') problems.push(...result.problems);
      if (!kept || result.status !== 'passed') {
        // No progress: the previous file, which passed every run, goes back on disk and the loop stops.
        await input.write(plans, properties);
        break;
      }
      dropped.push(...result.dropped);
      problems.push(...result.problems);
      plans = result.plans;
      properties = result.properties;
      coverage = merged;
      figures = mergedFigures;
    }
  } finally {
    sandbox.close();
  }

  const failed = failedUnits(dropped, plans);
  const remaining = coverage
    ? findGaps(coverage, input.sourceFile, input.units).map((g) => withReason(g, input, failed))
    : [];
  for (const test of dropped) {
    problems.push({
      code: 'test-failed',
      unit: test.unit,
      message: `${test.test}: ${test.reason}`,
      ...(test.hangGuard ? { hangGuard: true as const } : {}),
    });
  }
  const before = beforeRun.figures ?? (figures ? zeroFigures(figures) : undefined);
  return {
    plans,
    properties,
    problems,
    coverage: {
      runner: { name: options.framework, version: first.runnerVersion },
      target: options.coverageTarget,
      met: (figures?.lines.pct ?? 0) >= options.coverageTarget,
      before,
      iterations,
      final: figures,
      kept: countTests(plans, properties),
      dropped,
      remaining,
      stages,
    },
  };
}

/** Coverage of the source by the project's own tests (those that import it), before any generated test. */
async function coverageBefore(
  input: LoopInput,
): Promise<{ coverage: ReturnType<typeof fileCoverageOf>; figures: CoverageFigures | undefined }> {
  if (!hasOwnTests(input.options.root, input.output)) return { coverage: undefined, figures: undefined };
  const response = await runWithRunner({
    runner: input.options.framework,
    root: input.options.root,
    files: [input.output],
    source: input.source,
    runs: 1,
    related: true,
    timeoutMs: input.options.validateTimeoutMs,
  });
  if (response.type !== 'done') return { coverage: undefined, figures: undefined };
  const coverage = fileCoverageOf(response.runs[0]?.coverage, input.source);
  const ran = response.runs[0]?.tests.length ?? 0;
  return { coverage: ran > 0 ? coverage : undefined, figures: ran > 0 ? figuresOf(coverage) : undefined };
}

/** The name findGaps gives to code outside every unit. */
const MODULE = '(module)';

const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;

/** Whether the project has test files of its own (other than assay's output): cheap check before a run. */
function hasOwnTests(root: string, output: string): boolean {
  let budget = 5000;
  const walk = (dir: string): boolean => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    for (const entry of entries) {
      if (--budget < 0) return false;
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (
        entry.isDirectory() ? walk(full) : TEST_FILE.test(entry.name) && full !== output && !generated(full)
      )
        return true;
    }
    return false;
  };
  return walk(root);
}

function generated(file: string): boolean {
  return file.includes('.assay.test.') || file.includes('.assay.spec.');
}

/** Units that lost every test to failures under the real runner. */
function failedUnits(dropped: readonly DroppedTest[], plans: readonly Plan[]): Set<string> {
  const names = new Set(dropped.map((d) => d.unit));
  return new Set(
    plans.filter((p) => names.has(p.unit.name) && countTests([p], undefined) === 0).map((p) => p.unit.name),
  );
}

function withReason(gaps: UnitGaps, input: LoopInput, failed: ReadonlySet<string>): RemainingGap {
  const unit = input.units.find((u) => u.name === gaps.unit);
  const codes = new Set((input.unitProblems.get(gaps.unit) ?? []).map((p) => p.code));
  const reason: GapReason = !unit
    ? 'not-explored'
    : failed.has(gaps.unit)
      ? 'tests-failed'
      : codes.has('needs-io')
        ? 'needs-io'
        : codes.has('timeout')
          ? 'timed-out'
          : 'not-reached';
  return { ...gaps, reason };
}

/** Test cases a file has: examples, table rows and single cases, sequences, property tests. */
export function countTests(plans: readonly Plan[], properties: PropertyBlock): number {
  return plans.reduce(
    (n, plan) =>
      n +
      ('kind' in plan
        ? plan.sequences.length
        : plan.groups.reduce((m, g) => m + g.cases.length, plan.examples?.length ?? 0)),
    properties?.count ?? 0,
  );
}
