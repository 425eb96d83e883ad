// Detection benchmark: a generated suite of stable, broken and flaky tests of several kinds, run 10
// times with the assay plugin. Measures recall by kind of flakiness, runs needed before the verdict,
// and false alarms (stable or broken tests called flaky).
// Usage: node bench/flaky-detection/run.mjs [--runs 10] [--seed 42]   (build history + plugin first)
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  codeScenario,
  detectionPassed,
  freshProject,
  repoRoot,
  scenarioName,
  vitest,
  write,
} from './lib.mjs';
import { generateSuite } from './suite.mjs';

const history = await import(join(repoRoot, 'packages', 'history', 'dist', 'index.js'));

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    seed: { type: 'string', default: '42' },
    // Make a commit before every run (as on a busy main branch): then no two runs share a code
    // version and only retries and the failure-rate rule can find flaky tests.
    'new-commit-each-run': { type: 'boolean', default: false },
    // Where the code lives: 'git' (the default), 'no-git' (no repository) or 'dirty' (uncommitted
    // changes before every run). The last two add tests that fail on exactly 1..6 of the 10 runs.
    code: { type: 'string', default: 'git' },
    // Vitest reuses one worker for every file (`--no-isolate`) instead of a new process per file:
    // on a loaded machine each process start took ~12 s, 15 minutes a run.
    'no-isolate': { type: 'boolean', default: false },
    // Vitest retries through the plugin's `retry` option (0: none, the default).
    retry: { type: 'string', default: '0' },
  },
});
const RETRY = Number(values.retry);
const NEW_COMMIT_EACH_RUN = values['new-commit-each-run'];
const CODE = values.code;
if (!['git', 'no-git', 'dirty'].includes(CODE))
  throw new Error(`--code ${CODE}: expected git, no-git or dirty`);
const RUNS = Number(values.runs);
const SEED = Number(values.seed);
const CHANGE_AT = Math.ceil(RUNS / 2) + 1; // run at which the "broken by a change" tests break

const here = join(repoRoot, 'bench', 'flaky-detection');
// One folder per code scenario: scenarios can run side by side.
const dir = join(here, '.work', CODE === 'git' ? 'project' : `project-${CODE}`);
freshProject(dir);

// ---- generate the suite (seeded) -------------------------------------------------------------------
const { files, truth, change } = generateSuite({
  seed: SEED,
  runner: 'vitest',
  scheduled: CODE !== 'git',
});
write(dir, {
  ...files,
  'vitest.config.ts': `import assay from '@assay/vitest-plugin';
export default {
  plugins: [assay(${RETRY ? `{ retry: ${RETRY} }` : ''})],
  test: { include: ['test/**/*.test.ts'], sequence: { shuffle: { files: true, tests: true } } },
};
`,
  '.gitignore': 'node_modules\n.assay\n.state\nresults-*.json\n.count-*\n',
});
const beforeRun = await codeScenario(dir, {
  mode: CODE,
  newCommitEachRun: NEW_COMMIT_EACH_RUN,
  changeAt: CHANGE_AT,
  change,
});

// ---- run it --------------------------------------------------------------------------------------
const outcomes = new Map(); // id → ['passed' | 'failed', ...] from Vitest's own JSON report
const failedAttempts = new Map(); // id → runs (0-based) in which it passed only after failing (retries)
for (let run = 1; run <= RUNS; run++) {
  await beforeRun(run);
  rmSync(join(dir, '.state'), { recursive: true, force: true });
  const report = join(dir, `results-${run}.json`);
  const result = await vitest(
    dir,
    [
      '--reporter=json',
      `--outputFile=${report}`,
      `--sequence.seed=${SEED * 100 + run}`,
      ...(values['no-isolate'] ? ['--no-isolate'] : []),
    ],
    // Git must not find the repository the benchmark sits in: the project has its own, or none.
    { BENCH_RUN: String(run), GIT_CEILING_DIRECTORIES: dirname(dir) },
  );
  const json = JSON.parse(readFileSync(report, 'utf8'));
  for (const file of json.testResults) {
    const rel = file.name.slice(dir.length + 1);
    for (const a of file.assertionResults) {
      const id = `${rel}::${[...a.ancestorTitles, a.title].join(' > ')}`;
      if (!outcomes.has(id)) outcomes.set(id, []);
      outcomes.get(id).push(a.status);
      // A test that passed after a retry failed at least once: Vitest keeps the errors of the failed
      // attempts in failureMessages.
      if (a.status === 'passed' && a.failureMessages?.length) {
        if (!failedAttempts.has(id)) failedAttempts.set(id, []);
        failedAttempts.get(id).push(run - 1);
      }
    }
  }
  process.stdout.write(`run ${run}/${RUNS}: exit ${result.code}, ${(result.ms / 1000).toFixed(1)} s\n`);
}

