import { describe, expect, test } from 'vitest';
import {
  computeVerdicts,
  formatMarkdown,
  formatSummary,
  formatVerdictTable,
  summarizeRun,
} from '../src/index.js';
import { run } from './helpers.js';

describe('run summary', () => {
  const earlier = [run([{ id: 'a.test.ts::old flaky', retries: 1 }])];
  const current = run([
    { id: 'a.test.ts::old flaky', retries: 1 },
    { id: 'a.test.ts::new flaky', retries: 2 },
    { id: 'a.test.ts::quarantined', state: 'failed', quarantined: true, error: 'boom' },
    { id: 'a.test.ts::fine' },
  ]);
  const summary = summarizeRun({
    record: current,
    before: computeVerdicts(earlier),
    after: computeVerdicts([...earlier, current]),
    mode: 'report',
    file: '.assay/runs/x.json',
  });

  test('lists only tests that became flaky in this run as new', () => {
    expect(summary.newFlaky.map((v) => v.id)).toEqual(['a.test.ts::new flaky']);
    expect(summary.passedOnRetry.map((t) => t.id)).toEqual(['a.test.ts::old flaky', 'a.test.ts::new flaky']);
  });

  test('the terminal text names new flaky tests, quarantined failures and broken tests', () => {
    const text = formatSummary(summary);
    expect(text).toContain('4 tests recorded: 3 passed, 1 failed, 0 skipped');
    expect(text).toContain('new flaky tests (1)\n    a.test.ts::new flaky');
    expect(text).toContain('quarantined failures, not failing the build (1)\n    a.test.ts::quarantined');
    expect(text).toContain('broken tests (1)');
  });

  test('the markdown has a table per section with pipes escaped', () => {
    const md = formatMarkdown({ ...summary, newFlaky: [{ ...summary.newFlaky[0]!, id: 'a|b.test.ts::x' }] });
    expect(md).toContain('### New flaky tests (1)');
    expect(md).toContain('| a\\|b.test.ts::x |');
    expect(md).toContain('### Quarantined failures (1)');
  });

  test('a failure of a test known to be flaky, not quarantined, is listed with the command that quarantines it', () => {
    const before = [
      run([{ id: 'b.test.ts::wobbly', retries: 1 }]),
      run([{ id: 'b.test.ts::wobbly', state: 'failed' }]),
      run([{ id: 'b.test.ts::wobbly' }]),
    ];
    const failing = run([{ id: 'b.test.ts::wobbly', state: 'failed' }]);
    const known = summarizeRun({
      record: failing,
      before: computeVerdicts(before),
      after: computeVerdicts([...before, failing]),
      mode: 'report',
    });
    expect(computeVerdicts(before)[0]!.verdict).toBe('flaky');
    expect(known.knownFlakyFailures.map((v) => v.id)).toEqual(['b.test.ts::wobbly']);
    expect(formatSummary(known)).toContain(
      "known flaky, failed, not quarantined (1)\n    b.test.ts::wobbly — assay quarantine add 'b.test.ts::wobbly'",
    );
    expect(formatMarkdown(known)).toContain('### Known flaky, failed, not quarantined (1)');
    // Quarantined, the same failure is listed among quarantined failures instead.
    const quarantined = run([{ id: 'b.test.ts::wobbly', state: 'failed', quarantined: true }]);
    expect(
      summarizeRun({ record: quarantined, before: computeVerdicts(before), after: [], mode: 'report' })
        .knownFlakyFailures,
    ).toEqual([]);
  });

  test('a problem met twice (a truncated run file read twice) is warned about once', () => {
    const warned = summarizeRun({
      record: current,
      before: [],
      after: [],
      mode: 'report',
      problems: ['x.json: not valid JSON', 'x.json: not valid JSON'],
    });
    expect(formatSummary(warned).match(/not valid JSON/g)).toHaveLength(1);
  });

  test('the verdict table marks quarantined tests', () => {
    const table = formatVerdictTable(computeVerdicts([current]), new Set(['a.test.ts::quarantined']));
    expect(table.split('\n')[0]).toMatch(/^verdict\s+fail\s+recent\s+test\s+why$/);
    expect(table).toMatch(/broken \(q\)\s+100%\s+F\s+a\.test\.ts::quarantined/);
  });
});
