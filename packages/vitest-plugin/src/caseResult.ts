// Main-process: a Vitest test case as a run record's `TestResult`.
import { firstErrorLine, type TestResult } from '@assay/history';
import type { TestCase } from 'vitest/node';
import { idFor, META_ATTEMPTS, META_QUARANTINE } from './shared.js';
import type { RunState } from './state.js';

/** Names of a test case from the outermost describe to the test. */
export function caseNames(testCase: TestCase): string[] {
  const names = [testCase.name];
  for (let p = testCase.parent; p.type === 'suite'; p = p.parent) names.unshift(p.name);
  return names;
}

/** The test id of a test case. */
export function caseId(state: RunState, testCase: TestCase): string {
  return idFor(state.root, testCase.module.moduleId, caseNames(testCase));
}

/** What the run record keeps of one test case: state, time, retries, attempts, quarantine, error. */
export function caseResult(state: RunState, testCase: TestCase): TestResult {
  const id = caseId(state, testCase);
  const result = testCase.result();
  const diagnostic = testCase.diagnostic();
  const meta = testCase.meta() as Record<string, unknown>;
  const entry: TestResult = {
    id,
    state: result.state === 'passed' ? 'passed' : result.state === 'failed' ? 'failed' : 'skipped',
    durationMs: Math.round((diagnostic?.duration ?? 0) * 100) / 100,
    retries: diagnostic?.retryCount ?? 0,
  };
  const attempts = meta[META_ATTEMPTS] as TestResult['attempts'];
  if (attempts && attempts.passed + attempts.failed > 1) entry.attempts = attempts;
  if (state.mode !== 'off' && (state.quarantined.has(id) || typeof meta[META_QUARANTINE] === 'string')) {
    entry.quarantined = true;
  }
  const error = firstErrorLine(result.errors?.[0]?.message);
  if (entry.state === 'failed' && error) entry.error = error;
  return entry;
}
