/**
 * The hostile-module suite (issue 17): every route by which a module under test can reach the machine,
 * at import time and at call time, through `generateTests()` with validation on, then through the kept
 * tests run later by the user with plain `vitest run` / `jest`. Targets are only a temp folder, loopback
 * listeners and a `sleep` process the test started (see hostile-project.ts).
 *
 * Kept cheap (session 5's version, one module per route and form under both runners, took ~27 min per
 * runner under load): one `generateTests()` per runner over every module at once, call-time routes in
 * two shared modules (see `callGroup`), few candidate inputs, and both runners only where the runner
 * decides (runner-only modules, kept tests with the runner's mocks, secrets, broken files); import-time
 * modules and call-time routes the sandbox refuses outright run under Vitest only.
 * Cost (`/work/bin/quiet npx vitest run test/hostile/` in packages/core, session 6): 144 s for both
 * runners, 247 tests, on the idle 2-core machine (214 s with another benchmark running); see
 * docs/sandbox.md, "The tests that show it".
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FULL_SUITE } from '../../../../test-utils/full-suite.js';
import { type FileReport, type GenerateReport, generateTests } from '../../src/index.js';
import { bin, runNode } from '../helpers.js';
import { type Escape, HostileProject, hasCallModule, type Parts, SECRET_ENV } from './hostile-project.js';
import { callGroup, callUnits, ROUTES, RUNNER_ROUTES } from './routes.js';

/** What each runner's project holds (see {@link Parts}): the sandbox-only parts once, under Vitest. */
const ALL_RUNS: Array<{ framework: 'vitest' | 'jest'; parts: Parts }> = [
  { framework: 'vitest', parts: { load: true, dynamicCalls: true } },
  { framework: 'jest', parts: { load: false, dynamicCalls: false } },
];
/** The Jest half runs in the full suite (`ASSAY_FULL=1`): CI's 20 minutes hold the Vitest half. */
const RUNS = FULL_SUITE ? ALL_RUNS : ALL_RUNS.slice(0, 1);
/**
 * `ASSAY_HOSTILE_ROUTES=fs-binding,kill` narrows a local run to some routes. The full suite runs them
 * all; CI (20 minutes on two cores) runs every second route, the runner-decided ones always.
 */
const only = process.env.ASSAY_HOSTILE_ROUTES?.split(',');
const routes = only
  ? ROUTES.filter((r) => only.includes(r.id))
  : FULL_SUITE
    ? ROUTES
    : ROUTES.filter((r, i) => i % 2 === 0 || RUNNER_ROUTES.includes(r.id));
const runnerIds = RUNNER_ROUTES.filter((id) => routes.some((r) => r.id === id));

