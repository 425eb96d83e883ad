// Sharding on a real suite nobody here wrote: toss/es-toolkit's own Vitest specs (CPU-bound, hundreds of
// small files), split into 4 shards by assay's duration plan and by Vitest's built-in split, in one run.
// Usage: node bench/sharding/outside.mjs --repo <git dir of toss/es-toolkit> [--commit <sha>] [--rounds 2]
//        (build first: pnpm turbo run build --filter @assay/vitest-plugin)
// The project is copied (git archive of src/ and tsconfig.json) into bench/sharding/.work/es-toolkit/
// (ignored, never committed). Specs that import the package by its own name (`es-toolkit/compat`, which
// needs a build of es-toolkit) or fast-check are left out, and so are those that need Node 22
// (`iterator/` folders: Iterator helpers; `src/server/exec`: Promise.withResolvers). `src/compat/` (306 files,
// most of the suite's time) runs only with --with-compat, to keep a round short on 2 cores.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { freshProject, repoRoot, vitest, write } from '../flaky-detection/lib.mjs';
import { copyHistory, shardRounds, slowestOverMean } from './lib.mjs';

const { values } = parseArgs({
  options: {
    repo: { type: 'string' },
    commit: { type: 'string', default: 'a1918b04e0e46e70000e0b6b048f1aabaafc1afb' },
    rounds: { type: 'string', default: '2' },
    'with-compat': { type: 'boolean', default: false },
  },
});
if (!values.repo) {
  console.error('bench/sharding/outside.mjs: --repo <git dir of toss/es-toolkit> is required');
  process.exit(2);
}
const SHARDS = 4;
const here = join(repoRoot, 'bench', 'sharding');
const dir = join(here, '.work', 'es-toolkit');

freshProject(dir);
execFileSync('sh', [
  '-c',
  `git --git-dir="${values.repo}" archive ${values.commit} src tsconfig.json | tar -x -C "${dir}"`,
]);
const specs = [];
const walk = (folder) => {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.spec.ts')) specs.push(relative(dir, path));
  }
};
walk(join(dir, 'src'));
const needsNode22 = /(^|\/)iterator\/|^src\/server\/exec\.spec/;
const included = specs
  .filter((f) => !needsNode22.test(f) && (values['with-compat'] || !f.startsWith('src/compat/')))
  // … and those that ask for a DOM environment (`@vitest-environment happy-dom`: not installed here).
  .filter(
    (f) =>
      !/from '(es-toolkit[^']*|fast-check)'|@vitest-environment/.test(readFileSync(join(dir, f), 'utf8')),
  )
  .sort();
const config = (shard) =>
  `import assay from '@assay/vitest-plugin';\nexport default { plugins: [assay({ shard: '${shard}', summary: false })], test: { include: ${JSON.stringify(included)}, watch: false } };\n`;
write(dir, { 'assay.config.mjs': config('duration'), 'builtin.config.mjs': config('count') });

/** Files a run executed and their durations (ms), from Vitest's JSON report. */
function filesOf(report) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  return Object.fromEntries(
    json.testResults.map((r) => [relative(dir, r.name), Math.max(0, r.endTime - r.startTime)]),
  );
}
const run = async (split, args) => {
  const report = join(dir, `report-${split}.json`);
  const result = await vitest(dir, [
    '--config',
    `${split}.config.mjs`,
    '--reporter=json',
    `--outputFile=${report}`,
    ...args,
  ]);
  if (result.code !== 0) throw new Error(`${split} ${args.join(' ')} failed:\n${result.out.slice(-3000)}`);
  return { ...result, files: filesOf(report) };
};

// One unsharded run records the durations assay plans from (and warms Vitest's caches).
const warm = await run('assay', []);
const recorded = warm.files;
console.log(
  `es-toolkit: ${included.length} spec files of ${specs.length} (${Object.keys(recorded).length} ran), one full run ${Math.round(warm.ms)} ms`,
);
const runs = join(dir, '.assay', 'runs');
const history = join(here, '.work', 'es-toolkit-history');
copyHistory(runs, history);
// What assay recorded per file in that run (its whole cost since session 4): the weight it plans by.
const [record] = readdirSync(runs)
  .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
  .map((f) => JSON.parse(readFileSync(join(runs, f), 'utf8')));
const assayMs = (f) => record?.files?.[f]?.durationMs ?? 0;

const rounds = await shardRounds({
  rounds: Number(values.rounds),
  count: SHARDS,
  runs,
  history,
  expected: included,
  async runShard(split, i) {
    const result = await run(split, [`--shard=${i}/${SHARDS}`]);
    const files = Object.keys(result.files);
    return {
      ms: Math.round(result.ms),
      count: files.length,
      // The shard's files as the full run timed them: its balance free of start-up and machine noise.
      recordedMs: Math.round(files.reduce((sum, f) => sum + (recorded[f] ?? 0), 0)),
      // … and as assay recorded them: what its plan balances.
      assayMs: Math.round(files.reduce((sum, f) => sum + assayMs(f), 0)),
      files,
      load: Number(loadavg()[0].toFixed(2)),
    };
  },
  summarize(split, shards, r) {
    const entry = {
      slowestOverMean: slowestOverMean(shards.map((s) => s.ms)),
      recordedSlowestOverMean: slowestOverMean(shards.map((s) => s.recordedMs)),
      assaySlowestOverMean: slowestOverMean(shards.map((s) => s.assayMs)),
      shards: shards.map(({ files, count, ...rest }) => ({ ...rest, files: count })),
    };
    console.log(
      `round ${r + 1} ${split}: shard ms ${shards.map((s) => s.ms).join(', ')} → slowest/mean ${entry.slowestOverMean}; recorded ms ${shards.map((s) => s.recordedMs).join(', ')} → ${entry.recordedSlowestOverMean}; assay-recorded ms ${shards.map((s) => s.assayMs).join(', ')} → ${entry.assaySlowestOverMean}; files ${shards.map((s) => s.count).join(', ')} (load ${loadavg()[0].toFixed(1)})`,
    );
    return entry;
  },
});
const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 13);
const out = join(here, `results-${stamp}-es-toolkit.json`);
writeFileSync(
  out,
  `${JSON.stringify({ repo: 'toss/es-toolkit', commit: values.commit, files: included.length, fullRunMs: Math.round(warm.ms), rounds, loadAverage: loadavg().map((l) => Number(l.toFixed(2))) }, null, 2)}\n`,
);
console.log(`written ${relative(repoRoot, out)}`);
