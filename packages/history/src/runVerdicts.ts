import type { HistoryIndex } from './historyIndex.js';
import type { RunRecord } from './types.js';
import { type TestVerdict, type VerdictThresholds, verdictOf } from './verdicts.js';

const BY_ID = (a: TestVerdict, b: TestVerdict) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The verdicts the end-of-run summary needs (`summarizeRun`'s `before` and `after`), from a history
 * that already holds the run: `after` for the tests the run recorded that may be flaky or broken, by
 * id; `before` (the history without this run) only for those flaky now, to tell which are new.
 * Tests whose latest results are all clean passes are stable under any thresholds and are left out,
 * which on a healthy suite is nearly all of them.
 *
 * @example
 * const { before, after } = verdictsAroundRun(history, record, file, resolveThresholds());
 * const summary = summarizeRun({ record, before, after, mode: 'report' });
 */
export function verdictsAroundRun(
  history: HistoryIndex,
  record: RunRecord,
  file: string,
  thresholds: VerdictThresholds,
): { before: TestVerdict[]; after: TestVerdict[] } {
  const after: TestVerdict[] = [];
  const before: TestVerdict[] = [];
  const seen = new Set<string>();
  for (const test of record.tests) {
    if (seen.has(test.id)) continue;
    seen.add(test.id);
    if (history.passedCleanly(test.id, thresholds.window)) continue;
    const points = history.resultsOf(test.id);
    if (!points.length) continue;
    const verdict = verdictOf(test.id, points, thresholds);
    after.push(verdict);
    if (verdict.verdict !== 'flaky') continue;
    const earlier = history.resultsOf(test.id, file);
    if (earlier.length) before.push(verdictOf(test.id, earlier, thresholds));
  }
  return { before: before.sort(BY_ID), after: after.sort(BY_ID) };
}
