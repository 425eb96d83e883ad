/**
 * The hostile-module suite (issue 17): every route by which a module under test can reach the machine,
 * at import time and at call time, through `generateTests()` with validation on, then through the kept
 * tests run later by the user with plain `vitest run` / `jest`. Targets are only a temp folder, loopback
 * listeners and a `sleep` process the test started (see hostile-project.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type FileReport, type GenerateReport, generateTests } from '../../src/index.js';
import { bin, runNode } from '../helpers.js';
import { type Escape, HostileProject, SECRET_ENV } from './hostile-project.js';
import { ROUTES, RUNNER_ROUTES } from './routes.js';

const FRAMEWORKS = ['vitest', 'jest'] as const;
/** `ASSAY_HOSTILE_ROUTES=fs-binding,kill` narrows a local run to some routes; CI runs them all. */
const only = process.env.ASSAY_HOSTILE_ROUTES?.split(',');
const routes = only ? ROUTES.filter((r) => only.includes(r.id)) : ROUTES;
const ids = routes.map((r) => r.id);
const runnerIds = RUNNER_ROUTES.filter((id) => ids.includes(id));

describe.each(FRAMEWORKS)('hostile modules under %s', (framework) => {
  let project: HostileProject;
  let report: GenerateReport;
  const messages: string[] = [];
  let during: Escape[];
  let later: Escape[];
  let laterOutput = '';
  let laterStatus: number | null = null;

  beforeAll(async () => {
    project = await HostileProject.create(framework, routes);
    const saved = process.env[SECRET_ENV];
    // The user's shell holds a token: the runner assay validates with inherits it.
    process.env[SECRET_ENV] = project.secret;
    try {
      report = await generateTests({
        root: project.root,
        paths: ['src'],
        callTimeoutMs: 2000,
        unitBudgetMs: 60_000,
        maxIterations: 0,
        validateRuns: 1,
        property: false,
        maxCandidates: 8,
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
    // A hang guard, not a budget: ~90 files, each loaded in a sandbox, ~30 validated by the runner.
  }, 3_600_000);
  afterAll(() => project?.close());

  const file = (name: string): FileReport | undefined => report.files.find((f) => f.source === `src/${name}`);
  const generated = (name: string) => path.join(project.root, 'src', name.replace(/\.ts$/, '.assay.test.ts'));
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

  test.each(ids)(
    '%s at import time: the file is reported failed, with the refused operation named, and no test is kept',
    (id) => {
      const f = file(`${id}.load.ts`);
      expect(f?.status).toBe('failed');
      expect(problemsOf(f).join('\n')).toMatch(/refuse|not allowed|blocked|process\.(exit|abort|reallyExit)/);
      expect(fs.existsSync(generated(`${id}.load.ts`))).toBe(false);
    },
  );

  test.each(ids)(
    '%s at call time: each function is reported by name and untested, or tested with the module mocked and the call asserted',
    (id) => {
      const f = file(`${id}.call.ts`);
      expect(f).toBeDefined();
      const kept = generated(`${id}.call.ts`);
      const code = fs.existsSync(kept) ? fs.readFileSync(kept, 'utf8') : '';
      for (const unit of ['attack', 'sneaky']) {
        const u = f!.units.find((x) => x.name === unit);
        if (u?.tests) {
          // A statically imported built-in is mocked in the test, and the call the code made is asserted.
          expect(code).toMatch(/(vi|jest)\.mock\('node:/);
          expect(code).toMatch(/toHaveBeenNthCalledWith|toHaveBeenCalledTimes/);
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
