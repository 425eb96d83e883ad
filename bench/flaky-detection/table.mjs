// Prints the recorded results as Markdown tables (used to write README.md).
// Usage: node bench/flaky-detection/table.mjs results.json [more.json ...]
import { readFileSync } from 'node:fs';

for (const file of process.argv.slice(2)) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  console.log(
    `**${r.scenario}, retry ${r.retry ?? 0}** (\`${file.split('/').pop()}\`): recall ${(r.recall * 100).toFixed(1)} % ` +
      `(${r.detected}/${r.flakyWithBothOutcomes}), stable or broken tests called flaky: ${r.stableOrBrokenCalledFlaky}, ` +
      `records disagreeing with Vitest's JSON report: ${r.recordDisagreementsWithVitestJson}.\n`,
  );
  console.log(
    '| kind | tests | both outcomes in 10 runs | called flaky | recall | runs to verdict (median / max) | runs after first failure (median) | final verdicts |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | --- | ---: | --- |');
  for (const k of r.byKind) {
    const verdicts = Object.entries(k.verdicts)
      .map(([v, n]) => `${v} ${n}`)
      .join(', ');
    const recall = typeof k.recall === 'number' ? `${(k.recall * 100).toFixed(0)} %` : (k.recall ?? '–');
    console.log(
      `| ${k.kind} | ${k.tests} | ${k.bothOutcomes} | ${k.calledFlaky} | ${recall} | ${k.medianRunsToVerdict ?? '–'} / ${k.maxRunsToVerdict} | ${k.medianRunsAfterFirstFailure ?? '–'} | ${verdicts} |`,
    );
  }
  console.log('');
}
