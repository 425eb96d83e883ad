// Property inference on a corpus of typed functions: recall of the known properties, rejection of
// the near misses, and precision by replaying every emitted property with new seeds under Vitest.
// Usage: pnpm --filter @assay/property build && node bench/property/run.mjs [--runs 1000] [--seeds 5]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '1000' }, seeds: { type: 'string', default: '5' } },
});
const replayRuns = Number(args.runs);
const replaySeeds = Array.from({ length: Number(args.seeds) }, (_, i) => 1000 + i * 7919);

const property = await import(pathToFileURL(join(root, 'packages/property/dist/index.js')).href);
const typescript = await import(pathToFileURL(join(root, 'packages/property/dist/typescript.js')).href);
const { ts, Project } = createRequire(join(root, 'packages/property/package.json'))('ts-morph');

const work = join(here, '.work');
mkdirSync(work, { recursive: true });
const corpusFile = join(here, 'corpus.ts');
// The corpus runs as JavaScript here (transpiled, nothing else changed) and as TypeScript under Vitest.
const js = ts.transpileModule(readFileSync(corpusFile, 'utf8'), {
  compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
}).outputText;
writeFileSync(join(work, 'corpus.mjs'), js);
const corpus = await import(pathToFileURL(join(work, 'corpus.mjs')).href);

const expectations = JSON.parse(readFileSync(join(here, 'expectations.json'), 'utf8'));
const started = performance.now();
const { functions, skipped, literals } = typescript.describeFunctions({ file: corpusFile });
const report = await property.inferProperties(property.bindModule(functions, corpus), {
  seed: 42,
  numRuns: 200,
  literals,
});
const inferMs = performance.now() - started;

const same = (p, e) =>
  p.kind === e.kind &&
  p.functions.join() === e.functions.join() &&
  (e.detail === undefined || p.detail === e.detail);
const found = expectations.known.filter((e) => report.kept.some((p) => same(p, e)));
const missed = expectations.known.filter((e) => !report.kept.some((p) => same(p, e)));
const wronglyKept = expectations.nearMisses.filter((e) => report.kept.some((p) => same(p, e)));
const nearMissesRejected = expectations.nearMisses.filter((e) => report.rejected.some((p) => same(p, e)));
const nearMissesNotTried = expectations.nearMisses.filter(
  (e) => !report.rejected.some((p) => same(p, e)) && !report.kept.some((p) => same(p, e)),
);

// Precision: every kept property, rendered as the test assay would write, replayed with new seeds.
const names = [...new Set(report.kept.flatMap((p) => p.functions))];
const lines = [
  "import { describe, test } from 'vitest';",
  ...property.propertyImports(report.kept),
  `import { ${names.join(', ')} } from '../../../../../bench/property/corpus.js';`,
  '',
];
for (const seed of replaySeeds) {
  lines.push(`describe('seed ${seed}', () => {`);
  for (const kept of report.kept)
    lines.push(property.renderProperty(kept, { seed, numRuns: replayRuns, typescript: true }));
  lines.push('});', '');
}
// Under packages/property so that fast-check resolves as it would in a user's project.
const replayDir = join(root, 'packages/property/test/.tmp/bench-property');
mkdirSync(replayDir, { recursive: true });
const testFile = join(replayDir, 'replay.test.ts');
writeFileSync(testFile, lines.join('\n'));
// The emitted tests must also type-check (strict, as a user's tsconfig would be).
const checker = new Project({
  compilerOptions: {
    strict: true,
    noUncheckedIndexedAccess: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
    typeRoots: [join(root, 'node_modules/@types')],
    noEmit: true,
    skipLibCheck: true,
  },
});
const replaySource = checker.addSourceFileAtPath(testFile);
const typeErrors = checker
  .getPreEmitDiagnostics()
  .filter((d) => d.getSourceFile() === replaySource)
  .map((d) => {
    const text = d.getMessageText();
    return `${d.getLineNumber()}: ${typeof text === 'string' ? text : text.getMessageText()}`;
  });
const outputFile = join(work, 'replay.json');
writeFileSync(
  join(replayDir, 'vitest.config.mjs'),
  "export default { test: { include: ['replay.test.ts'] } };\n",
);
const vitest = spawnSync(
  join(root, 'node_modules/.bin/vitest'),
  [
    'run',
    '--root',
    replayDir,
    '--config',
    join(replayDir, 'vitest.config.mjs'),
    '--reporter=json',
    `--outputFile=${outputFile}`,
    '--testTimeout=300000',
  ],
  { cwd: replayDir, encoding: 'utf8' },
);
const replay = JSON.parse(readFileSync(outputFile, 'utf8'));
const assertions = replay.testResults.flatMap((file) => file.assertionResults);
const failedReplays = assertions.filter((a) => a.status !== 'passed');
const failedTitles = [...new Set(failedReplays.map((a) => a.title))];
if (vitest.status !== 0 && assertions.length === 0) {
  console.error(vitest.stdout, vitest.stderr);
  process.exit(1);
}

const pct = (n, d) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)} %`);
const results = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  corpus: { functions: functions.length, skipped: skipped.length },
  inference: {
    seed: 42,
    numRuns: 200,
    ms: Math.round(inferMs),
    kept: report.kept.length,
    rejected: report.rejected.length,
  },
  recall: { found: found.length, known: expectations.known.length, missed },
  nearMisses: {
    total: expectations.nearMisses.length,
    rejected: nearMissesRejected.length,
    wronglyKept,
    notTried: nearMissesNotTried,
  },
  precision: {
    replayedWith: { seeds: replaySeeds, numRuns: replayRuns },
    properties: report.kept.length,
    replays: assertions.length,
    failedReplays: failedReplays.length,
    propertiesFailingAReplay: failedTitles,
    typeErrorsInEmittedFile: typeErrors,
  },
  kept: report.kept.map((p) => ({ kind: p.kind, functions: p.functions, detail: p.detail, title: p.title })),
  rejected: report.rejected.map((p) => ({
    kind: p.kind,
    functions: p.functions,
    title: p.title,
    counterexample: JSON.stringify(p.counterexample, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)),
    error: p.error,
  })),
};
writeFileSync(join(here, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
const keptOk = report.kept.length - failedTitles.length;
console.log(
  `functions: ${functions.length} (skipped ${skipped.length}); candidates kept ${report.kept.length}, rejected ${report.rejected.length} in ${Math.round(inferMs)} ms`,
);
console.log(
  `recall: ${found.length}/${expectations.known.length} = ${pct(found.length, expectations.known.length)}`,
);
for (const m of missed) console.log(`  missed: ${m.kind} ${m.functions.join(', ')}`);
console.log(
  `near misses rejected: ${nearMissesRejected.length}/${expectations.nearMisses.length}; wrongly kept: ${wronglyKept.length}; not tried: ${nearMissesNotTried.length}`,
);
for (const m of [...wronglyKept, ...nearMissesNotTried]) console.log(`  ${m.kind} ${m.functions.join(', ')}`);
console.log(
  `precision: ${keptOk}/${report.kept.length} = ${pct(keptOk, report.kept.length)} of kept properties pass ${replaySeeds.length} new seeds × ${replayRuns} runs (${failedReplays.length} failed replays of ${assertions.length})`,
);
for (const t of failedTitles) console.log(`  fails on replay: ${t}`);
console.log(
  `emitted test file type-checks (strict): ${typeErrors.length === 0 ? 'yes' : `no, ${typeErrors.length} errors`}`,
);
for (const e of typeErrors.slice(0, 10)) console.log(`  ${e}`);