// ---- score it ------------------------------------------------------------------------------------
const { runs, problems } = await new history.RunStore(join(dir, '.assay', 'runs')).read();
if (problems.length) throw new Error(problems.map((p) => p.message).join('\n'));
if (runs.length !== RUNS) throw new Error(`expected ${RUNS} run records, found ${runs.length}`);
// The plugin's records must agree with Vitest's own report on every outcome.
let disagreements = 0;
for (const [id, list] of outcomes) {
  const recorded = runs.map((r) => r.record.tests.find((t) => t.id === id)?.state);
  if (recorded.join() !== list.join()) disagreements++;
}
if (outcomes.size !== truth.size)
  throw new Error(`expected ${truth.size} tests, Vitest reported ${outcomes.size}`);

const finalVerdicts = new Map(history.computeVerdicts(runs).map((v) => [v.id, v.verdict]));
/** First run k after which the verdict on runs 1..k is flaky. */
const prefixVerdicts = [];
for (let k = 1; k <= RUNS; k++) {
  prefixVerdicts.push(new Map(history.computeVerdicts(runs.slice(0, k)).map((v) => [v.id, v.verdict])));
}
const byKind = {};
for (const [id, kind] of truth) {
  const list = outcomes.get(id) ?? [];
  const mixed = list.includes('passed') && (list.includes('failed') || failedAttempts.has(id));
  const verdict = finalVerdicts.get(id);
  byKind[kind] ??= {
    tests: 0,
    mixed: 0,
    detected: 0,
    verdicts: {},
    runsToVerdict: [],
    afterFirstFailure: [],
  };
  const k = byKind[kind];
  k.tests++;
  k.verdicts[verdict] = (k.verdicts[verdict] ?? 0) + 1;
  if (!kind.endsWith('-flaky') || !mixed) continue;
  k.mixed++;
  if (verdict === 'flaky') {
    k.detected++;
    const first = prefixVerdicts.findIndex((m) => m.get(id) === 'flaky') + 1;
    const firstFailure =
      list.findIndex((status, run) => status === 'failed' || (failedAttempts.get(id) ?? []).includes(run)) +
      1;
    k.runsToVerdict.push(first);
    k.afterFirstFailure.push(first - firstFailure);
  }
}
const median = (xs) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const rows = [];
let mixedTotal = 0;
let detectedTotal = 0;
for (const [kind, k] of Object.entries(byKind)) {
  const flakyKind = kind.endsWith('-flaky');
  if (flakyKind) {
    mixedTotal += k.mixed;
    detectedTotal += k.detected;
  }
  rows.push({
    kind,
    tests: k.tests,
    bothOutcomes: flakyKind ? k.mixed : '-',
    calledFlaky: flakyKind ? k.detected : (k.verdicts.flaky ?? 0),
    recall: flakyKind ? (k.mixed ? +(k.detected / k.mixed).toFixed(3) : null) : '-',
    medianRunsToVerdict: flakyKind ? median(k.runsToVerdict) : '-',
    maxRunsToVerdict: flakyKind && k.runsToVerdict.length ? Math.max(...k.runsToVerdict) : '-',
    medianRunsAfterFirstFailure: flakyKind ? median(k.afterFirstFailure) : '-',
    verdicts: k.verdicts,
  });
}
const falseFlaky = rows
  .filter((r) => !r.kind.endsWith('-flaky'))
  .reduce((n, r) => n + (r.verdicts.flaky ?? 0), 0);
const summary = {
  seed: SEED,
  runs: RUNS,
  retry: RETRY,
  isolate: !values['no-isolate'],
  scenario: scenarioName({ code: CODE, newCommitEachRun: NEW_COMMIT_EACH_RUN, changeAt: CHANGE_AT }),
  tests: truth.size,
  recall: +(detectedTotal / mixedTotal).toFixed(4),
  flakyWithBothOutcomes: mixedTotal,
  detected: detectedTotal,
  stableOrBrokenCalledFlaky: falseFlaky,
  changedCalledBroken: byKind.changed?.verdicts.broken ?? 0,
  recordDisagreementsWithVitestJson: disagreements,
  node: process.version,
  byKind: rows,
};
const isDefault = RUNS === 10 && SEED === 42;
const out = isDefault
  ? join(
      here,
      `results${CODE === 'git' ? '' : `-${CODE}`}${values['no-isolate'] ? '-no-isolate' : ''}${NEW_COMMIT_EACH_RUN ? '-new-commit-each-run' : ''}${RETRY ? `-retry${RETRY}` : ''}.json`,
    )
  : join(here, '.work', 'result.json');
writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary, null, 2));
process.exitCode = detectionPassed(summary, {
  code: CODE,
  disagreements,
  changedTests: byKind.changed?.tests ?? 0,
})
  ? 0
  : 1;
