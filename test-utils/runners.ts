// One description of a runner under test, so an end-to-end scenario is written once and runs under
// Vitest 3 and 4 and Jest 29 and 30. Each plugin's test/project.ts describes its runners with it.
import type { RunResult } from './e2e.js';

/** A runner version with the assay plugin, as a scenario sees it. */
export interface RunnerHarness {
  /** e.g. `vitest 4`, `jest 29`. */
  label: string;
  runner: 'vitest' | 'jest';
  /** A new temporary project with the plugin set up (its options as source text) and `files`. */
  project(files: Record<string, string>, options?: string): string;
  /** Runs the tests of `root` once. */
  run(root: string, args?: string[], env?: Record<string, string | undefined>): Promise<RunResult>;
  /** A test file's text: the runner's imports (Vitest's `test`, `expect`) and `body`. */
  testFile(body: string): string;
  /**
   * A statement that loads named exports of a project module (path without extension, relative to the
   * test file): at the top of the file, or inside an async test.
   */
  load(names: string, path: string, where: 'top' | 'test'): string;
  /** A test function that fails on the listed runs (1-based), counting them in a file of the project. */
  failsOnRuns(name: string, runs: number[]): string;
  /** The output the plugin's end-of-run summary goes to (Vitest: stdout, Jest: stderr). */
  summaryOf(result: RunResult): string;
}

/** The counting test body both runners share; `fs` is how the runner's test code reaches `node:fs`. */
export function countingBody(name: string, runs: number[], fs: string): string {
  return `(() => {
    const fs = ${fs};
    const file = ${JSON.stringify(`.count-${name}`)};
    const n = (fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : 0) + 1;
    fs.writeFileSync(file, String(n));
    if (${JSON.stringify(runs)}.includes(n)) throw new Error('failed on attempt ' + n);
  })`;
}
