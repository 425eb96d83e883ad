// Helpers shared by the Jest benchmarks (bench/jest-detection, bench/jest-overhead). Plain Node.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../flaky-detection/lib.mjs';

const pluginDir = join(repoRoot, 'packages', 'jest-plugin');
const pluginModules = join(pluginDir, 'node_modules');

/** Jest installs the benchmarks can use: the plugin's devDependencies. */
export const JEST_DIRS = {
  30: () => realpathSync(join(pluginModules, 'jest')),
  29: () => realpathSync(join(pluginModules, 'jest29')),
};

/**
 * A fresh project folder laid out like a user's install: `node_modules/jest` is the chosen Jest,
 * `@swc/jest` the transform, `node_modules/@assay/jest-plugin` a copy of the built plugin.
 */
export function freshJestProject(dir, { jest = 30 } = {}) {
  rmSync(dir, { recursive: true, force: true });
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@assay'), { recursive: true });
  mkdirSync(join(modules, '@swc'), { recursive: true });
  symlinkSync(JEST_DIRS[jest](), join(modules, 'jest'), 'dir');
  for (const name of ['@swc/jest', '@swc/core']) {
    symlinkSync(realpathSync(join(pluginModules, name)), join(modules, name), 'dir');
  }
  symlinkSync(join(repoRoot, 'packages', 'history'), join(modules, '@assay', 'history'), 'dir');
  const plugin = join(modules, '@assay', 'jest-plugin');
  mkdirSync(plugin);
  cpSync(join(pluginDir, 'package.json'), join(plugin, 'package.json'));
  cpSync(join(pluginDir, 'dist'), join(plugin, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "name": "bench", "private": true }\n');
}

/** A jest.config.js body: TypeScript through @swc/jest, and assay's entries when `assay` is set. */
export function jestConfig({ assay, extra = '' }) {
  const lines = [
    `  testMatch: ['<rootDir>/test/**/*.test.ts'],`,
    `  transform: { '^.+\\\\.ts$': '@swc/jest' },`,
  ];
  if (assay) {
    lines.push(
      `  reporters: ['default', ['@assay/jest-plugin/reporter', ${assay === true ? '{}' : assay}]],`,
      `  testEnvironment: '@assay/jest-plugin/environment',`,
      `  setupFilesAfterEnv: ['@assay/jest-plugin/setup'],`,
    );
  }
  if (extra) lines.push(extra);
  return `module.exports = {\n${lines.join('\n')}\n};\n`;
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
 * Runs `jest --ci` in `dir`; resolves with exit code, output, wall time in ms and CPU time in ms of
 * the whole process tree (python3's getrusage(RUSAGE_CHILDREN), as bench/flaky-detection does).
 */
export function jest(dir, args, env = {}) {
  const bin = join(dir, 'node_modules', 'jest', 'bin', 'jest.js');
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('python3', ['-c', CPU_WRAPPER, process.execPath, bin, '--ci', ...args], {
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
