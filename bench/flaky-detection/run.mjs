// Detection benchmark: a generated suite of stable, broken and flaky tests of several kinds, run 10
// times with the assay plugin. Measures recall by kind of flakiness, runs needed before the verdict,
// and false alarms (stable or broken tests called flaky).
// Usage: node bench/flaky-detection/run.mjs [--runs 10] [--seed 42]   (build history + plugin first)
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freshProject, prng, repoRoot, sh, vitest, write } from './lib.mjs';

const history = await import(join(repoRoot, 'packages', 'history', 'dist', 'index.js'));

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    seed: { type: 'string', default: '42' },
    // Make a commit before every run (as on a busy main branch): then no two runs share a code
    // version and only retries and the failure-rate rule can find flaky tests.
    'new-commit-each-run': { type: 'boolean', default: false },
    // Vitest retries through the plugin's `retry` option (0: none, the default).
    retry: { type: 'string', default: '0' },
  },
});
const RETRY = Number(values.retry);
const NEW_COMMIT_EACH_RUN = values['new-commit-each-run'];
const RUNS = Number(values.runs);
const SEED = Number(values.seed);
const CHANGE_AT = Math.ceil(RUNS / 2) + 1; // run at which the "broken by a change" tests break

const here = join(repoRoot, 'bench', 'flaky-detection');
const dir = join(here, '.work', 'project');
freshProject(dir);

// ---- generate the suite (seeded) -------------------------------------------------------------------
const rand = prng(SEED);
const COUNTS = { stable: 200, broken: 15, changed: 10, random: 40, order: 20, timing: 20, shared: 10 };
const UNIT_FILES = 20;
/** id → kind; kinds ending in "flaky" are the flaky ones. */
const truth = new Map();
const unit = Array.from({ length: UNIT_FILES }, () => []);
const sources = {};
const files = {};

function place(kind, body, name) {
  const f = Math.floor(rand() * UNIT_FILES);
  unit[f].push({ kind, name, body });
}
for (let i = 0; i < COUNTS.stable; i++) {
  const a = Math.floor(rand() * 100);
  const b = Math.floor(rand() * 100);
  place('stable', `expect(add(${a}, ${b})).toBe(${a + b});`, `stable ${i}`);
}
for (let i = 0; i < COUNTS.broken; i++) {
  const a = Math.floor(rand() * 100);
  place('broken', `expect(add(${a}, 1)).toBe(${a + 2});`, `broken ${i}`);
}
for (let i = 0; i < COUNTS.changed; i++) {
  sources[`src/feature${i}.ts`] = `export const feature${i} = (x: number): number => x * 2;\n`;
  place(
    'changed',
    `const { feature${i} } = await import('../src/feature${i}.ts');\n      expect(feature${i}(21)).toBe(42);`,
    `changed ${i}`,
  );
}
const randomP = [];
for (let i = 0; i < COUNTS.random; i++) {
  // Failure probability between 5 % and 50 %, drawn from the seed.
  const p = +(0.05 + rand() * 0.45).toFixed(3);
  randomP.push(p);
  place('random-flaky', `expect(chance(${i})).toBeGreaterThanOrEqual(${p});`, `random ${i} p=${p}`);
}
for (let i = 0; i < COUNTS.timing; i++) {
  // A timer must fire within a small slack of its delay: it fails when the machine is busy.
  const delay = 2 + Math.floor(rand() * 10);
  const slack = +(0.3 + rand() * 2.5).toFixed(2);
  place(
    'timing-flaky',
    `const start = performance.now();\n      await new Promise((r) => setTimeout(r, ${delay}));\n      expect(performance.now() - start).toBeLessThan(${delay + slack});`,
    `timing ${i}`,
  );
}
for (let f = 0; f < UNIT_FILES; f++) {
  const lines = [
    `import { describe, test, expect } from 'vitest';`,
    `import { add } from '../src/add.ts';`,
    `import { chance } from '../src/chance.ts';`,
    `describe('unit ${f}', () => {`,
  ];
  for (const t of unit[f]) {
    truth.set(`test/unit${f}.test.ts::unit ${f} > ${t.name}`, t.kind);
    lines.push(`  test(${JSON.stringify(t.name)}, async () => {`, `      ${t.body}`, '  });');
  }
  lines.push('});');
  files[`test/unit${f}.test.ts`] = `${lines.join('\n')}\n`;
}
// Order-dependent: a test that relies on state another test in the same file leaves behind.
for (let i = 0; i < COUNTS.order; i++) {
  const f = `test/order${i}.test.ts`;
  files[f] = `import { describe, test, expect } from 'vitest';
const cache: Record<string, number> = {};
describe('order ${i}', () => {
  test('fills the cache', () => { cache.value = ${i}; expect(cache.value).toBe(${i}); });
  test('reads the cache', () => { expect(cache.value).toBe(${i}); });
  test('unrelated', () => { expect([${i}].length).toBe(1); });
});
`;
  truth.set(`${f}::order ${i} > fills the cache`, 'stable');
  truth.set(`${f}::order ${i} > reads the cache`, 'order-flaky');
  truth.set(`${f}::order ${i} > unrelated`, 'stable');
}
// Shared state across files: one file leaves a file on disk that a test of another file does not expect.
for (let i = 0; i < COUNTS.shared; i++) {
  files[`test/shared${i}a.test.ts`] = `import { test, expect } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
test('writes a lock ${i}', () => { mkdirSync('.state', { recursive: true }); writeFileSync('.state/lock${i}', 'x'); expect(true).toBe(true); });
`;
  files[`test/shared${i}b.test.ts`] = `import { test, expect } from 'vitest';
import { existsSync } from 'node:fs';
test('starts without a lock ${i}', () => { expect(existsSync('.state/lock${i}')).toBe(false); });
`;
  truth.set(`test/shared${i}a.test.ts::writes a lock ${i}`, 'stable');
  truth.set(`test/shared${i}b.test.ts::starts without a lock ${i}`, 'shared-flaky');
}
write(dir, {
  ...files,
  ...sources,
  'src/add.ts': 'export const add = (a: number, b: number): number => a + b;\n',
  // Seeded "randomness" per run and test, so a run of the benchmark can be replayed exactly.
  // A retry within a run draws again (attempt 2, 3, ...), as real random failures would.
  'src/chance.ts': `const run = Number(process.env.BENCH_RUN ?? 0);
const attempts = new Map<number, number>();
export function chance(test: number): number {
  const attempt = (attempts.get(test) ?? 0) + 1;
  attempts.set(test, attempt);
  let a = (${SEED} * 1000003 + run * 7919 + test * 104729 + (attempt - 1) * 15485863) >>> 0;
  a = (a + 0x6d2b79f5) >>> 0;
  let t = Math.imul(a ^ (a >>> 15), a | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
`,
  'vitest.config.ts': `import assay from '@assay/vitest-plugin';
export default {
  plugins: [assay(${RETRY ? `{ retry: ${RETRY} }` : ''})],
  test: { include: ['test/**/*.test.ts'], sequence: { shuffle: { files: true, tests: true } } },
};
`,
  '.gitignore': 'node_modules\n.assay\n.state\nresults-*.json\n',
});
const git = (...args) =>
  sh('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', ...args], dir);
