// Main-process: the exit code of a run whose only failures are quarantined tests.
import { type TestResult, testId } from '@assay/history';
import type { AggregatedResult } from './jestResults.js';

/**
 * In `report` mode, a run whose only failures are quarantined tests exits 0: Jest decides the exit
 * code from `numFailedTests` after the reporters' `onRunComplete`. A file that failed to run, a
 * failing hook outside tests, an obsolete-snapshot failure or any other failed test keeps it red.
 */
export function applyQuarantineExitCode(
  root: string,
  mode: 'report' | 'skip' | 'off',
  results: ReadonlyMap<string, TestResult>,
  aggregated: AggregatedResult,
): void {
  if (mode !== 'report' || aggregated.numFailedTests === 0) return;
  if (aggregated.numRuntimeErrorTestSuites > 0) return;
  let quarantinedFailures = 0;
  for (const file of aggregated.testResults) {
    if (file.testExecError) return;
    for (const assertion of file.testResults) {
      if (assertion.status !== 'failed') continue;
      const id = testId(root, file.testFilePath, [...assertion.ancestorTitles, assertion.title]);
      if (!results.get(id)?.quarantined) return;
      quarantinedFailures++;
    }
    // A file-level failure not attached to a test (e.g. an afterAll hook) keeps the build red.
    const failedTests = file.testResults.filter((t) => t.status === 'failed').length;
    if (failedTests === 0 && file.failureMessage) return;
  }
  if (quarantinedFailures !== aggregated.numFailedTests) return;
  // Only the count Jest's exit code reads; suites stay "failed" in Jest's own summary.
  aggregated.numFailedTests = 0;
}
