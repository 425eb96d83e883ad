#!/usr/bin/env node
// Field benchmark (issue 15): `assay generate` with every default (validation and the coverage-gap
// loop) on modules from public repositories nobody here wrote or tuned on, then the kept tests run
// 5 times under Vitest and, generated again with `--framework jest`, 5 times under Jest.
//
//   node bench/field/run.mjs [--only <id>[,<id>...]] [--first <n>] [--runs <n>] [--label <name>] [--generate-only]
//
// Per module: a scratch project .work/<id>/ (the module and its relative imports, strict tsconfig,
// Vitest and Jest 30 + @swc/jest configs, fast-check declared). Full runs (no --only/--first) write
// results-<label>.json/.md beside this file; others write under .work/.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectLocalFiles, median, run, scratchProject, snapshotBuild } from '../generate/harness.mjs';
import { checkout, installDependencies } from './source.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const WORK = path.join(HERE, '.work');
const GENERATE_TIMEOUT_MS = 15 * 60_000; // hang guard only
const RUN_TIMEOUT_MS = 5 * 60_000; // hang guard only

const fromRepo = createRequire(path.join(REPO, 'package.json'));
const VITEST_BIN = path.join(path.dirname(fromRepo.resolve('vitest/package.json')), 'vitest.mjs');
const fromCore = createRequire(path.join(REPO, 'packages/core/package.json'));
const JEST_BIN = path.join(path.dirname(fromCore.resolve('jest/package.json')), 'bin/jest.js');
const SWC_JEST = fromCore.resolve('@swc/jest');
const CORE_MODULES = path.join(REPO, 'packages/core/node_modules');
const versionOf = (req, name) => req(`${name}/package.json`).version;

function parseArgs(argv) {
  const options = { only: undefined, first: undefined, runs: 5, label: 'latest', generateOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i]);
    if (arg === '--') continue;
    if (arg.startsWith('--only')) options.only = value().split(',').filter(Boolean);
    else if (arg.startsWith('--first')) options.first = Number(value());
    else if (arg.startsWith('--runs')) options.runs = Number(value());
    else if (arg.startsWith('--label')) options.label = value();
    else if (arg === '--generate-only') options.generateOnly = true;
    else {
      console.error(`bench:field: unknown argument ${arg} (see the header of bench/field/run.mjs)`);
      process.exit(2);
    }
  }
  return options;
}

