import fs from 'node:fs';
import path from 'node:path';
import { analyzeFile, ParseError } from './analyze/analyze-file.js';
import type { ProjectPool } from './analyze/project.js';
import { accessPath, type FunctionUnit } from './analyze/unit.js';
import { OutputConflictError } from './errors.js';
import { coveredPoints } from './explore/coverage-points.js';
import { exploreUnit } from './explore/explore-unit.js';
import type { Outcome } from './explore/protocol.js';
import { Sandbox, SandboxLoadError } from './explore/sandbox.js';
import { candidatesFor } from './inputs/candidates.js';
import type { Framework, ResolvedOptions } from './options.js';
import { executionOrder, type PlannedCase, planUnit, type UnitPlan } from './oracle/assertion.js';
import { formatCode } from './render/format.js';
import { callsPerCase, renderTestFile } from './render/test-file.js';
import type { FileReport, Problem, UnitReport } from './report.js';
import { isAssertable, selectCases } from './select/select.js';
import { VERSION } from './version.js';
import { inputHash, markerLine } from './write/marker.js';
import { importPathFor, inspectOutput, outputPathFor, writeGeneratedFile } from './write/write-file.js';

export type FileOptions = ResolvedOptions & { framework: Framework };

/** Verification reruns: a case whose outcome changed is dropped and the rest run again. */
const MAX_VERIFY_ROUNDS = 3;

/**
 * The pipeline for one source file: analyze → inputs → explore → select → oracle → verify → render →
 * write. Every failure ends up in the file's report; nothing here throws for a problem with user code.
 */
export async function generateForFile(
  source: string,
  options: FileOptions,
  projects: ProjectPool,
): Promise<FileReport> {
  const started = Date.now();
  const relative = toPosix(path.relative(options.root, source));
  const outputPath = outputPathFor(source, options.root, options.outDir);
  const output = toPosix(path.relative(options.root, outputPath));
  const report = (
    status: FileReport['status'],
    units: UnitReport[],
    problems: Problem[],
    tests = 0,
  ): FileReport => ({
    source: relative,
    ...(status === 'written' || status === 'unchanged' ? { output } : {}),
    status,
    units,
    tests,
    problems,
    durationMs: Date.now() - started,
  });

  const hash = inputHash([
    VERSION,
    options.framework,
    String(options.seed),
    String(options.maxCandidates),
    String(options.maxCasesPerUnit),
    fs.readFileSync(source, 'utf8'),
  ]);
  try {
    const existing = inspectOutput(outputPath);
    if (existing.state === 'generated' && existing.inputHash === hash) return report('unchanged', [], []);
  } catch (error) {
    if (error instanceof OutputConflictError)
      return report('failed', [], [{ code: 'output-conflict', message: error.message }]);
    throw error;
  }

  let analyzed: ReturnType<typeof analyzeFile>;
  try {
    analyzed = analyzeFile(projects.projectFor(source, options.root), source);
  } catch (error) {
    if (error instanceof ParseError) {
      return report(
        'failed',
        [],
        [{ code: 'parse-error', message: `${error.message}. Fix the syntax error and run again.` }],
      );
    }
    throw error;
  }
  const problems = [...analyzed.problems];
  if (analyzed.units.length === 0) {
    problems.push({ code: 'no-cases', message: `${relative} exports no function that assay can test yet.` });
    return report('no-tests', [], problems);
  }

  try {
    const explored = await exploreFile(source, analyzed.units, options);
    const exportedNames = new Set(analyzed.exportedNames);
    let plans = explored.map((e) => planUnit(e.unit, e.cases, exportedNames));
    plans = await verify(source, plans, options, exportedNames, problems);

    const units: UnitReport[] = explored.map((e, i) => {
      const tests = plans[i]!.groups.reduce((n, g) => n + g.cases.length, 0);
      const unitProblems = [...e.problems];
      if (tests === 0) {
        unitProblems.push({
          code: 'no-cases',
          unit: e.unit.name,
          message: `${e.unit.name}: no call gave an outcome that can be asserted.`,
        });
      }
      return {
        name: e.unit.name,
        kind: 'function',
        tests,
        candidates: e.candidates,
        blocks: e.blocks,
        problems: unitProblems,
      };
    });
    const tests = units.reduce((n, u) => n + u.tests, 0);
    if (tests === 0) return report('no-tests', units, problems);

    const code = renderTestFile({
      framework: options.framework,
      marker: markerLine(hash),
      importPath: importPathFor(outputPath, source, analyzed.nodeNextResolution),
      plans,
      exportedNames,
    });
    writeGeneratedFile(outputPath, await formatCode(code, outputPath));
    return report('written', units, problems, tests);
  } catch (error) {
    if (error instanceof SandboxLoadError) {
      problems.push({
        code: 'load-error',
        message: `${relative} could not be loaded in the sandbox: ${error.message}`,
      });
      return report('failed', [], problems);
    }
    if (error instanceof OutputConflictError) {
      problems.push({ code: 'output-conflict', message: error.message });
      return report('failed', [], problems);
    }
    throw error;
  }
}

