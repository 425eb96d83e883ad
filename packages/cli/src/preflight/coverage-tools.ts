import type { Framework } from '@assay/core';
import { installedVersion } from './installed.js';
import { detectPackageManager, installCommand } from './package-manager.js';

/** What the coverage-gap loop needs and the project lacks, with the command that installs it. */
export interface MissingCoverageTools {
  framework: Framework;
  /** Why the loop cannot run, in a sentence. */
  reason: string;
  /** e.g. `pnpm add -D @vitest/coverage-v8@4.1.12`, for the project's package manager. */
  install: string;
}

/**
 * Checks, before generation starts, that the project can measure coverage with `framework`: Vitest
 * needs `@vitest/coverage-v8` of its own version; Jest carries its coverage but must be installed.
 * Undefined when everything is there.
 */
export function missingCoverageTools(root: string, framework: Framework): MissingCoverageTools | undefined {
  const manager = detectPackageManager(root);
  if (framework === 'jest') {
    if (installedVersion(root, 'jest')) return undefined;
    return {
      framework,
      reason: 'jest is not installed, so the generated tests cannot be run nor their coverage measured',
      install: installCommand(manager, ['jest']),
    };
  }
  const vitest = installedVersion(root, 'vitest');
  if (!vitest) {
    return {
      framework,
      reason: 'vitest is not installed, so the generated tests cannot be run nor their coverage measured',
      install: installCommand(manager, ['vitest', '@vitest/coverage-v8']),
    };
  }
  const provider = installedVersion(root, '@vitest/coverage-v8');
  if (provider === vitest) return undefined;
  return {
    framework,
    reason: provider
      ? `@vitest/coverage-v8 ${provider} does not match vitest ${vitest}, so coverage cannot be measured`
      : '@vitest/coverage-v8 is not installed, so coverage cannot be measured',
    install: installCommand(manager, [`@vitest/coverage-v8@${vitest}`]),
  };
}
