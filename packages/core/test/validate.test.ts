import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Plan, UnitPlan } from '../src/model/plan.js';
import { RunnerSession } from '../src/sandbox/host/run-runner.js';
import type { RunnerResponse } from '../src/sandbox/runner-protocol.js';
import { dropFailures, validateFile } from '../src/validate/validate-file.js';
import { copyFixture, makeJestProject, sourceProject } from './helpers.js';

/** A function plan with an example, a table of three cases and a single case: five tests in file order. */
function plan(): UnitPlan {
  const planned = (arg: number) => ({ observation: { args: [arg] }, assertion: { kind: 'value' } });
  return {
    unit: { name: 'grade' },
    examples: [{ example: { call: 'grade(95)' } }],
    groups: [{ cases: [planned(1), planned(2), planned(3)] }, { cases: [planned(-1)] }],
  } as never;
}

const result = (path: string[], state: 'passed' | 'failed') => ({ path, state });

describe('dropFailures', () => {
  test('takes out the case behind the n-th test of its describe block, table rows included', () => {
    const tests = [
      result(['grade', 'example: grade(95)'], 'passed'),
      result(['grade', 'grade(%o) → %o 1'], 'passed'),
      result(['grade', 'grade(%o) → %o 2'], 'failed'),
      result(['grade', 'grade(%o) → %o 3'], 'passed'),
      result(['grade', 'grade(-1) throws RangeError'], 'failed'),
    ];
    const failures = new Map([
      [JSON.stringify(['grade', 'grade(%o) → %o 2']), { error: 'expected 4 to be 5', count: 1 }],
      [JSON.stringify(['grade', 'grade(-1) throws RangeError']), { error: 'did not throw', count: 3 }],
    ]);
    const next = dropFailures([plan()], undefined, tests, failures, 3);
    const [kept] = next.plans as UnitPlan[];
    expect(kept!.examples).toHaveLength(1);
    expect(kept!.groups.map((g) => g.cases.map((c) => c.observation.args[0]))).toEqual([[1, 3]]);
    expect(next.dropped).toEqual([
      { unit: 'grade', test: 'grade(%o) → %o 2', reason: 'failed 1 of 3 runs: expected 4 to be 5' },
      { unit: 'grade', test: 'grade(-1) throws RangeError', reason: 'failed 3 of 3 runs: did not throw' },
    ]);
  });

  test('drops a whole block when its tests do not line up with the plan, and property tests as a block', () => {
    const tests = [
      result(['grade', 'a test a template added'], 'failed'),
      result(['properties', 'grade is idempotent'], 'failed'),
    ];
    const failures = new Map(tests.map((t) => [JSON.stringify(t.path), { error: 'boom', count: 1 }]));
    const next = dropFailures([plan()], { code: 'describe(…)', imports: [], count: 1 }, tests, failures, 3);
    const [kept] = next.plans as UnitPlan[];
    expect(kept!.groups).toEqual([]);
    expect(kept!.examples).toEqual([]);
    expect(next.properties).toBeUndefined();
    expect(next.dropped.map((d) => d.unit)).toEqual(['grade', 'properties']);
  });
});

describe('validateFile on a file that never ends', () => {
  const sync = (arg: number) => ({
    observation: { args: [arg] },
    assertion: { kind: 'value', async: false },
  });
  const driven = { observation: { args: [9] }, assertion: { kind: 'returned-function', async: false } };
  const input = (responses: RunnerResponse[], written: Plan[][]) => ({
    session: { run: async () => responses.shift()! } as unknown as RunnerSession,
    runner: 'vitest' as const,
    root: '/project',
    source: '/project/src/retry.ts',
    output: '/project/src/retry.assay.test.ts',
    plans: [
      { unit: { name: 'retry' }, examples: [], groups: [{ cases: [sync(1)] }, { cases: [driven] }] },
    ] as never as Plan[],
    properties: undefined,
    runs: 1,
    timeoutMs: 1000,
    write: async (plans: Plan[]) => {
      written.push(plans);
      return plans.some((p) => 'groups' in p && p.groups.length > 0);
    },
  });
  const timedOut: RunnerResponse = { type: 'error', message: 'vitest did not finish', timedOut: true };
  const passed: RunnerResponse = {
    type: 'done',
    version: '4',
    runs: [{ tests: [{ path: ['retry', 'retry(1) → 2'], state: 'passed' }], errors: [] }],
  };

  test('takes out the tests that can leave work running, writes the file again, and passes', async () => {
    const written: Plan[][] = [];
    const outcome = await validateFile(input([timedOut, passed], written));
    expect(outcome.status).toBe('passed');
    const [kept] = outcome.plans as UnitPlan[];
    expect(kept!.groups.flatMap((g) => g.cases.map((c) => c.observation.args[0]))).toEqual([1]);
    expect(outcome.dropped).toEqual([
      // Dropped at a time limit: marked as a hang guard's doing (the report is then never cached).
      { unit: 'retry', test: 'a case of retry', reason: 'vitest did not finish', hangGuard: true },
    ]);
    expect(written).toHaveLength(1);
  });

  test('an unhandled rejection outside any test takes out the tests that can leave work running', async () => {
    const written: Plan[][] = [];
    const stray: RunnerResponse = {
      type: 'done',
      version: '4',
      runs: [{ ...passed.runs[0]!, errors: ['Unhandled Rejection: aborted'] }],
    };
    const outcome = await validateFile(input([stray, passed], written));
    expect(outcome.status).toBe('passed');
    expect(outcome.dropped).toEqual([
      {
        unit: 'retry',
        test: 'a case of retry',
        reason: 'an error outside any test: Unhandled Rejection: aborted',
      },
    ]);
  });

  test('still never ending: every test is taken out, so no file is left', async () => {
    const written: Plan[][] = [];
    const outcome = await validateFile(input([timedOut, timedOut], written));
    expect(outcome.plans.every((p) => 'groups' in p && p.groups.length === 0)).toBe(true);
    expect(written).toHaveLength(2);
  });
});

