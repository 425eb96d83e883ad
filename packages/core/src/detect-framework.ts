import fs from 'node:fs';
import path from 'node:path';
import { findUp } from './analyze/project.js';
import type { Framework } from './model/options.js';

/**
 * The project's test framework, from the nearest package.json's dependencies: Jest when Jest is there
 * and Vitest is not, otherwise Vitest. The rule `generateTests()` applies when no `framework` is given.
 *
 * @example
 * ```ts
 * import { detectFramework } from '@assay/core';
 * detectFramework(process.cwd()); // 'jest' in a project whose package.json lists jest but not vitest
 * ```
 */
export function detectFramework(root: string): Framework {
  const manifest = findUp(root, path.parse(root).root, 'package.json');
  if (!manifest) return 'vitest';
  try {
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    const deps = { ...pkg.dependencies, ...pkg.devDependencies };
    if (deps.vitest) return 'vitest';
    if (deps.jest || deps['ts-jest'] || deps['@jest/globals']) return 'jest';
  } catch {
    // An unreadable package.json says nothing about the framework.
  }
  return 'vitest';
}
