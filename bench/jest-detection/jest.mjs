// Helpers shared by the Jest benchmarks (bench/jest-detection, bench/jest-overhead). Plain Node.
import { cpSync, mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, timedNode } from '../flaky-detection/lib.mjs';

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

/** Runs `jest --ci` in `dir`, timed as bench/flaky-detection times Vitest ({@link timedNode}). */
export function jest(dir, args, env = {}) {
  return timedNode(dir, [join(dir, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci', ...args], env);
}
