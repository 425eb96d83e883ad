import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyPackage, link, ProjectBases, type RunResult, runNode } from '../../../test-utils/e2e.js';
import { FULL_SUITE } from '../../../test-utils/full-suite.js';
import { countingBody, type RunnerHarness } from '../../../test-utils/runners.js';

export { type RunResult, writeFiles } from '../../../test-utils/e2e.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const historyDir = fileURLToPath(new URL('../../history', import.meta.url));
const modulesDir = join(packageDir, 'node_modules');

/** A Jest install the end-to-end tests run against. */
export interface JestUnderTest {
  label: string;
  /** Real folder of the `jest` package. */
  dir: string;
  major: 29 | 30;
  /** Packages of the same major installed under an alias, linked under their real name. */
  aliases: Record<string, string>;
}

/**
 * Jest 30 (the devDependency) and Jest 29.7 (installed under the alias `jest29`, with its jsdom). CI
 * (20 minutes on two cores) runs the end-to-end tests against Jest 30; the full suite
 * (`ASSAY_FULL=1`) against both.
 */
const ALL_JESTS: JestUnderTest[] = [
  {
    label: 'jest 30',
    dir: realpathSync(join(modulesDir, 'jest')),
    major: 30,
    aliases: { 'jest-environment-jsdom': 'jest-environment-jsdom' },
  },
  {
    label: 'jest 29',
    dir: realpathSync(join(modulesDir, 'jest29')),
    major: 29,
    aliases: { 'jest-environment-jsdom': 'jest-environment-jsdom29' },
  },
];

export const JESTS: JestUnderTest[] = FULL_SUITE ? ALL_JESTS : ALL_JESTS.slice(0, 1);

/** Packages a fixture may use, linked into its node_modules as a user would install them. */
const TOOLS = [
  '@swc/jest',
  '@swc/core',
  'ts-jest',
  'typescript',
  '@babel/core',
  '@babel/preset-typescript',
  '@babel/plugin-transform-modules-commonjs',
];

const bases = new ProjectBases('assay-jest-e2e-');

function linkTool(name: string, installed: string, modules: string): void {
  const from = join(modulesDir, installed);
  const real = existsSync(from) ? from : join(packageDir, '..', '..', 'node_modules', installed);
  if (existsSync(real)) link(realpathSync(real), join(modules, name));
}

/**
 * Writes a temporary project with the given files (paths relative to its root), in a folder laid out
 * like a user's install: `node_modules/jest` is the Jest under test, `node_modules/@assay/jest-plugin`
 * a copy of the built package (so its own resolution starts from the user's node_modules, as it would
 * after `npm install`), the transforms, and jsdom of the same major.
 */
export function createProject(jest: JestUnderTest, files: Record<string, string>): string {
  return bases.project(
    jest.dir,
    (modules) => {
      link(jest.dir, join(modules, 'jest'));
      link(historyDir, join(modules, '@assay', 'history'));
      for (const tool of TOOLS) linkTool(tool, tool, modules);
      for (const [name, installed] of Object.entries(jest.aliases)) linkTool(name, installed, modules);
      copyPackage(packageDir, join(modules, '@assay', 'jest-plugin'));
      // Vitest and its assay plugin, for the fixture where both runners share one history.
      link(realpathSync(join(modulesDir, 'vitest')), join(modules, 'vitest'));
      copyPackage(
        realpathSync(join(modulesDir, '@assay', 'vitest-plugin')),
        join(modules, '@assay', 'vitest-plugin'),
      );
    },
    files,
  );
}

/** Runs the Jest under test in `root` (`--ci`, colours off). */
export function runJest(
  jest: JestUnderTest,
  root: string,
  args: string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<RunResult> {
  return runNode([join(jest.dir, 'bin', 'jest.js'), '--ci', ...args], root, env);
}

/** Runs `vitest run` (Vitest 4, the fixture's `node_modules/vitest`) in `root`. */
export function runVitest(
  root: string,
  args: string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<RunResult> {
  return runNode([join(root, '..', 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...args], root, env);
}

/** Removes the temporary bases (called once after all tests). */
export function cleanup(): void {
  bases.cleanup();
}

/** The Jest versions as the shared scenarios of `test-utils/scenarios` see them (TypeScript through @swc/jest). */
export const UNDER_TEST: RunnerHarness[] = JESTS.map((jest) => ({
  label: jest.label,
  runner: 'jest',
  project: (files, options = '{}') =>
    createProject(jest, {
      'package.json': '{ "name": "fixture", "private": true }\n',
      'jest.config.js': `module.exports = {
  reporters: ['default', ['@assay/jest-plugin/reporter', ${options}]],
  testEnvironment: '@assay/jest-plugin/environment',
  setupFilesAfterEnv: ['@assay/jest-plugin/setup'],
  transform: { '^.+\\\\.ts$': '@swc/jest' },
};
`,
      ...files,
    }),
  run: (root, args, env) => runJest(jest, root, args, env),
  testFile: (body) => body,
  load: (names, path) => `const { ${names} } = require('${path}');`,
  failsOnRuns: (name, runs) => countingBody(name, runs, "require('node:fs')"),
  summaryOf: (result) => result.stderr,
}));