/** The scratch project: harness.mjs's copy of the module, plus configs for both runners. */
function setUp(entry, repoDir) {
  const scratch = scratchProject(entry, repoDir, path.join(WORK, entry.id));
  // The runners are linked in as a project's own devDependencies (assay validates with what it finds).
  for (const [name, dir] of [
    ['jest', path.dirname(fromCore.resolve('jest/package.json'))],
    ['@swc/jest', path.dirname(fromCore.resolve('@swc/jest/package.json'))],
    ['@swc/core', path.dirname(createRequire(SWC_JEST).resolve('@swc/core/package.json'))],
  ]) {
    fs.mkdirSync(path.dirname(path.join(scratch.dir, 'node_modules', name)), { recursive: true });
    fs.symlinkSync(dir, path.join(scratch.dir, 'node_modules', name), 'dir');
  }
  const { external } = collectLocalFiles(repoDir, entry.module);
  for (const [name, dir] of installDependencies(entry, repoDir, external, WORK)) {
    const link = path.join(scratch.dir, 'node_modules', name);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(dir, link, 'dir');
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(scratch.dir, 'package.json'), 'utf8'));
  pkg.devDependencies = {
    ...pkg.devDependencies,
    vitest: versionOf(fromRepo, 'vitest'),
    jest: versionOf(fromCore, 'jest'),
    '@swc/jest': versionOf(fromCore, '@swc/jest'),
  };
  fs.writeFileSync(path.join(scratch.dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  fs.writeFileSync(
    path.join(scratch.dir, 'jest.config.cjs'),
    `module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.assay.test.ts'],
  watchman: false,
  cacheDirectory: '<rootDir>/.jest-cache',
  modulePaths: [${JSON.stringify(CORE_MODULES)}],
  moduleNameMapper: { '^(\\\\.{1,2}/.*)\\\\.js$': '$1' },
  // ESM-only dependencies (zeptomatch) are compiled like the sources.
  transformIgnorePatterns: [],
  transform: {
    '^.+\\\\.(t|j)sx?$': [${JSON.stringify(SWC_JEST)}, {
      jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' },
      module: { type: 'commonjs' },
    }],
  },
};
`,
  );
  return scratch;
}

/** One `assay generate`; the report's figures for the module's file, problems listed by unit. */
async function generate(cli, scratch, framework) {
  const result = await run(
    process.execPath,
    [cli, 'generate', scratch.moduleRel, '--json', '--framework', framework],
    { cwd: scratch.dir, timeoutMs: GENERATE_TIMEOUT_MS },
  );
  let report;
  try {
    report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
  } catch {
    return { error: `assay exited ${result.code}: ${result.stderr.slice(-600)}`, seconds: result.ms / 1000 };
  }
  const file = report.files[0] ?? {};
  const units = file.units ?? [];
  const problems = [
    ...(file.problems ?? []).map((p) => ({ code: p.code, message: String(p.message ?? '').slice(0, 300) })),
    ...units.flatMap((u) =>
      (u.problems ?? []).map((p) => ({
        code: p.code,
        unit: u.name,
        message: String(p.message ?? '').slice(0, 300),
      })),
    ),
  ];
  const final = file.coverage?.final;
  return {
    seconds: Number((result.ms / 1000).toFixed(1)),
    exitCode: result.code,
    status: file.status,
    output: file.output,
    tests: file.tests ?? 0,
    units: units.length,
    unitsWithTests: units.filter((u) => u.tests > 0).length,
    lines: final?.lines.pct ?? null,
    branches: final?.branches.pct ?? null,
    problems,
    // Where the time went (ms): the first generation, validation runs, the loop's re-exploration.
    stages: file.coverage?.stages,
  };
}

/** Runs the kept test file once; passed = exit 0 with at least one test and none failing. */
async function runOnce(scratch, framework, testFile, index) {
  const json = path.join(WORK, `${path.basename(scratch.dir)}.${framework}-${index}.json`);
  fs.rmSync(json, { force: true });
  const args =
    framework === 'vitest'
      ? [VITEST_BIN, 'run', testFile, '--reporter=json', `--outputFile=${json}`]
      : [JEST_BIN, '--config', 'jest.config.cjs', '--ci', '--json', `--outputFile=${json}`, testFile];
  const result = await run(process.execPath, args, {
    cwd: scratch.dir,
    timeoutMs: RUN_TIMEOUT_MS,
    env: { CI: '1' },
  });
  let report = null;
  try {
    report = JSON.parse(fs.readFileSync(json, 'utf8'));
  } catch {}
  const failed = (report?.testResults ?? []).flatMap((f) =>
    (f.assertionResults ?? []).filter((a) => a.status === 'failed').map((a) => a.fullName),
  );
  const passed = result.code === 0 && (report?.numTotalTests ?? 0) > 0 && failed.length === 0;
  return {
    passed,
    total: report?.numTotalTests ?? 0,
    failed,
    tail: passed ? undefined : `${result.stderr}${result.stdout}`.slice(-600),
  };
}

async function runTimes(scratch, framework, gen, runs) {
  if (!gen.output || !fs.existsSync(path.join(scratch.dir, gen.output)))
    return { passRuns: 0, runs, failures: [], noFile: true };
  const results = [];
  for (let i = 1; i <= runs; i++) results.push(await runOnce(scratch, framework, gen.output, i));
  const failures = [...new Set(results.flatMap((r) => r.failed))];
  const firstBad = results.find((r) => !r.passed);
  return {
    passRuns: results.filter((r) => r.passed).length,
    runs,
    tests: results[0].total,
    failures,
    tail: firstBad?.tail,
  };
}

async function benchModule(cli, entry, runs, generateOnly) {
  const scratch = setUp(entry, checkout(entry, WORK));
  const vitest = await generate(cli, scratch, 'vitest');
  // Timing only (a quiet window): the Vitest generation, nothing run after it.
  if (generateOnly) return { id: entry.id, repo: entry.repo, module: entry.module, vitest, jest: {} };
  const vitestRuns = vitest.error ? null : await runTimes(scratch, 'vitest', vitest, runs);
  const jest = await generate(cli, scratch, 'jest');
  const jestRuns = jest.error ? null : await runTimes(scratch, 'jest', jest, runs);
  return { id: entry.id, repo: entry.repo, module: entry.module, vitest, vitestRuns, jest, jestRuns };
}

/** What fell short for a module, by cause (the README's classification). */
function shortfalls(row, runs) {
  const out = [];
  const v = row.vitest;
  if (v.error || row.jest.error) out.push('generation error');
  if (!v.error && !v.output) out.push('no test file (vitest)');
  if (!row.jest.error && !row.jest.output) out.push('no test file (jest)');
  if (row.vitestRuns && v.output && row.vitestRuns.passRuns < runs) out.push('failing runs (vitest)');
  if (row.jestRuns && row.jest.output && row.jestRuns.passRuns < runs) out.push('failing runs (jest)');
  if (v.lines !== null && v.lines < 98) out.push('lines < 98 %');
  if (v.branches !== null && v.branches < 92) out.push('branches < 92 %');
  for (const p of v.problems ?? []) out.push(`problem: ${p.code}`);
  return [...new Set(out)];
}

function markdown(rows, meta, runs) {
  const pct = (x) => (x === null || x === undefined ? '–' : `${x}`);
  const withFile = rows.filter((r) => r.vitest.output).length;
  const allPass = rows.filter((r) => r.vitestRuns?.passRuns === runs && r.jestRuns?.passRuns === runs).length;
  const unsupported = rows.flatMap((r) =>
    (r.vitest.problems ?? []).filter((p) => p.code === 'unsupported-parameter'),
  );
  const causes = new Map();
  for (const r of rows) for (const c of shortfalls(r, runs)) causes.set(c, (causes.get(c) ?? 0) + 1);
  const lines = [
    `Run "${meta.label}" of ${meta.started}, build of ${meta.commit}, ${rows.length} modules, Node ${process.version}, ${os.availableParallelism()} cores; load average at the start ${meta.loadBefore.join(' / ')}, at the end ${meta.loadAfter.join(' / ')}; ${meta.minutes} min in all.`,
    '',
    `- a test file (Vitest / Jest): **${withFile} / ${rows.filter((r) => r.jest.output).length} of ${rows.length}**`,
    `- kept tests pass ${runs}/${runs} under both Vitest and Jest: **${allPass} of ${rows.length}**`,
    `- median lines **${pct(median(rows.map((r) => r.vitest.lines ?? 0)))} %**, branches **${pct(median(rows.map((r) => r.vitest.branches ?? 0)))} %** (report's final coverage; no file counts 0)`,
    `- \`unsupported-parameter\` problems: **${unsupported.length}**`,
    `- median generation time (Vitest, validation and loop on): **${median(rows.map((r) => r.vitest.seconds))?.toFixed(1)} s** (Jest ${median(rows.map((r) => r.jest.seconds))?.toFixed(1)} s)`,
    '',
    '| shortfall | modules |',
    '|---|---|',
    ...[...causes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `| ${c} | ${n} |`),
    '',
    '| module | tests V / J | Vitest pass | Jest pass | lines | branches | gen time V / J | problems |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const probs = new Map();
      for (const p of r.vitest.problems ?? []) probs.set(p.code, (probs.get(p.code) ?? 0) + 1);
      const cell = [...probs].map(([c, n]) => `${c} ×${n}`).join(', ') || (r.vitest.error ? 'error' : '');
      return `| ${r.id} | ${r.vitest.tests ?? '–'} / ${r.jest.tests ?? '–'} | ${r.vitestRuns?.passRuns ?? '–'}/${runs} | ${r.jestRuns?.passRuns ?? '–'}/${runs} | ${pct(r.vitest.lines)} | ${pct(r.vitest.branches)} | ${r.vitest.seconds} / ${r.jest.seconds} s | ${cell} |`;
    }),
  ];
  return lines.join('\n');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  let entries = JSON.parse(fs.readFileSync(path.join(HERE, 'corpus.json'), 'utf8')).modules;
  if (options.only) entries = entries.filter((e) => options.only.includes(e.id));
  if (options.first) entries = entries.slice(0, options.first);
  fs.mkdirSync(WORK, { recursive: true });
  const { cli } = snapshotBuild(WORK);
  const { execFileSync } = await import('node:child_process');
  const commit = execFileSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], {
    encoding: 'utf8',
  }).trim();
  const meta = {
    label: options.label,
    commit,
    started: new Date().toISOString(),
    loadBefore: os.loadavg().map((x) => x.toFixed(2)),
  };
  const t0 = Date.now();
  const rows = [];
  for (const entry of entries) {
    const row = await benchModule(cli, entry, options.runs, options.generateOnly);
    rows.push(row);
    console.log(
      `${row.id}: V ${row.vitest.error ?? `${row.vitest.tests} tests ${row.vitestRuns?.passRuns}/${options.runs} L${row.vitest.lines} B${row.vitest.branches} ${row.vitest.seconds}s`} | J ${row.jest.error ?? `${row.jest.tests} tests ${row.jestRuns?.passRuns}/${options.runs} ${row.jest.seconds}s`} | ${shortfalls(row, options.runs).join('; ')}`,
    );
  }
  meta.loadAfter = os.loadavg().map((x) => x.toFixed(2));
  meta.minutes = ((Date.now() - t0) / 60_000).toFixed(1);
  const md = markdown(rows, meta, options.runs);
  const full = !options.only && !options.first && !options.generateOnly;
  const outDir = full ? HERE : WORK;
  fs.writeFileSync(
    path.join(outDir, `results-${options.label}.json`),
    `${JSON.stringify({ meta, rows }, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(outDir, `results-${options.label}.md`), `${md}\n`);
  console.log(`\n${md}`);
}

await main();
