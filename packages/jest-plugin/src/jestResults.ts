// Main-process: the parts of Jest's results the reporter reads (common to Jest 29 and 30), as run
// record entries.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { firstErrorLine, ID_NAME_SEPARATOR, type TestResult, testId } from '@assay/history';
import type { ChannelMessage } from './constants.js';
import type { PerfStats } from './fileCost.js';

export interface AssertionResult {
  ancestorTitles: string[];
  title: string;
  status: string;
  duration?: number | null;
  invocations?: number;
  failureMessages: string[];
}
export interface TestFileResult {
  testFilePath: string;
  testResults: AssertionResult[];
  testExecError?: unknown;
  failureMessage?: string | null;
  perfStats: PerfStats;
}
export interface AggregatedResult {
  numFailedTests: number;
  numRuntimeErrorTestSuites: number;
  testResults: TestFileResult[];
  snapshot?: { failure?: boolean };
}
export interface GlobalConfig {
  rootDir: string;
  watch?: boolean;
  watchAll?: boolean;
  shard?: { shardIndex: number; shardCount: number } | null;
}
export interface TestContext {
  config: { setupFilesAfterEnv?: string[]; testEnvironment?: string };
}

/** How the reporter judges a file's tests: the quarantine in effect. */
export interface QuarantineView {
  mode: 'report' | 'skip' | 'off';
  quarantined: ReadonlyMap<string, string>;
}

/**
 * The run record's entries for one test file's results, with the environment's message (in-code
 * markers, retried tests' summed times), and the sum of its tests' times.
 */
export function fileResults(
  root: string,
  result: TestFileResult,
  message: ChannelMessage | undefined,
  quarantine: QuarantineView,
): { tests: TestResult[]; testsMs: number } {
  const tests: TestResult[] = [];
  let testsMs = 0;
  // `<file>::`, computed once per file: the relative path is the same for all its tests.
  const prefix = testId(root, result.testFilePath, []);
  for (const assertion of result.testResults) {
    const key = [...assertion.ancestorTitles, assertion.title].join(ID_NAME_SEPARATOR);
    const id = prefix + key;
    const state =
      assertion.status === 'passed' ? 'passed' : assertion.status === 'failed' ? 'failed' : 'skipped';
    const entry: TestResult = {
      id,
      state,
      durationMs: message?.durations[key] ?? Math.round((assertion.duration ?? 0) * 100) / 100,
      retries: state === 'skipped' ? 0 : Math.max(0, (assertion.invocations ?? 1) - 1),
    };
    if (
      quarantine.mode !== 'off' &&
      (quarantine.quarantined.has(id) || message?.markers[key] !== undefined)
    ) {
      entry.quarantined = true;
    }
    const error = firstErrorLine(assertion.failureMessages[0]);
    if (state === 'failed' && error) entry.error = error;
    tests.push(entry);
    testsMs += entry.durationMs;
  }
  return { tests, testsMs };
}

/** The version of the Jest that runs, from the project (else from the plugin's own install). */
export function jestVersion(root: string): string {
  for (const from of [join(root, 'package.json'), import.meta.url]) {
    try {
      return (createRequire(from)('jest/package.json') as { version: string }).version;
    } catch {}
  }
  return 'unknown';
}
