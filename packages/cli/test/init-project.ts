import { readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyPackage, link, ProjectBases, type RunResult, runNode } from '../../../test-utils/e2e.js';

const modules = fileURLToPath(new URL('../node_modules', import.meta.url));
const real = (name: string) => realpathSync(join(modules, name));

const bases = new ProjectBases('assay-init-e2e-');

/**
 * A temporary project laid out like a user's install of Vitest 4 and Jest 30 with both assay plugins
 * (copies of the built packages), for `assay init` followed by a real test run.
 */
export function initProject(files: Record<string, string>): string {
  return bases.project(
    'runners',
    (dir) => {
      link(real('vitest'), join(dir, 'vitest'));
      link(real('jest'), join(dir, 'jest'));
      link(real('@assay/history'), join(dir, '@assay', 'history'));
      copyPackage(real('@assay/vitest-plugin'), join(dir, '@assay', 'vitest-plugin'));
      copyPackage(real('@assay/jest-plugin'), join(dir, '@assay', 'jest-plugin'));
    },
    files,
  );
}

export function runVitest(root: string): Promise<RunResult> {
  return runNode([join(real('vitest'), 'vitest.mjs'), 'run'], root);
}

export function runJest(root: string): Promise<RunResult> {
  return runNode([join(real('jest'), 'bin', 'jest.js'), '--ci'], root);
}

/** Run files recorded under `.assay/runs/`. */
export function recordedRuns(root: string): string[] {
  try {
    return readdirSync(join(root, '.assay', 'runs')).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
  } catch {
    return [];
  }
}

export function cleanup(): void {
  bases.cleanup();
}
