import type { GenerateReport } from '@assay/core';

export const STATUS_MARK = { written: '✓', unchanged: '=', 'no-tests': '-', failed: '✗' } as const;

/** The terminal summary of a generate run: one line per file, its problems, then the totals. */
export function printGenerateSummary(report: GenerateReport, out: NodeJS.WritableStream): void {
  const lines: string[] = [''];
  // Files taken from the cache were listed by the run that processed them: count them, do not repeat them.
  const cached = report.files.filter((file) => file.cached);
  for (const file of report.files) {
    if (file.cached) continue;
    const target = file.output ? ` → ${file.output}` : '';
    const detail = file.status === 'unchanged' ? 'unchanged, skipped' : `${file.tests} tests`;
    lines.push(`${STATUS_MARK[file.status]} ${file.source}${target} (${detail})`);
    const problems = [...file.problems, ...file.units.flatMap((u) => u.problems)];
    for (const problem of problems) lines.push(`    ${problem.code}: ${problem.message}`);
  }
  if (cached.length > 0) {
    const failed = cached.filter((file) => file.status === 'failed').length;
    lines.push(
      `= ${cached.length} files unchanged since the last run (nothing they import changed), skipped` +
        (failed > 0 ? `; ${failed} of them failed then (run with --json for their problems)` : ''),
    );
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
