import type { SpecResult, TraceReport } from '../spec/index.js';

interface Writable {
  write(text: string): unknown;
}

/** What `assay spec` prints: per document, the statements read and the file written; then the traceability table. */
export function printSpecResult(result: SpecResult, out: Writable, err: Writable): void {
  for (const doc of result.documents) {
    const target = doc.output ? ` → ${doc.output.output} (${doc.output.status})` : '';
    out.write(
      `${doc.file} (${doc.feature}): ${doc.requirements} requirement${doc.requirements === 1 ? '' : 's'}, ` +
        `${doc.statements} statement${doc.statements === 1 ? '' : 's'}, ${doc.parsed} read as EARS${target}\n`,
    );
    for (const u of doc.unparsed) {
      out.write(`  not EARS: ${u.tag} (line ${u.line}) "${clip(u.text)}": ${u.reason}\n`);
    }
    if (doc.output?.message) err.write(`assay spec: ${doc.output.message}\n`);
    if (doc.warning) err.write(`assay spec: ${doc.warning}\n`);
  }
  if (result.report) printTrace(result.report, out, err);
}

function printTrace(report: TraceReport, out: Writable, err: Writable): void {
  for (const warning of report.warnings) err.write(`warning: ${warning}\n`);
  out.write(
    `\nTraceability: ${report.rows.length} criteria, ${report.testFiles} test files, ${report.runs} recorded runs\n`,
  );
  const width = Math.max(8, ...report.rows.map((r) => r.tag.length));
  for (const row of report.rows) {
    const tests = row.tests.filter((t) => t.state !== 'todo');
    const first = tests[0];
    const link = first
      ? `${first.test} (${first.state})${tests.length > 1 ? ` +${tests.length - 1} more` : ''}`
      : '-';
    out.write(`  ${row.tag.padEnd(width)}  ${row.status.padEnd(8)}  ${link}\n`);
  }
  const c = report.counts;
  out.write(`${c.covered} covered, ${c.failing} failing, ${c['not-run']} not run, ${c.untested} untested.\n`);
}

function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
