import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GenerateReport, generateTests } from '../src/index.js';
import { makeRunnerProject } from './helpers.js';

// A grading function whose branches two candidates cannot all reach (iteration 0 misses some; the loop
// finds them), and a function that behaves differently under the real runner than in the sandbox (its
// test fails there and must be dropped with the reason).
const GRADE = `/** A grade from a score out of 100. */
export function grade(score: number): string {
  if (score < 0 || score > 100) {
    throw new RangeError(\`score out of range: \${score}\`);
  }
  if (score >= 90) {
    return 'A';
  }
  if (score >= 75) {
    return 'B';
  }
  if (score >= 50) {
    return 'C';
  }
  return 'F';
}
`;
const ENV = `/** Which runner the code runs under: the sandbox is neither. */
export function runnerName(): string {
  if (process.env.VITEST) return 'vitest';
  if (process.env.JEST_WORKER_ID) return 'jest';
  return 'plain';
}

export function twice(n: number): number {
  return n * 2;
}
`;

const require = createRequire(import.meta.url);
const bins = {
  vitest: path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs'),
  jest: path.join(path.dirname(require.resolve('jest/package.json')), 'bin/jest.js'),
};

function project(framework: 'vitest' | 'jest'): string {
  const root = fileURLToPath(
    new URL(`./.tmp/loop-${framework}-${process.pid}-${Date.now()}`, import.meta.url),
  );
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src/grade.ts'), GRADE);
  fs.writeFileSync(path.join(root, 'src/env.ts'), ENV);
  makeRunnerProject(root, framework);
  return root;
}

describe.each(['vitest', 'jest'] as const)('coverage-gap loop with %s', (framework) => {
  let root: string;
  let report: GenerateReport;
  const file = (name: string) => report.files.find((f) => f.source === `src/${name}`)!;

  beforeAll(async () => {
    root = project(framework);
    // Two candidates per unit: the first generation cannot reach every grade.
    report = await generateTests({ root, paths: ['src'], framework, maxCandidates: 2, property: false });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('iteration 0 misses branches that a later iteration finds, and the report shows each step', () => {
    const coverage = file('grade.ts').coverage!;
    expect(coverage.runner.name).toBe(framework);
    expect(coverage.before?.lines.pct).toBe(0);
    const [first, second] = coverage.iterations;
    expect(first!.coverage!.lines.pct).toBeLessThan(coverage.target);
    expect(second).toMatchObject({ iteration: 1, units: ['grade'], kept: true });
    expect(second!.coverage!.lines.covered).toBeGreaterThan(first!.coverage!.lines.covered);
    expect(coverage.final!.lines.pct).toBeGreaterThanOrEqual(coverage.target);
    expect(coverage.met).toBe(true);
    expect(coverage.kept).toBe(file('grade.ts').tests);
    expect(coverage.stages).toMatchObject({ generate: expect.any(Number), validate: expect.any(Number) });
  });

  test('a generated test that fails under the real runner is dropped with the reason', () => {
    const env = file('env.ts');
    expect(env.status).toBe('written');
    expect(env.coverage!.dropped).toEqual([
      expect.objectContaining({
        unit: 'runnerName',
        reason: expect.stringMatching(/^failed 3 of 3 runs: .*plain/),
      }),
    ]);
    expect(env.problems.map((p) => p.code)).toContain('test-failed');
    expect(env.units.find((u) => u.name === 'runnerName')!.tests).toBe(0);
    expect(env.coverage!.remaining.find((g) => g.unit === 'runnerName')?.reason).toBe('tests-failed');
    const code = fs.readFileSync(path.join(root, 'src/env.assay.test.ts'), 'utf8');
    expect(code).not.toContain('runnerName');
    expect(code).toContain('twice');
  });

  test('the files left on disk pass under the runner', () => {
    const args = framework === 'vitest' ? [bins.vitest, 'run'] : [bins.jest, '--ci'];
    const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toMatch(/2 passed/);
    expect(result.status).toBe(0);
  });
});

test('without a runner in the project, validation is skipped with a clear problem', async () => {
  const root = fs.mkdtempSync(path.join('/tmp', 'assay-no-runner-'));
  try {
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'package.json'), '{}');
    fs.writeFileSync(path.join(root, 'src/env.ts'), ENV);
    const report = await generateTests({ root, paths: ['src'], framework: 'vitest', property: false });
    const env = report.files[0]!;
    expect(env.status).toBe('written');
    expect(env.coverage).toBeUndefined();
    expect(env.problems).toContainEqual(
      expect.objectContaining({
        code: 'no-runner',
        message: expect.stringContaining('vitest is not installed'),
      }),
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
