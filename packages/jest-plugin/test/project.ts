import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const historyDir = fileURLToPath(new URL('../../history', import.meta.url));
const modulesDir = join(packageDir, 'node_modules');

/** A Jest install the end-to-end tests run against. */
export interface JestUnderTest {
  label: string;
  /** Real folder of the `jest` package. */
  dir: string;
  major: 29 | 30;
}

/** Jest 30 (the devDependency) and Jest 29.7 (installed under the alias `jest29`). */
export const JESTS: JestUnderTest[] = [
  { label: 'jest 30', dir: realpathSync(join(modulesDir, 'jest')), major: 30 },
  { label: 'jest 29', dir: realpathSync(join(modulesDir, 'jest29')), major: 29 },
];

/** Packages a fixture may use, linked into its node_modules as a user would install them. */
const TOOLS = [
  '@swc/jest',
  '@swc/core',
  'ts-jest',
  'typescript',
  '@babel/core',
  '@babel/preset-typescript',
  '@babel/plugin-transform-modules-commonjs',
  'jest-environment-jsdom',
];

const bases = new Map<string, string>();

function link(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  symlinkSync(from, to, 'dir');
}

/**
 * A folder laid out like a user's install: `node_modules/jest` is the Jest under test,
 * `node_modules/@assay/jest-plugin` a copy of the built package (so its own resolution starts from
 * the user's node_modules, as it would after `npm install`), and the transforms.
 */
function baseFor(jest: JestUnderTest): string {
  const existing = bases.get(jest.dir);
  if (existing) return existing;
  const base = mkdtempSync(join(tmpdir(), 'assay-jest-e2e-'));
  const modules = join(base, 'node_modules');
  link(jest.dir, join(modules, 'jest'));
  link(historyDir, join(modules, '@assay', 'history'));
  for (const tool of TOOLS) {
    const from = join(modulesDir, tool);
    const real = existsSync(from) ? from : join(packageDir, '..', '..', 'node_modules', tool);
    if (existsSync(real)) link(realpathSync(real), join(modules, tool));
  }
  copyPackage(packageDir, join(modules, '@assay', 'jest-plugin'));
  // Vitest and its assay plugin, for the fixture where both runners share one history.
  link(realpathSync(join(modulesDir, 'vitest')), join(modules, 'vitest'));
  copyPackage(
    realpathSync(join(modulesDir, '@assay', 'vitest-plugin')),
    join(modules, '@assay', 'vitest-plugin'),
  );
  bases.set(jest.dir, base);
  return base;
}

function copyPackage(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  cpSync(join(from, 'package.json'), join(to, 'package.json'));
  cpSync(join(from, 'dist'), join(to, 'dist'), { recursive: true });
}

/** Writes a temporary project with the given files (paths relative to its root). */
export function createProject(jest: JestUnderTest, files: Record<string, string>): string {
  const root = mkdtempSync(join(baseFor(jest), 'project-'));
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the Jest under test in `root` (`--ci`, colours off). */
export function runJest(
  jest: JestUnderTest,
  root: string,
  args: string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<RunResult> {
  return run([join(jest.dir, 'bin', 'jest.js'), '--ci', ...args], root, env);
}

/** Runs `vitest run` (Vitest 4, the fixture's `node_modules/vitest`) in `root`. */
export function runVitest(
  root: string,
  args: string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<RunResult> {
  return run([join(root, '..', 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...args], root, env);
}

function run(argv: string[], root: string, env: Record<string, string | undefined>): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const childEnv: Record<string, string | undefined> = {
      ...process.env,
      NO_COLOR: '1',
      FORCE_COLOR: '0',
      CI: '1',
    };
    for (const key of Object.keys(childEnv)) {
      if (key.startsWith('VITEST') || key.startsWith('JEST') || key.startsWith('ASSAY')) delete childEnv[key];
    }
    delete childEnv.GITHUB_STEP_SUMMARY;
    delete childEnv.NODE_OPTIONS;
    delete childEnv.NODE_ENV;
    Object.assign(childEnv, env);
    const child = spawn(process.execPath, argv, {
      cwd: root,
      env: childEnv as NodeJS.ProcessEnv,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Removes the temporary bases (called once after all tests). */
export function cleanup(): void {
  for (const base of bases.values()) if (existsSync(base)) rmSync(base, { recursive: true, force: true });
  bases.clear();
}