describe('RunnerSession time limit', () => {
  let project: string | undefined;
  afterAll(() => {
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  test('a run that never yields is stopped, and none of its processes is left spinning', async () => {
    project = copyFixture('spinning');
    const file = path.join(project, 'src', 'spin.assay.test.ts');
    fs.writeFileSync(
      file,
      "import { test } from 'vitest';\ntest('spins', () => {\n  (async () => { for (;;) await null; })();\n});\n",
    );
    const session = new RunnerSession();
    let response: RunnerResponse;
    try {
      response = await session.run({
        runner: 'vitest',
        root: project,
        files: [file],
        source: path.join(project, 'src', 'math.ts'),
        runs: 1,
        timeoutMs: 15_000,
      });
    } finally {
      session.close();
    }
    expect(response).toMatchObject({ type: 'error', timedOut: true });
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Every process working in the project (the runner and its workers) is gone.
    const inProject = fs.readdirSync('/proc').filter((pid) => {
      try {
        return /^\d+$/.test(pid) && fs.readlinkSync(`/proc/${pid}/cwd`) === project;
      } catch {
        return false;
      }
    });
    expect(inProject).toEqual([]);
  });
});

describe.each(['vitest', 'jest'] as const)(
  'RunnerSession prepared while the file is explored, with %s',
  (runner) => {
    let project: string | undefined;
    afterAll(() => {
      if (project) fs.rmSync(project, { recursive: true, force: true });
    });

    test('the runner is loaded before the test file exists; the runs then see the file as written, with coverage from the last', async () => {
      project = sourceProject(`prepared-${runner}`, {
        'src/math.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
      });
      if (runner === 'jest') makeJestProject(project, ['**/*.assay.test.ts']);
      const file = path.join(project, 'src', 'prepared.assay.test.ts');
      const source = path.join(project, 'src', 'math.ts');
      fs.rmSync(file, { force: true });
      const session = new RunnerSession();
      let responses: RunnerResponse[];
      try {
        session.prepare({ runner, root: project, files: [file], source, timeoutMs: 120_000 });
        // Written after the preparation was sent, as generation writes the file after exploring.
        const api = runner === 'vitest' ? "import { expect, test } from 'vitest';\n" : '';
        fs.writeFileSync(
          file,
          `${api}import { add } from './math';\ntest('adds', () => {\n  expect(add(1, 2)).toBe(3);\n});\n`,
        );
        const call = { runner, root: project, files: [file], source, runs: 2, timeoutMs: 120_000 };
        responses = [await session.run(call), await session.run({ ...call, last: true })];
      } finally {
        session.close();
      }
      for (const response of responses) {
        expect(response.type).toBe('done');
        if (response.type !== 'done') continue;
        expect(response.runs.map((r) => r.tests.map((t) => [t.path.join(' > '), t.state]))).toEqual([
          [['adds', 'passed']],
          [['adds', 'passed']],
        ]);
        expect(response.runs.at(-1)!.coverage).toBeDefined();
        // Vitest 4 measures coverage in the last run only: the runs before it look for failures.
        if (runner === 'vitest') expect(response.runs[0]!.coverage).toBeUndefined();
      }
    });
  },
);
