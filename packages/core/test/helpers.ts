import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE = fileURLToPath(new URL('./fixtures/project', import.meta.url));

/**
 * A fresh copy of the fixture project inside the package (so the copy resolves vitest from the
 * workspace), removed by the caller's `afterEach`/`afterAll` with `fs.rmSync`.
 */
export function copyFixture(name: string, fixture = FIXTURE): string {
  const target = fileURLToPath(new URL(`./.tmp/${name}-${process.pid}-${Date.now()}`, import.meta.url));
  fs.cpSync(fixture, target, { recursive: true });
  return target;
}

/**
 * A copy of the fixture project whose sources are only `files` (path under the project → text): its
 * package.json, tsconfig and Vitest config, none of its own modules.
 */
export function sourceProject(name: string, files: Record<string, string>): string {
  const root = copyFixture(name);
  for (const dir of ['src', 'classes', 'lib'])
    fs.rmSync(path.join(root, dir), { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

export function fixtureFile(name: string): string {
  return path.join(FIXTURE, 'src', name);
}

/**
 * Turns a fixture copy into a Jest project: no Vitest config, Jest 30 in package.json (the framework is
 * detected from it), TypeScript through @swc/jest; `testMatch` limits the run to the generated files;
 * `moduleType: 'commonjs'` leaves out `"type": "module"`.
 */
export function makeJestProject(
  root: string,
  testMatch?: string[],
  moduleType: 'module' | 'commonjs' = 'module',
): void {
  fs.rmSync(path.join(root, 'vitest.config.ts'), { force: true });
  // CommonJS (no "type": "module"): the sandbox then mocks through require, as Jest does.
  const type = moduleType === 'module' ? { type: 'module' } : {};
  fs.writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ ...type, devDependencies: { jest: '30.5.2', 'fast-check': '4.10.2' } }),
  );
  const match = testMatch ? `, testMatch: ${JSON.stringify(testMatch).replaceAll('"', "'")}` : '';
  fs.writeFileSync(
    path.join(root, 'jest.config.cjs'),
    `module.exports = { testEnvironment: 'node', transform: { '^.+\\\\.ts$': ['@swc/jest'] }${match} };\n`,
  );
}

const require = createRequire(import.meta.url);

/** Path of a file inside an installed package, e.g. `bin('vitest', 'vitest.mjs')`. */
export function bin(name: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${name}/package.json`)), file);
}

/** Runs `node <args>` in `cwd` without colours (`env` added); the exit status and stdout + stderr. */
export function runNode(
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

/**
 * Makes `root` a project for `framework`: Vitest (ES modules, tests under `src/`) or Jest (see
 * {@link makeJestProject}).
 */
export function makeRunnerProject(root: string, framework: 'vitest' | 'jest'): void {
  if (framework === 'vitest') {
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ type: 'module' }));
    fs.writeFileSync(
      path.join(root, 'vitest.config.ts'),
      "export default { test: { include: ['src/**/*.test.ts'] } };\n",
    );
  } else {
    makeJestProject(root);
  }
}