await git('init', '-q');
await git('add', '-A');
await git('commit', '-q', '-m', 'suite');

// ---- run it --------------------------------------------------------------------------------------
const outcomes = new Map(); // id → ['passed' | 'failed', ...] from Vitest's own JSON report
const failedAttempts = new Map(); // id → runs (0-based) in which it passed only after failing (retries)
for (let run = 1; run <= RUNS; run++) {
  if (run === CHANGE_AT) {
    for (let i = 0; i < COUNTS.changed; i++) {
      write(dir, {
        [`src/feature${i}.ts`]: `export const feature${i} = (x: number): number => x * 2 + 1;\n`,
      });
    }
    await git('commit', '-q', '-am', 'a change that breaks the feature tests');
  } else if (NEW_COMMIT_EACH_RUN && run > 1) {
    await git('commit', '-q', '--allow-empty', '-m', `unrelated change before run ${run}`);
  }
  rmSync(join(dir, '.state'), { recursive: true, force: true });
  const report = join(dir, `results-${run}.json`);
  const result = await vitest(
    dir,
    ['--reporter=json', `--outputFile=${report}`, `--sequence.seed=${SEED * 100 + run}`],
    {
      BENCH_RUN: String(run),
    },
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
  scenario: NEW_COMMIT_EACH_RUN
    ? 'a new commit before every run'
    : 'one commit (a change at run ' + CHANGE_AT + ')',
  tests: truth.size,
  recall: +(detectedTotal / mixedTotal).toFixed(4),
  flakyWithBothOutcomes: mixedTotal,
  detected: detectedTotal,
  stableOrBrokenCalledFlaky: falseFlaky,
  recordDisagreementsWithVitestJson: disagreements,
  node: process.version,
  byKind: rows,
};
const isDefault = RUNS === 10 && SEED === 42;
const out = isDefault
  ? join(
      here,
      `results${NEW_COMMIT_EACH_RUN ? '-new-commit-each-run' : ''}${RETRY ? `-retry${RETRY}` : ''}.json`,
    )
  : join(here, '.work', 'result.json');
writeFileSync(out, `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary, null, 2));
process.exitCode = summary.recall >= 0.95 && falseFlaky === 0 && disagreements === 0 ? 0 : 1;
