// Helpers both plugins use to turn a runner's test results into `TestResult`s.
import type { TestResult } from './types.js';

const STATE_RANK: Record<TestResult['state'], number> = { failed: 2, passed: 1, skipped: 0 };

/**
 * One result for two tests that share an id (same file, same names): failed when either failed,
 * times, retries and attempts added, quarantined when either was.
 *
 * @example
 * mergeResults({ id, state: 'passed', durationMs: 2, retries: 0 }, { id, state: 'failed', durationMs: 3, retries: 0 });
 * // { id, state: 'failed', durationMs: 5, retries: 0 }
 */
export function mergeResults(a: TestResult, b: TestResult): TestResult {
  const merged: TestResult = {
    ...a,
    state: STATE_RANK[b.state] > STATE_RANK[a.state] ? b.state : a.state,
    durationMs: a.durationMs + b.durationMs,
    retries: a.retries + b.retries,
  };
  if (b.quarantined) merged.quarantined = true;
  if (!merged.error && b.error) merged.error = b.error;
  if (b.attempts) {
    merged.attempts = {
      passed: (a.attempts?.passed ?? 0) + b.attempts.passed,
      failed: (a.attempts?.failed ?? 0) + b.attempts.failed,
    };
  }
  return merged;
}

/**
 * The first non-empty line of an error message, without ANSI colours, cut to 300 characters: what a
 * run record keeps of an error.
 */
export function firstErrorLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI escapes.
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  const line = plain
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim();
  if (!line) return undefined;
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
