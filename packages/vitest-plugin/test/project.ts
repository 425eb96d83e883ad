import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyPackage, link, ProjectBases, type RunResult, runNode } from '../../../test-utils/e2e.js';
import { countingBody, type RunnerHarness } from '../../../test-utils/runners.js';

export { type RunResult, writeFiles } from '../../../test-utils/e2e.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const historyDir = fileURLToPath(new URL('../../history', import.meta.url));

/** A Vitest install the end-to-end tests run against. */
export interface RunnerUnderTest {
  label: string;
  /** Real folder of the `vitest` package. */
  dir: string;
}

/** Vitest 4 (the devDependency) and Vitest 3.2 (installed under the alias `vitest3`). */
export const RUNNERS: RunnerUnderTest[] = [
  { label: 'vitest 4', dir: realpathSync(join(packageDir, 'node_modules', 'vitest')) },
  { label: 'vitest 3.2', dir: realpathSync(join(packageDir, 'node_modules', 'vitest3')) },
];

const bases = new ProjectBases('assay-e2e-');

/**
 * Writes a temporary project with the given files (paths relative to its root), in a folder laid out
 * like a user's install: `node_modules/vitest` is the runner under test and
 * `node_modules/@assay/vitest-plugin` a copy of the built package, so the plugin's own `vitest`
 * imports resolve to that runner, as they would for a user.
 */
export function createProject(runner: RunnerUnderTest, files: Record<string, string>): string {
  return bases.project(
    runner.dir,
    (modules) => {
      link(runner.dir, join(modules, 'vitest'));
      link(historyDir, join(modules, '@assay', 'history'));
      copyPackage(packageDir, join(modules, '@assay', 'vitest-plugin'));
    },
    files,
  );
}

/** Runs `vitest run` of the runner under test in `root`. */
export function runVitest(
  runner: RunnerUnderTest,
  root: string,
  args: string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<RunResult> {
  return runNode([join(runner.dir, 'vitest.mjs'), 'run', ...args], root, env);
}

/** Removes the temporary bases (called once after all tests). */
export function cleanup(): void {
  bases.cleanup();
}

/** The Vitest versions as the shared scenarios of `test-utils/scenarios` see them. */
export const UNDER_TEST: RunnerHarness[] = RUNNERS.map((runner) => ({
  label: runner.label,
  runner: 'vitest',
  project: (files, options = '{}') =>
    createProject(runner, {
      'package.json': '{ "type": "module" }\n',
      'vitest.config.ts': `import assay from '@assay/vitest-plugin';\nexport default { plugins: [assay(${options})] };\n`,
      ...files,
    }),
  run: (root, args, env) => runVitest(runner, root, args, env),
  testFile: (body) => `import { test, expect } from 'vitest';\n${body}`,
  load: (names, path, where) =>
    where === 'top' ? `import { ${names} } from '${path}';` : `const { ${names} } = await import('${path}');`,
  failsOnRuns: (name, runs) => countingBody(name, runs, "process.getBuiltinModule('node:fs')"),
  summaryOf: (result) => result.stdout,
}));