describe.each(RUNS)('hostile modules under $framework', ({ framework, parts }) => {
  const calls = routes.filter((r) => hasCallModule(r, parts));
  /** Every route with some module in this project. */
  const ids = routes
    .filter((r) => parts.load || calls.includes(r) || runnerIds.includes(r.id))
    .map((r) => r.id);
  let project: HostileProject;
  let report: GenerateReport;
  const messages: string[] = [];
  let during: Escape[];
  let later: Escape[];
  let laterOutput = '';
  let laterStatus: number | null = null;

  beforeAll(async () => {
    project = await HostileProject.create(framework, routes, parts);
    const saved = process.env[SECRET_ENV];
    // The user's shell holds a token: the runner assay validates with inherits it.
    process.env[SECRET_ENV] = project.secret;
    try {
      report = await generateTests({
        root: project.root,
        paths: ['src'],
        // A hang guard: the calls that do not end are callbacks of mocked built-ins that never call back.
        callTimeoutMs: 1000,
        unitBudgetMs: 60_000,
        // Hang guards too: the call-time modules hold some 30 functions each.
        fileBudgetMs: 1_200_000,
        maxIterations: 0,
        validateRuns: 1,
        property: false,
        // The hostile functions take no argument; the harmless ones need only a few inputs to get tests.
        maxCandidates: 4,
        onProgress: (event) => messages.push(JSON.stringify(event)),
      });
    } finally {
      if (saved === undefined) delete process.env[SECRET_ENV];
      else process.env[SECRET_ENV] = saved;
    }
    during = await project.escapes();
    // Later, the user runs the kept tests with their own runner, assay gone, the token in the shell.
    await project.reset();
    const env = { [SECRET_ENV]: project.secret };
    const run =
      framework === 'vitest'
        ? runNode(project.root, [bin('vitest', 'vitest.mjs'), 'run', '--reporter=verbose'], env)
        : runNode(project.root, [bin('jest', 'bin/jest.js'), '--ci'], env);
    laterOutput = run.output;
    laterStatus = run.status;
    later = await project.escapes();
    // A hang guard, not a budget.
  }, 3_600_000);
  afterAll(() => project?.close());

  const file = (name: string): FileReport | undefined => report.files.find((f) => f.source === `src/${name}`);
  const generated = (name: string) => path.join(project.root, 'src', name.replace(/\.ts$/, '.assay.test.ts'));
  /** The generated tests of one function: its `describe` block. */
  const testOf = (code: string, unit: string) => {
    const start = code.indexOf(`describe('${unit}'`);
    const end = code.indexOf('\ndescribe(', start + 1);
    return start < 0 ? '' : code.slice(start, end < 0 ? undefined : end);
  };
  const problemsOf = (f: FileReport | undefined) =>
    [...(f?.problems ?? []), ...(f?.units ?? []).flatMap((u) => u.problems)].map(
      (p) => `${p.code}: ${p.message}`,
    );

  test.each(ids)('%s: nothing outside changes while assay generates and validates', (id) => {
    expect(during.find((e) => e.route === id)).toBeUndefined();
  });

  test.each(ids)('%s: the kept tests touch nothing when the user runs them later', (id) => {
    expect(
      later.find((e) => e.route === id),
      laterOutput.slice(-3000),
    ).toBeUndefined();
  });

  // Import-time modules run in the sandbox only: one runner's project holds them.
  if (parts.load)
    test.each(ids)(
      '%s at import time: the file is reported failed, with the refused operation named, and no test is kept',
      (id) => {
        const f = file(`${id}.load.ts`);
        expect(f?.status).toBe('failed');
        expect(problemsOf(f).join('\n')).toMatch(
          /refuse|not allowed|blocked|process\.(exit|abort|reallyExit)/,
        );
        expect(fs.existsSync(generated(`${id}.load.ts`))).toBe(false);
      },
    );

  test.each(calls.map((r) => r.id))(
    '%s at call time: each function is reported by name and untested, or tested with the module mocked and the call asserted',
    (id) => {
      const route = routes.find((r) => r.id === id)!;
      const name = `${callGroup(route)}.call.ts`;
      const f = file(name);
      expect(f).toBeDefined();
      const kept = generated(name);
      const code = fs.existsSync(kept) ? fs.readFileSync(kept, 'utf8') : '';
      for (const unit of callUnits(route)) {
        const u = f!.units.find((x) => x.name === unit);
        expect(u, unit).toBeDefined();
        if (u?.tests) {
          // A statically imported built-in is mocked in the test, and the call the code made is asserted.
          expect(callGroup(route)).toBe('static');
          expect(code).toMatch(/(vi|jest)\.mock\('node:/);
          expect(testOf(code, unit)).toMatch(/toHaveBeenNthCalledWith|toHaveBeenCalledTimes/);
        } else {
          // Refused, or (a callback API whose mock never calls back) timed out.
          expect(u?.problems.map((p) => p.code).join(' '), unit).toMatch(/needs-io|process-exit|timeout/);
        }
      }
    },
  );

  test.each(runnerIds)(
    '%s only under the runner: refused in the validation run, the file is reported failed and not kept',
    (id) => {
      const f = file(`${id}.runner.ts`);
      expect(f?.status).toBe('failed');
      expect(problemsOf(f).join('\n')).toMatch(/guard refuses/);
      expect(fs.existsSync(generated(`${id}.runner.ts`))).toBe(false);
    },
  );

  test('the harmless file in the same run still gets its tests', () => {
    const f = file('harmless.ts');
    expect(f?.status).toBe('written');
    expect(f?.tests).toBeGreaterThan(0);
    expect(fs.existsSync(generated('harmless.ts'))).toBe(true);
  });

  test('no secret from the environment or from a file outside the project reaches any output', () => {
    const outputs = [JSON.stringify(report), ...messages];
    for (const name of fs.readdirSync(path.join(project.root, 'src')))
      if (name.endsWith('.assay.test.ts'))
        outputs.push(fs.readFileSync(path.join(project.root, 'src', name), 'utf8'));
    for (const text of outputs) {
      expect(text).not.toContain(project.secret);
      expect(text).not.toContain(project.fileSecret);
    }
  });

  test('a generated file that cannot load under the runner is reported failed and not left on disk', () => {
    const f = file('broken-load.ts');
    expect(f?.status).toBe('failed');
    expect(problemsOf(f).join('\n')).toContain('refuses the runner');
    expect(fs.existsSync(generated('broken-load.ts'))).toBe(false);
  });

  test('a generated file whose tests all fail under the runner is reported failed and not left on disk', () => {
    const f = file('broken-tests.ts');
    expect(f?.status).toBe('failed');
    expect(problemsOf(f).join('\n')).toMatch(/test-failed|failed/);
    expect(fs.existsSync(generated('broken-tests.ts'))).toBe(false);
  });

  test('the kept tests pass when the user runs them later', () => {
    expect(laterStatus, laterOutput.slice(-3000)).toBe(0);
  });
});
