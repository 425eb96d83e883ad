import type { CoverageFigures, CoverageReport, GenerateReport, Problem } from '@assay/core';
import { decodeValuesIn } from './encoded-values.js';
import { plural } from './plural.js';

export const STATUS_MARK = { written: '✓', unchanged: '=', 'no-tests': '-', failed: '✗' } as const;

/** The terminal summary of a generate run: one line per file, its problems, then the totals. */
export function printGenerateSummary(report: GenerateReport, out: NodeJS.WritableStream): void {
  const lines: string[] = [''];
  // Files taken from the cache were listed by the run that processed them: count them, do not repeat them.
  const cached = report.files.filter((file) => file.cached);
  for (const file of report.files) {
    if (file.cached) continue;
    const target = file.output ? ` → ${file.output}` : '';
    const detail = file.status === 'unchanged' ? 'unchanged, skipped' : plural(file.tests, 'test');
    lines.push(`${STATUS_MARK[file.status]} ${file.source}${target} (${detail})`);
    if (file.coverage) lines.push(...coverageLines(file.coverage));
    const problems = [...file.problems, ...file.units.flatMap((u) => u.problems)];
    for (const problem of problems) lines.push(`    ${problemLine(problem)}`);
  }
  if (cached.length > 0) {
    const failed = cached.filter((file) => file.status === 'failed').length;
    lines.push(
      `= ${plural(cached.length, 'file')} unchanged since the last run (nothing they import changed), skipped` +
        (failed > 0 ? `; ${failed} of them failed then (run with --json for their problems)` : ''),
    );
  }
  const t = report.totals;
  lines.push(
    '',
    `${plural(t.files, 'file')}: ${t.written} written, ${t.unchanged} unchanged, ${t.failed} failed; ` +
      `${plural(t.tests, 'test')} for ${plural(t.units, 'function')} (${report.framework}) in ${(report.durationMs / 1000).toFixed(1)} s`,
    '',
  );
  out.write(lines.join('\n'));
}

/** Coverage measured by the real runner: before → each iteration, the target, dropped tests, what is left. */
function coverageLines(coverage: CoverageReport): string[] {
  const pct = (f: CoverageFigures | undefined) => (f ? `${f.lines.pct}%` : '?');
  const steps = [
    `before ${pct(coverage.before)}`,
    ...coverage.iterations.map((i) => `#${i.iteration} ${pct(i.coverage)}${i.kept ? '' : ' (discarded)'}`),
  ];
  const final = coverage.final;
  // Nothing measured (no coverage provider): say so once, not "lines ?, target not met [before ? → #0 ?]".
  if (!final && !coverage.before && coverage.iterations.every((i) => !i.coverage)) {
    return [
      `    coverage (${coverage.runner.name} ${coverage.runner.version}): not measured, so the coverage-gap loop did not run`,
    ];
  }
  const lines = [
    `    coverage (${coverage.runner.name} ${coverage.runner.version}): lines ${pct(final)}, branches ${final?.branches.pct ?? '?'}%, functions ${final?.functions.pct ?? '?'}% — ` +
      `target ${coverage.target}% ${coverage.met ? 'met' : 'not met'} [${steps.join(' → ')}]`,
  ];
  if (coverage.dropped.length > 0)
    lines.push(
      `    ${plural(coverage.dropped.length, 'generated test')} failed under ${coverage.runner.name} and ${coverage.dropped.length === 1 ? 'was' : 'were'} removed`,
    );
  if (!coverage.met) {
    for (const gap of coverage.remaining) {
      const where =
        gap.lines.length > 0
          ? `lines ${compactRanges(gap.lines)}`
          : plural(gap.branches.length, 'branch', 'branches');
      const branch = gap.branches[0] ? `; e.g. needs ${gap.branches[0].need}` : '';
      lines.push(`    uncovered in ${gap.unit}: ${where} (${gap.reason})${branch}`);
    }
  }
  return lines;
}

/**
 * A problem as the user reads it: its code, then its message with values in plain JavaScript. A
 * candidate property that did not hold is a note, not an error: it was checked and left out.
 */
export function problemLine(problem: Problem): string {
  const message = decodeValuesIn(problem.message);
  if (problem.code === 'property-rejected') {
    const match = /^property not written: (.*); counterexample (.*)$/s.exec(message);
    if (match)
      return `note: property "${match[1]}" does not hold (e.g. for ${match[2]}), so it was not written`;
  }
  return `${problem.code}: ${message}`;
}

/** [3, 4, 5, 9] → "3-5, 9". */
function compactRanges(numbers: readonly number[]): string {
  const parts: string[] = [];
  let start = numbers[0]!;
  let previous = start;
  for (const n of [...numbers.slice(1), Number.NaN]) {
    if (n === previous + 1) {
      previous = n;
      continue;
    }
    parts.push(start === previous ? `${start}` : `${start}-${previous}`);
    start = n;
    previous = n;
  }
  return parts.join(', ');
}
