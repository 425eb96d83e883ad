// Helpers shared by the flaky-detection and flaky-overhead benchmarks. Plain Node, no dependencies.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const pluginDir = join(repoRoot, 'packages', 'vitest-plugin');

/** mulberry32: a small seeded PRNG; the suites are generated from it, never from Math.random. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A fresh project folder laid out like a user's install: `node_modules/vitest` is the workspace's
 * Vitest 4 and `node_modules/@assay/vitest-plugin` a copy of the built plugin.
 */
export function freshProject(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'node_modules', '@assay'), { recursive: true });
  symlinkSync(
    realpathSync(join(pluginDir, 'node_modules', 'vitest')),
    join(dir, 'node_modules', 'vitest'),
    'dir',
  );
  symlinkSync(join(repoRoot, 'packages', 'history'), join(dir, 'node_modules', '@assay', 'history'), 'dir');
  const plugin = join(dir, 'node_modules', '@assay', 'vitest-plugin');
  mkdirSync(plugin);
  cpSync(join(pluginDir, 'package.json'), join(plugin, 'package.json'));
  cpSync(join(pluginDir, 'dist'), join(plugin, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
}

export function write(dir, files) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

// Runs a command and prints the CPU time (user + system) of it and all its descendants on stderr.
const CPU_WRAPPER = `
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
r = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write("__CPU_SECONDS__ %f\\n" % (r.ru_utime + r.ru_stime))
sys.exit(code)
`;

/**
 * Runs `node <argv>` in `dir` (colours off, CI on, no GitHub summary); resolves with exit code, output
 * (stdout and stderr), wall time in ms and CPU time in ms of the whole process tree (measured by a
 * tiny python3 wrapper with getrusage(RUSAGE_CHILDREN)).
 */
export function timedNode(dir, argv, env = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('python3', ['-c', CPU_WRAPPER, process.execPath, ...argv], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', CI: '1', GITHUB_STEP_SUMMARY: '', ...env },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const cpu = /__CPU_SECONDS__ ([\d.]+)/.exec(out);
      resolve({ code, out, ms, cpuMs: cpu ? Number(cpu[1]) * 1000 : Number.NaN });
    });
  });
}

/** Runs `vitest run` in `dir` with {@link timedNode}. */
export function vitest(dir, args, env = {}) {
  return timedNode(dir, [join(dir, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...args], env);
}

/** Runs a command and fails loudly if it fails. */
export function sh(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')}: ${out}`)),
    );
  });
}

/**
 * How the project's code is kept across the runs of a detection benchmark, and what happens before
 * each run. `git`: a repository; the change that breaks the "changed" tests is committed (and, with
 * `newCommitEachRun`, an empty commit precedes every run). `no-git`: no repository at all. `dirty`: a
 * repository whose work tree always has uncommitted changes (a tracked file no test loads is rewritten
 * before every run, as a build would) and whose breaking change is never committed.
 * Returns `beforeRun(run)`.
 */
export async function codeScenario(dir, { mode, newCommitEachRun = false, changeAt, change }) {
  const git = (...args) =>
    sh('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', ...args], dir);
  if (mode !== 'no-git') {
    write(dir, { 'build-info.txt': 'not built yet\n' });
    await git('init', '-q');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'suite');
  }
  return async (run) => {
    if (mode === 'dirty') write(dir, { 'build-info.txt': `built before run ${run}\n` });
    if (run === changeAt) {
      write(dir, change);
      if (mode === 'git') await git('commit', '-q', '-am', 'a change that breaks the feature tests');
    } else if (mode === 'git' && newCommitEachRun && run > 1) {
      await git('commit', '-q', '--allow-empty', '-m', `unrelated change before run ${run}`);
    }
  };
}

/** The scenario's name in results files. */
export function scenarioName({ code, newCommitEachRun, changeAt }) {
  if (code === 'no-git') return `no git (a change at run ${changeAt})`;
  if (code === 'dirty') {
    return `uncommitted changes before every run (an uncommitted change at run ${changeAt})`;
  }
  return newCommitEachRun ? 'a new commit before every run' : `one commit (a change at run ${changeAt})`;
}

/**
 * Whether a detection run meets its bar: no stable or broken test called flaky, records agreeing with
 * the runner's own report, recall ≥ 95 % with git; without a commit to lean on (no git, dirty tree)
 * code versions must find every flaky test and call every test broken by the change broken.
 */
export function detectionPassed(summary, { code, disagreements, changedTests }) {
  if (summary.stableOrBrokenCalledFlaky !== 0 || disagreements !== 0) return false;
  if (code === 'git') return summary.recall >= 0.95;
  return summary.recall === 1 && summary.changedCalledBroken === changedTests;
}
