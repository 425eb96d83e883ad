#!/usr/bin/env node
// Benchmark of assay's coverage-gap loop against the peer tool jest-test-gen, on the same modules in the
// same run.
//
//   node bench/coverage-loop/run.mjs [--only <id>[,<id>...]] [--runs <n>]
//
// For every module of corpus.json (entries of bench/generate and bench/generate-shapes): fetch its
// package with `npm pack` (checked against its integrity, cached under .work/, never committed), copy
// the module and its relative imports into a scratch project .work/<id>/, then alternate the two tools:
//   A. time `assay generate src/<module> --json --framework vitest` (validation with Vitest, the loop
//      with its defaults: target 85 % lines, 5 iterations, 3 validation runs); read iteration 0 and the
//      final coverage from its report; run the kept tests <runs> times with Vitest + V8 coverage and
//      record per-test pass counts and the coverage the harness measures itself.
//   B. run jest-test-gen@JTG_VERSION (installed at run time into .work/jest-test-gen) on the module, as
//      its README says (`jest-test-gen <file>`), run the file it writes with Jest 30 + @swc/jest and
//      coverage as a user would, and record tests passed and coverage.
// Writes results.json, results.md and the README's figures block (full runs only; partial runs write
// under .work/).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  fetchPackage,
  median,
  readCorpus,
  run,
  scratchProject,
  snapshotBuild,
} from '../generate/harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
// A run with another --coverage-target works in its own folder, so two runs can go side by side.
let WORK = path.join(HERE, '.work');
const CLI = path.join(REPO, 'packages/cli/dist/bin.js');
const JTG_VERSION = '1.4.3';

const fromRepo = createRequire(path.join(REPO, 'package.json'));
const VITEST_BIN = path.join(path.dirname(fromRepo.resolve('vitest/package.json')), 'vitest.mjs');
const fromCore = createRequire(path.join(REPO, 'packages/core/package.json'));
const JEST_BIN = path.join(path.dirname(fromCore.resolve('jest/package.json')), 'bin/jest.js');
const JEST_VERSION = fromCore('jest/package.json').version;
const SWC_JEST = fromCore.resolve('@swc/jest');
const CORE_MODULES = path.join(REPO, 'packages/core/node_modules');

const GENERATE_TIMEOUT_MS = 10 * 60_000;
const RUN_TIMEOUT_MS = 3 * 60_000;
const README_START = '<!-- results:start -->';
const README_END = '<!-- results:end -->';

function parseArgs(argv) {
  const options = { only: undefined, runs: 5, target: undefined, rescore: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i]);
    if (arg === '--') continue;
    if (arg.startsWith('--only')) options.only = value().split(',').filter(Boolean);
    else if (arg.startsWith('--runs')) options.runs = Number(value());
    else if (arg.startsWith('--coverage-target')) options.target = Number(value());
    else if (arg === '--rescore') options.rescore = true;
    else {
      console.error(`bench:coverage-loop: unknown argument ${arg}`);
      process.exit(1);
    }
  }
  return options;
}

const posix = (p) => p.split(path.sep).join('/');
const round = (x) => (x === null || x === undefined ? null : Number(x.toFixed(1)));
const loadavg = () => os.loadavg().map((x) => Number(x.toFixed(2)));

const corpus = () => readCorpus(HERE);
const setUpScratch = (entry, pkgDir) => scratchProject(entry, pkgDir, path.join(WORK, entry.id));

// ---------------------------------------------------------------------------------------------- A: assay

async function assay(cli, scratch, target) {
  const result = await run(
    process.execPath,
    [
      cli,
      'generate',
      scratch.moduleRel,
      '--json',
      '--framework',
      'vitest',
      ...(target === undefined ? [] : ['--coverage-target', String(target)]),
    ],
    {
      cwd: scratch.dir,
      timeoutMs: GENERATE_TIMEOUT_MS,
    },
  );
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    return {
      error: `assay exited ${result.code}${result.timedOut ? ' (timed out)' : ''}: ${result.stderr.slice(-600)}`,
      ms: result.ms,
    };
  }
  const file = report.files[0];
  const coverage = file.coverage;
  const pick = (f) =>
    f ? { lines: f.lines.pct, branches: f.branches.pct, functions: f.functions.pct } : null;
  return {
    ms: result.ms,
    status: file.status,
    output: file.output,
    tests: file.tests,
    iteration0: pick(coverage?.iterations[0]?.coverage),
    final: pick(coverage?.final),
    iterations:
      coverage?.iterations.map((i) => ({
        iteration: i.iteration,
        lines: i.coverage?.lines.pct ?? null,
        kept: i.kept,
        tests: i.tests,
      })) ?? [],
    met: coverage?.met ?? false,
    dropped: coverage?.dropped.length ?? 0,
    remaining: (coverage?.remaining ?? []).map((g) => ({
      unit: g.unit,
      lines: g.lines.length,
      branches: g.branches.length,
      reason: g.reason,
      example: g.branches[0]?.need,
    })),
    stages: coverage?.stages,
    problems: [...file.problems, ...file.units.flatMap((u) => u.problems)].map((p) => p.code),
  };
}

