import type { GenerateReport } from '@assay/core';

const STATUS_MARK = { written: '✓', unchanged: '=', 'no-tests': '-', failed: '✗' } as const;

/** The terminal summary of a generate run: one line per file, its problems, then the totals. */
export function printGenerateSummary(report: GenerateReport, out: NodeJS.WritableStream): void {
  const lines: string[] = [''];
  for (const file of report.files) {
    const target = file.output ? ` → ${file.output}` : '';
    const detail = file.status === 'unchanged' ? 'unchanged, skipped' : `${file.tests} tests`;
    lines.push(`${STATUS_MARK[file.status]} ${file.source}${target} (${detail})`);
    const problems = [...file.problems, ...file.units.flatMap((u) => u.problems)];
    for (const problem of problems) lines.push(`    ${problem.code}: ${problem.message}`);
  }
  const t = report.totals;
  lines.push(
    '',
    `${t.files} files: ${t.written} written, ${t.unchanged} unchanged, ${t.failed} failed; ` +
      `${t.tests} tests for ${t.units} functions (${report.framework}) in ${(report.durationMs / 1000).toFixed(1)} s`,
    '',
  );
  out.write(lines.join('\n'));
}
