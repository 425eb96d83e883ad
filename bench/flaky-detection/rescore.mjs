// Judges the runs a detection benchmark recorded again, with the verdict rules of the current build:
// a change to the rules can be checked on the very histories that showed a problem, without running
// the suite again. Outcomes come from the run records (they agree with the runner's own report: the
// benchmarks check that on every run); the truth comes from the suite generated from the seed.
// Usage: node bench/flaky-detection/rescore.mjs <project dir> [--runner vitest|jest] [--seed 42]
//        [--thresholds '{"brokenSignificance":1}']
//        (<project dir>: e.g. bench/flaky-detection/.work/project-no-git; build @assay/history first)
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './lib.mjs';
import { generateSuite } from './suite.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runner: { type: 'string', default: 'vitest' },
    seed: { type: 'string', default: '42' },
    // Verdict thresholds as JSON, e.g. '{"brokenSignificance":1}' for the rule of session 5.
    thresholds: { type: 'string', default: '{}' },
  },
});
if (positionals.length !== 1) {
  console.error('usage: node bench/flaky-detection/rescore.mjs <project dir> [--runner vitest|jest]');
  process.exit(2);
}
const history = await import(join(repoRoot, 'packages', 'history', 'dist', 'index.js'));
const dir = resolve(positionals[0]);
const { runs, problems } = await new history.RunStore(join(dir, '.assay', 'runs')).read();
if (problems.length) throw new Error(problems.map((p) => p.message).join('\n'));
const { truth } = generateSuite({ seed: Number(values.seed), runner: values.runner, scheduled: true });
const results = history.collectResults(runs);
const verdicts = new Map(history.computeVerdicts(runs, JSON.parse(values.thresholds)).map((v) => [v.id, v]));

let mixed = 0;
let found = 0;
let falseFlaky = 0;
let changedBroken = 0;
const misses = [];
for (const [id, kind] of truth) {
  const points = results.get(id) ?? [];
  const v = verdicts.get(id);
  if (kind === 'changed' && v?.verdict === 'broken') changedBroken++;
  if (!kind.endsWith('-flaky')) {
    if (v?.verdict === 'flaky') falseFlaky++;
    continue;
  }
  const both =
    points.some((p) => p.state === 'passed') && points.some((p) => p.state === 'failed' || p.retries > 0);
  if (!both) continue;
  mixed++;
  if (v?.verdict === 'flaky') found++;
  else misses.push(`${v?.verdict} ${v?.recent} ${id}: ${v?.reason}`);
}
console.log(
  `${runs.length} runs: recall ${((100 * found) / mixed).toFixed(1)} % (${found}/${mixed}), ` +
    `stable or broken tests called flaky: ${falseFlaky}, changed tests called broken: ${changedBroken}`,
);
for (const line of misses) console.log(`  missed: ${line}`);
