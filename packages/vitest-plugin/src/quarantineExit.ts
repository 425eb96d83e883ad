// Main-process: the exit code of a run whose only failures are quarantined tests.
import type { TestResult } from '@assay/history';
import type { TestModule } from 'vitest/node';
import { caseId } from './caseResult.js';
import type { RunState } from './state.js';

/**
 * In `report` mode, a run whose only failures are quarantined tests exits 0. Anything else that
 * failed (another test, a suite hook, a file that did not load, an unhandled error) keeps the exit
 * code Vitest set before calling `onTestRunEnd`.
 */
export function applyQuarantineExitCode(
  state: RunState,
  results: ReadonlyMap<string, TestResult>,
  testModules: readonly TestModule[],
  unhandledErrors: readonly unknown[],
): void {
  if (state.mode !== 'report' || process.exitCode !== 1 || unhandledErrors.length > 0) return;
  const failed = [...results.values()].filter((r) => r.state === 'failed');
  if (failed.length === 0 || !failed.every((r) => r.quarantined)) return;
  for (const testModule of testModules) {
    if (testModule.errors().length > 0) return;
    for (const suite of testModule.children.allSuites()) if (suite.errors().length > 0) return;
    for (const test of testModule.children.allTests()) {
      // A failed test we did not see reported (should not happen) keeps the build red.
      if (test.result().state === 'failed' && !results.get(caseId(state, test))?.quarantined) return;
    }
  }
  process.exitCode = 0;
}
