import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testId } from '@assay/history';
import { DiagnoseError } from './errors.js';
import type { Execute, ObservedTest, RunRequest } from './types.js';

export type RunnerName = 'vitest' | 'jest';
export const RUNNER_NAMES: readonly RunnerName[] = ['vitest', 'jest'];

/** The test runner installed in the project. */
export interface Runner {
  name: RunnerName;
  version: string;
  /** The runner's executable script, run with this Node. */
  bin: string;
}

const CONFIG_FILES: Record<RunnerName, RegExp> = {
  vitest: /^vite(st)?\.config\.[cm]?[jt]s$/,
  jest: /^jest\.config\.(c|m)?(j|t)s(on)?$/,
};

/**
 * Finds the runner: `--runner` when given, else the one the project configures (a config file, the
 * `jest` key of package.json) or depends on. Throws a clear error when it is missing or ambiguous.
 */
export function detectRunner(root: string, wanted?: RunnerName): Runner {
  const name = wanted ?? guessRunner(root);
  const require = createRequire(join(resolve(root), 'package.json'));
  let manifestPath: string;
  try {
    manifestPath = require.resolve(`${name}/package.json`);
  } catch {
    throw new DiagnoseError(
      'ASSAY_DIAGNOSE_NO_RUNNER',
      `${name} is not installed in ${root} (no node_modules/${name} found from there): install it ` +
        `(npm i -D ${name}), run the command from the project root, or pass --runner ${name === 'vitest' ? 'jest' : 'vitest'}.`,
    );
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    version: string;
    bin?: string | Record<string, string>;
  };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[name];
  if (!bin)
    throw new DiagnoseError('ASSAY_DIAGNOSE_NO_RUNNER', `${manifestPath} names no ${name} executable.`);
  return { name, version: manifest.version, bin: join(dirname(manifestPath), bin) };
}

function guessRunner(root: string): RunnerName {
  const files = existsSync(root) ? readdirSync(root) : [];
  const manifest = readManifest(root);
  const configured = RUNNER_NAMES.filter(
    (name) =>
      files.some((f) => CONFIG_FILES[name].test(f)) || (name === 'jest' && manifest.jest !== undefined),
  );
  if (configured.length === 1) return configured[0] as RunnerName;
  const deps = { ...manifest.dependencies, ...manifest.devDependencies };
  const declared = RUNNER_NAMES.filter((name) => name in deps);
  if (declared.length === 1) return declared[0] as RunnerName;
  if (!configured.length && !declared.length) {
    // Nothing says which: take the one runner installed where the project can import it.
    const installed = RUNNER_NAMES.filter((name) => resolvable(root, name));
    if (installed.length === 1) return installed[0] as RunnerName;
  }
  const found = configured.length ? configured : declared;
  throw new DiagnoseError(
    'ASSAY_DIAGNOSE_NO_RUNNER',
    found.length
      ? `${root} uses both Vitest and Jest: pass --runner vitest or --runner jest.`
      : `found no Vitest or Jest config or dependency in ${root}: run the command from the project root ` +
          '(or pass --root), or pass --runner vitest|jest.',
  );
}

function resolvable(root: string, name: RunnerName): boolean {
  try {
    createRequire(join(resolve(root), 'package.json')).resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

function readManifest(root: string): {
  jest?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
} {
  try {
    return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  } catch {
    return {};
  }
}

/** Options every invocation shares. */
export interface ExecutorOptions {
  root: string;
  /** Milliseconds before one invocation is stopped. */
  timeoutMs: number;
}

/** Runs the runner once per request, in the project, with a reporter that records the order. */
export function createExecutor(runner: Runner, options: ExecutorOptions): Execute {
  const root = resolve(options.root);
  return async (request) => {
    const dir = mkdtempSync(join(tmpdir(), 'assay-diagnose-'));
    const out = join(dir, 'results.jsonl');
    try {
      const args = runner.name === 'vitest' ? vitestArgs(request) : jestArgs(root, request);
      const output = await spawnRunner(runner, args, root, out, options.timeoutMs);
      return { tests: readResults(root, out, request), output };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

const reporterPath = (name: string) => fileURLToPath(new URL(name, import.meta.url));

function vitestArgs(request: RunRequest): string[] {
  const args = ['run', request.file, `--reporter=${reporterPath('./diagnose-vitest-reporter.js')}`];
  args.push('--retry=0', '--passWithNoTests', '--coverage.enabled=false');
  if (request.only) args.push('--testNamePattern', namePattern(request.only));
  // Without a seed, the written order, even when the project's config shuffles.
  if (request.seed === undefined) args.push('--sequence.shuffle=false');
  else args.push('--sequence.shuffle', `--sequence.seed=${request.seed}`);
  return args;
}

function jestArgs(root: string, request: RunRequest): string[] {
  const args = ['--ci', '--runInBand', '--runTestsByPath', join(root, request.file)];
  args.push(
    `--reporters=${reporterPath('./diagnose-jest-reporter.cjs')}`,
    '--coverage=false',
    '--passWithNoTests',
  );
  if (request.only) args.push('--testNamePattern', namePattern(request.only));
  if (request.seed === undefined) args.push('--randomize=false');
  else args.push('--randomize', `--seed=${request.seed}`);
  return args;
}

/** Both runners match `-t` against the describe and test names joined by spaces. */
function namePattern(ids: readonly string[]): string {
  const names = ids.map((id) =>
    id
      .slice(id.indexOf('::') + 2)
      .split(' > ')
      .join(' '),
  );
  return `^(?:${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;
}

function spawnRunner(runner: Runner, args: string[], root: string, out: string, timeoutMs: number) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  // Reruns ignore the quarantine, stay out of the history, and run outside any runner that started us.
  for (const key of Object.keys(env)) if (/^(VITEST|JEST)/.test(key)) delete env[key];
  Object.assign(env, { ASSAY_QUARANTINE: 'off', ASSAY_RECORD: 'off', ASSAY_DIAGNOSE_OUT: out });
  return new Promise<string>((resolvePromise, reject) => {
    const child = spawn(process.execPath, [runner.bin, ...args], { cwd: root, env });
    let output = '';
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new DiagnoseError(
          'ASSAY_DIAGNOSE_RUNNER_FAILED',
          `${runner.name} ${args.join(' ')} ran longer than ${timeoutMs / 1000} s and was stopped: raise --timeout.`,
        ),
      );
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolvePromise(output);
    });
  });
}

function readResults(root: string, out: string, request: RunRequest): ObservedTest[] {
  if (!existsSync(out)) return [];
  // Runners report real paths: a root reached through a symlink must be made real to match.
  const realRoot = realpathSync(root);
  const tests: ObservedTest[] = [];
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    if (!line) continue;
    const { file, names, state } = JSON.parse(line) as {
      file: string;
      names: string[];
      state: 'passed' | 'failed';
    };
    const id = testId(file.startsWith(realRoot) ? realRoot : root, file, names);
    // Vitest's file filter matches substrings: keep only the file asked for.
    if (id.startsWith(`${request.file}::`)) tests.push({ id, state });
  }
  return tests;
}