/** Runs the kept tests `runs` times with Vitest; per-test pass counts and the first run's coverage. */
async function passRate(scratch, output, runs) {
  for (let i = 0; i < runs; i++) {
    const outFile = path.join(scratch.dir, `.vitest-${i}.json`);
    const covDir = path.join(scratch.dir, `.coverage-${i}`);
    await run(
      process.execPath,
      [
        VITEST_BIN,
        'run',
        output,
        '--reporter=json',
        `--outputFile=${outFile}`,
        '--coverage.enabled',
        '--coverage.provider=v8',
        `--coverage.include=${scratch.moduleRel}`,
        '--coverage.reporter=json-summary',
        `--coverage.reportsDirectory=${covDir}`,
      ],
      { cwd: scratch.dir, timeoutMs: RUN_TIMEOUT_MS },
    );
  }
  return scorePasses(scratch, runs);
}

/**
 * Per-test pass counts from the runs' JSON reports left in the scratch folder. Tests are keyed by
 * their full name and its occurrence (two tests may share a title), so each counts once per run.
 */
function scorePasses(scratch, runs) {
  const passes = new Map();
  let coverage = null;
  for (let i = 0; i < runs; i++) {
    const outFile = path.join(scratch.dir, `.vitest-${i}.json`);
    if (!fs.existsSync(outFile)) continue;
    const json = JSON.parse(fs.readFileSync(outFile, 'utf8'));
    for (const file of json.testResults) {
      const seen = new Map();
      for (const test of file.assertionResults) {
        const occurrence = seen.get(test.fullName) ?? 0;
        seen.set(test.fullName, occurrence + 1);
        const key = `${file.name}::${test.fullName}::${occurrence}`;
        passes.set(key, (passes.get(key) ?? 0) + (test.status === 'passed' ? 1 : 0));
      }
    }
    const summary = path.join(scratch.dir, `.coverage-${i}`, 'coverage-summary.json');
    if (coverage === null && fs.existsSync(summary)) {
      const total = JSON.parse(fs.readFileSync(summary, 'utf8')).total;
      coverage = { lines: total.lines.pct, branches: total.branches.pct, functions: total.functions.pct };
    }
  }
  const counts = [...passes.values()];
  return {
    tests: counts.length,
    allPassEveryRun: counts.length > 0 && counts.every((n) => n === runs),
    passRate:
      counts.length === 0 ? null : round((100 * counts.reduce((a, b) => a + b, 0)) / (counts.length * runs)),
    coverage,
  };
}

// ---------------------------------------------------------------------------------------------- B: jest-test-gen