interface ExploredUnit {
  unit: FunctionUnit;
  cases: ReturnType<typeof selectCases>['cases'];
  problems: Problem[];
  candidates: number;
  blocks: { covered: number; total: number };
}

async function exploreFile(
  source: string,
  units: readonly FunctionUnit[],
  options: FileOptions,
): Promise<ExploredUnit[]> {
  const sandbox = new Sandbox(source, { cwd: options.root });
  try {
    const explored: ExploredUnit[] = [];
    for (const unit of units) {
      const candidates = candidatesFor(unit, { seed: options.seed, max: options.maxCandidates });
      const observations = await exploreUnit(sandbox, unit, candidates, {
        callTimeoutMs: options.callTimeoutMs,
        budgetMs: options.unitBudgetMs,
      });
      const { points, covered } = coveredPoints(observations.map((o) => o.ranges));
      const { cases, problems } = selectCases(observations, covered, options.maxCasesPerUnit);
      const reached = new Set(cases.flatMap((c) => [...c.points]));
      explored.push({
        unit,
        cases,
        problems,
        candidates: observations.length,
        blocks: { covered: reached.size, total: points.length },
      });
    }
    return explored;
  } finally {
    sandbox.close();
  }
}

/**
 * Runs the cases again in a fresh sandbox, in the order (and as many times) the generated file runs
 * them. Exploration called the unit in another order, so code with module state can answer
 * differently here: the first verification adopts what the file's own order gives (re-planning the
 * assertions), and every later one must match exactly. A case that still changes is dropped: a
 * generated test must pass every time.
 */
async function verify(
  source: string,
  plans: UnitPlan[],
  options: FileOptions,
  exportedNames: ReadonlySet<string>,
  problems: Problem[],
): Promise<UnitPlan[]> {
  for (let round = 0; round < MAX_VERIFY_ROUNDS; round++) {
    const changed = await rerun(source, executionOrder(plans), options);
    if (changed.size === 0) return plans;
    if (round === 0) {
      plans = plans.map((plan) => {
        const cases = plan.groups.flatMap((g) => g.cases);
        const observations = cases.map((c) => {
          const outcome = changed.get(c);
          return {
            observation: outcome ? { ...c.observation, outcome } : c.observation,
            points: new Set<string>(),
          };
        });
        return planUnit(
          plan.unit,
          observations.filter((o) => isAssertable(o.observation.outcome)),
          exportedNames,
        );
      });
      continue;
    }
    for (const planned of changed.keys()) {
      problems.push({
        code: 'unstable',
        unit: planned.observation.unit.name,
        message: `${planned.observation.unit.name}: a case gave a different outcome when run again (it depends on time, randomness or state), so it was dropped.`,
      });
    }
    plans = plans.map((plan) => ({
      unit: plan.unit,
      groups: plan.groups
        .map((group) => ({ cases: group.cases.filter((c) => !changed.has(c)) }))
        .filter((group) => group.cases.length > 0),
    }));
  }
  return plans;
}

/** Calls each case as the test file will; returns the cases whose outcome differed, with the new outcome. */
async function rerun(
  source: string,
  order: readonly PlannedCase[],
  options: FileOptions,
): Promise<Map<PlannedCase, Outcome>> {
  const changed = new Map<PlannedCase, Outcome>();
  const sandbox = new Sandbox(source, { cwd: options.root });
  try {
    for (const planned of order) {
      const { unit } = planned.observation;
      const spreadLast = unit.parameters.at(-1)?.rest ?? false;
      for (let i = 0; i < callsPerCase(planned.assertion); i++) {
        const { outcome } = await sandbox.call(
          accessPath(unit),
          planned.observation.args,
          spreadLast,
          options.callTimeoutMs,
        );
        if (
          !changed.has(planned) &&
          JSON.stringify(outcome) !== JSON.stringify(planned.observation.outcome)
        ) {
          changed.set(planned, outcome);
        }
      }
    }
  } finally {
    sandbox.close();
  }
  return changed;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
