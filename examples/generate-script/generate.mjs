// Generates tests for the sources of examples/basic into ./generated and prints what was written.
// Usage: node generate.mjs [--check]   (--check exits non-zero unless every file was written)
import { fileURLToPath } from 'node:url';
import { generateTests } from '@assay/core';

const root = fileURLToPath(new URL('../basic', import.meta.url));
const outDir = fileURLToPath(new URL('./generated', import.meta.url));

const report = await generateTests({
  root,
  paths: ['src'],
  outDir,
  onProgress: (event) => {
    if (event.phase === 'file-done') console.log(`[${event.done}/${event.total}] ${event.file}`);
  },
});

console.table(
  report.files.map((file) => ({
    source: file.source,
    status: file.status,
    tests: file.tests,
    functions: file.units.map((unit) => `${unit.name} (${unit.tests})`).join(', '),
    problems: file.problems.length + file.units.reduce((n, unit) => n + unit.problems.length, 0),
  })),
);
console.log(
  `${report.totals.tests} tests in ${report.totals.written} files, ${(report.durationMs / 1000).toFixed(1)} s`,
);

if (process.argv.includes('--check') && report.files.some((file) => file.status === 'failed')) {
  process.exitCode = 1;
}