function installJestTestGen() {
  const dir = path.join(WORK, 'jest-test-gen');
  const cli = path.join(dir, 'node_modules/jest-test-gen/lib/cli.js');
  if (fs.existsSync(cli)) return cli;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
  execFileSync(
    'npm',
    [
      'install',
      `jest-test-gen@${JTG_VERSION}`,
      '--save-exact',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
    ],
    {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return cli;
}

async function jestTestGen(jtgCli, scratch) {
  const started = Date.now();
  const gen = await run(process.execPath, [jtgCli, scratch.moduleRel], {
    cwd: scratch.dir,
    timeoutMs: RUN_TIMEOUT_MS,
  });
  const ms = Date.now() - started;
  const ext = path.extname(scratch.moduleRel);
  const testFile = `${scratch.moduleRel.slice(0, -ext.length)}.generated.test${ext}`;
  if (!fs.existsSync(path.join(scratch.dir, testFile))) {
    return { ms, error: `jest-test-gen wrote no file (exit ${gen.code}): ${gen.stderr.slice(-300)}` };
  }
  const covDir = path.join(scratch.dir, '.jtg-coverage');
  const config = {
    rootDir: scratch.dir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.generated.test.ts'],
    watchman: false,
    cacheDirectory: path.join(scratch.dir, '.jest-cache'),
    modulePaths: [CORE_MODULES],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    transform: {
      '^.+\\.(t|j)sx?$': [
        SWC_JEST,
        {
          jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022' },
          module: { type: 'commonjs' },
        },
      ],
    },
    collectCoverageFrom: [scratch.moduleRel],
    coverageReporters: ['json-summary'],
    coverageDirectory: covDir,
  };
  const outFile = path.join(scratch.dir, '.jtg-results.json');
  await run(
    process.execPath,
    [JEST_BIN, '--config', JSON.stringify(config), '--ci', '--coverage', '--json', `--outputFile=${outFile}`],
    { cwd: scratch.dir, timeoutMs: RUN_TIMEOUT_MS },
  );
  const results = fs.existsSync(outFile) ? JSON.parse(fs.readFileSync(outFile, 'utf8')) : null;
  const summary = path.join(covDir, 'coverage-summary.json');
  const total = fs.existsSync(summary) ? JSON.parse(fs.readFileSync(summary, 'utf8')).total : null;
  fs.rmSync(path.join(scratch.dir, testFile), { force: true });
  return {
    ms,
    tests: results?.numTotalTests ?? 0,
    passed: results?.numPassedTests ?? 0,
    suiteFailed: (results?.numFailedTestSuites ?? 1) > 0 && (results?.numTotalTests ?? 0) === 0,
    coverage: total
      ? { lines: total.lines.pct, branches: total.branches.pct, functions: total.functions.pct }
      : { lines: 0, branches: 0, functions: 0 },
  };
}

// ---------------------------------------------------------------------------------------------- report

function summarize(rows) {
  const ok = rows.filter((r) => !r.error);
  const m = (f) => round(median(ok.map(f)));
  return {
    modules: rows.length,
    assayIteration0: {
      lines: m((r) => r.assay.iteration0?.lines ?? 0),
      branches: m((r) => r.assay.iteration0?.branches ?? 0),
    },
    assayFinal: {
      lines: m((r) => r.assay.final?.lines ?? 0),
      branches: m((r) => r.assay.final?.branches ?? 0),
    },
    assayMeasured: {
      lines: m((r) => r.pass.coverage?.lines ?? 0),
      branches: m((r) => r.pass.coverage?.branches ?? 0),
    },
    jestTestGen: {
      lines: m((r) => r.jtg.coverage?.lines ?? 0),
      branches: m((r) => r.jtg.coverage?.branches ?? 0),
    },
    medianGenerationSeconds: round(median(ok.map((r) => r.assay.ms / 1000))),
    modulesAllKeptTestsPass: ok.filter((r) => r.pass.allPassEveryRun).length,
    modulesWithTests: ok.filter((r) => r.pass.tests > 0).length,
    targetMet: ok.filter((r) => r.assay.met).length,
    jestTestGenTests: ok.reduce((n, r) => n + (r.jtg.tests ?? 0), 0),
    jestTestGenPassed: ok.reduce((n, r) => n + (r.jtg.passed ?? 0), 0),
  };
}

const pct = (x) => (x === null || x === undefined ? '–' : `${x} %`);

function markdown(results) {
  const s = results.summary;
  const lines = [
    `Run of ${results.startedAt} (finished ${results.finishedAt}), ${results.modules.length} modules, coverage target ${results.coverageTarget ?? 'default (85)'}, ${results.runs} runs of the kept tests, Node ${process.version}, jest-test-gen ${JTG_VERSION}, Jest ${JEST_VERSION}; load average before ${results.loadBefore.join(' / ')}, after ${results.loadAfter.join(' / ')} (2 cores shared with other work).`,
    '',
    '| median over modules | lines | branches |',
    '|---|---|---|',
    `| assay, iteration 0 (report) | ${pct(s.assayIteration0.lines)} | ${pct(s.assayIteration0.branches)} |`,
    `| assay, final (report) | ${pct(s.assayFinal.lines)} | ${pct(s.assayFinal.branches)} |`,
    `| assay, final (measured by the harness, ${results.runs} runs) | ${pct(s.assayMeasured.lines)} | ${pct(s.assayMeasured.branches)} |`,
    `| jest-test-gen ${JTG_VERSION} | ${pct(s.jestTestGen.lines)} | ${pct(s.jestTestGen.branches)} |`,
    '',
    `Median generation time (assay, with validation and loop): ${s.medianGenerationSeconds} s. Coverage target (${results.coverageTarget ?? 'default (85)'} % lines) met on ${s.targetMet} of ${s.modules} modules. Every kept test passed ${results.runs}/${results.runs} on ${s.modulesAllKeptTestsPass} of the ${s.modulesWithTests} modules with tests. jest-test-gen: ${s.jestTestGenPassed} of ${s.jestTestGenTests} generated tests pass.`,
    '',
    '| module | assay #0 lines / branches | assay final lines / branches | iterations | kept tests | pass 5/5 | time s | jest-test-gen lines / branches | jtg tests passed | why short of 90 % lines / 80 % branches |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results.modules) {
    if (r.error) {
      lines.push(
        `| ${r.id} | – | – | – | – | – | – | – | – | error: ${r.error.replace(/\|/g, '\\|').slice(0, 200)} |`,
      );
      continue;
    }
    const a = r.assay;
    const why =
      (a.final?.lines ?? 0) >= 90 && (a.final?.branches ?? 0) >= 80
        ? ''
        : a.remaining.length
          ? a.remaining
              .map(
                (g) =>
                  `${g.unit}: ${g.lines} lines, ${g.branches} branches (${g.reason}${g.example ? `; e.g. ${g.example}` : ''})`,
              )
              .join('; ')
              .replace(/\|/g, '\\|')
              .slice(0, 400)
          : `status ${a.status}; ${[...new Set(a.problems)].join(', ')}`;
    lines.push(
      `| ${r.id} | ${pct(a.iteration0?.lines)} / ${pct(a.iteration0?.branches)} | ${pct(a.final?.lines)} / ${pct(a.final?.branches)} | ${a.iterations.map((i) => `${i.lines ?? '?'}${i.kept ? '' : '✗'}`).join(' → ')} | ${r.pass.tests} | ${r.pass.allPassEveryRun ? 'yes' : r.pass.tests ? `no (${r.pass.passRate} %)` : '–'} | ${(a.ms / 1000).toFixed(1)} | ${pct(r.jtg.coverage?.lines)} / ${pct(r.jtg.coverage?.branches)} | ${r.jtg.passed ?? 0}/${r.jtg.tests ?? 0} | ${why} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.target !== undefined) WORK = path.join(WORK, `target-${options.target}`);
  if (!fs.existsSync(CLI)) {
    console.error('bench:coverage-loop: build the CLI first (`pnpm turbo run build --filter=assay...`).');
    process.exit(1);
  }
  if (options.rescore) return rescore(options);
  fs.mkdirSync(WORK, { recursive: true });
  const { cli } = snapshotBuild(WORK);
  const jtgCli = installJestTestGen();
  const entries = corpus().filter((e) => !options.only || options.only.includes(e.id));
  const results = {
    startedAt: new Date().toISOString(),
    coverageTarget: options.target,
    runs: options.runs,
    loadBefore: loadavg(),
    modules: [],
  };
  for (const entry of entries) {
    const load = loadavg();
    try {
      const scratch = setUpScratch(entry, fetchPackage(entry, WORK));
      const a = await assay(cli, scratch, options.target);
      if (a.error) throw new Error(a.error);
      const pass = a.output
        ? await passRate(scratch, a.output, options.runs)
        : { tests: 0, allPassEveryRun: false, passRate: null, coverage: null };
      const jtg = await jestTestGen(jtgCli, scratch);
      results.modules.push({ id: entry.id, from: entry.from, load, assay: a, pass, jtg });
      console.log(
        `${entry.id}: assay #0 ${a.iteration0?.lines ?? '–'}% → final ${a.final?.lines ?? '–'}% lines, ${a.final?.branches ?? '–'}% branches in ${(a.ms / 1000).toFixed(1)} s; ${pass.tests} tests, 5/5: ${pass.allPassEveryRun}; jest-test-gen ${jtg.coverage?.lines ?? '–'}% lines, ${jtg.passed ?? 0}/${jtg.tests ?? 0} pass (load ${load[0]})`,
      );
    } catch (error) {
      results.modules.push({
        id: entry.id,
        from: entry.from,
        load,
        error: String(error.message ?? error).slice(0, 800),
      });
      console.log(`${entry.id}: error ${String(error.message ?? error).slice(0, 300)}`);
    }
  }
  results.finishedAt = new Date().toISOString();
  results.loadAfter = loadavg();
  writeResults(results, options);
}

/** Counts the pass rates of a finished run again from the Vitest reports left in .work/ (no new runs). */
function rescore(options) {
  const name = options.target === undefined ? 'results' : `results-target-${options.target}`;
  const results = JSON.parse(fs.readFileSync(path.join(HERE, `${name}.json`), 'utf8'));
  results.coverageTarget = options.target;
  for (const row of results.modules) {
    if (!row.error && row.pass.tests > 0)
      row.pass = scorePasses({ dir: path.join(WORK, row.id) }, results.runs);
  }
  writeResults(results, { ...options, only: undefined, runs: results.runs });
}

function writeResults(results, options) {
  results.summary = summarize(results.modules);
  const md = markdown(results);
  const full = !options.only && options.runs === 5;
  const outDir = full ? HERE : WORK;
  // The default run fills results.* and the README; a run with another target keeps its own files.
  const name = options.target === undefined ? 'results' : `results-target-${options.target}`;
  fs.writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, `${name}.md`), md);
  if (full && options.target === undefined) {
    const readme = path.join(HERE, 'README.md');
    const text = fs.readFileSync(readme, 'utf8');
    const start = text.indexOf(README_START);
    const end = text.indexOf(README_END);
    if (start >= 0 && end > start) {
      fs.writeFileSync(readme, `${text.slice(0, start + README_START.length)}\n${md}${text.slice(end)}`);
    }
  }
  console.log(`\n${md}\nresults written to ${posix(path.relative(REPO, outDir))}/${name}.{json,md}`);
}

await main();
