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

const bases = new Map<string, string>();

/**
 * A folder laid out like a user's install: `node_modules/vitest` is the runner under test and
 * `node_modules/@assay/vitest-plugin` a copy of the built package, so the plugin's own `vitest`
 * imports resolve to that runner, as they would for a user.
 */
function baseFor(runner: RunnerUnderTest): string {
  const existing = bases.get(runner.dir);
  if (existing) return existing;
  const base = mkdtempSync(join(tmpdir(), 'assay-e2e-'));
  const modules = join(base, 'node_modules');
  mkdirSync(join(modules, '@assay'), { recursive: true });
  symlinkSync(runner.dir, join(modules, 'vitest'), 'dir');
  symlinkSync(historyDir, join(modules, '@assay', 'history'), 'dir');
  const plugin = join(modules, '@assay', 'vitest-plugin');
  mkdirSync(plugin);
  cpSync(join(packageDir, 'package.json'), join(plugin, 'package.json'));
  cpSync(join(packageDir, 'dist'), join(plugin, 'dist'), { recursive: true });
  bases.set(runner.dir, base);
  return base;
}

/** Writes a temporary project with the given files (paths relative to its root). */
export function createProject(runner: RunnerUnderTest, files: Record<string, string>): string {
  const root = mkdtempSync(join(baseFor(runner), 'project-'));
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

/** Runs `vitest run` of the runner under test in `root`. */
export function runVitest(
  runner: RunnerUnderTest,
  root: string,
  args: string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const childEnv: Record<string, string | undefined> = {
      ...process.env,
      NO_COLOR: '1',
      FORCE_COLOR: '0',
      CI: '1',
    };
    delete childEnv.GITHUB_STEP_SUMMARY;
    delete childEnv.ASSAY_QUARANTINE;
    delete childEnv.VITEST;
    delete childEnv.VITEST_POOL_ID;
    delete childEnv.VITEST_WORKER_ID;
    delete childEnv.NODE_OPTIONS;
    Object.assign(childEnv, env);
    const child = spawn(process.execPath, [join(runner.dir, 'vitest.mjs'), 'run', ...args], {
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
