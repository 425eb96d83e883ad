#!/usr/bin/env node
// Benchmark of `assay generate` on modules of pure functions from public npm packages.
//
//   node bench/generate/run.mjs [--only <id>[,<id>...]] [--runs <n>] [--skip-determinism] [--fake]
//
// For every module of corpus.json: fetch its package with `npm pack` (cached under .work/, never
// committed), copy the module and its relative imports into a scratch project .work/<id>/, time
// `assay generate src/<module> --json --framework vitest`, then run the generated tests <runs> times with
// Vitest and V8 coverage restricted to the module. Writes results.json, results.md and the figures
// block of README.md (only on a full run of the real CLI with 5 runs; other runs write under .work/).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  collectLocalFiles,
  fetchPackage as fetchInto,
  median,
  run,
  snapshotBuild as snapshotInto,
} from './harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const WORK = path.join(HERE, '.work');
const CLI = path.join(REPO, 'packages/cli/dist/bin.js');
/** The CLI that is run: a snapshot of the build under .work/ (see snapshotBuild), so rebuilds by others mid-run do not matter. */
let cliPath = CLI;
const requireFromRepo = createRequire(path.join(REPO, 'package.json'));
const ts = requireFromRepo('typescript');
const VITEST_BIN = path.join(path.dirname(requireFromRepo.resolve('vitest/package.json')), 'vitest.mjs');
const VITEST_VERSION = requireFromRepo('vitest/package.json').version;
const COVERAGE_VERSION = requireFromRepo('@vitest/coverage-v8/package.json').version;

const GENERATE_TIMEOUT_MS = 10 * 60_000;
const VITEST_TIMEOUT_MS = 5 * 60_000;
const README_START = '<!-- results:start -->';
const README_END = '<!-- results:end -->';

// ---------------------------------------------------------------------------------------------- options

function parseArgs(argv) {
  const options = { only: undefined, runs: 5, fake: false, determinism: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    if (arg === '--') continue; // pnpm passes it through: `pnpm bench:generate -- --only x`
    if (arg === '--only' || arg.startsWith('--only=')) options.only = value().split(',').filter(Boolean);
    else if (arg === '--runs' || arg.startsWith('--runs=')) {
      options.runs = Number(value());
      if (!Number.isInteger(options.runs) || options.runs < 1) fail('--runs expects a whole number >= 1');
    } else if (arg === '--fake') options.fake = true;
    else if (arg === '--skip-determinism') options.determinism = false;
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node bench/generate/run.mjs [--only <id>[,<id>...]] [--runs <n>] [--fake]');
      process.exit(0);
    } else fail(`unknown argument ${arg}`);
  }
  return options;
}

function fail(message) {
  console.error(`bench:generate: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------- helpers

/** [1, 2, 3, 7] → "1-3, 7" */
const ranges = (numbers) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return out.join(', ');
};
const round = (x, digits = 1) => (x === null || x === undefined ? null : Number(x.toFixed(digits)));
const posix = (p) => p.split(path.sep).join('/');
const tail = (text, n = 1500) => (text.length > n ? `…${text.slice(-n)}` : text);

// ---------------------------------------------------------------------------------------------- fetch

const fetchPackage = (entry) => fetchInto(entry, WORK);
const snapshotBuild = () => snapshotInto(WORK);

// ---------------------------------------------------------------------------------------------- scratch project

/** Exported functions as a reader of the source counts them (independent of assay's analysis). */
function countExportedFunctions(file) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const names = new Set();
  const isExported = (node) => ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isFn = (init) => init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init));
  const walk = (statements, prefix) => {
    for (const node of statements) {
      if (ts.isFunctionDeclaration(node) && isExported(node)) {
        const isDefault = ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
        names.add(prefix + (isDefault ? 'default' : node.name?.text));
      } else if (ts.isVariableStatement(node) && isExported(node)) {
        for (const d of node.declarationList.declarations) {
          if (
            ts.isIdentifier(d.name) &&
            (isFn(d.initializer) || (d.initializer && ts.isIdentifier(d.initializer)))
          )
            names.add(prefix + d.name.text);
        }
      } else if (
        ts.isModuleDeclaration(node) &&
        isExported(node) &&
        node.body &&
        ts.isModuleBlock(node.body)
      ) {
        walk(node.body.statements, `${prefix}${node.name.text}.`);
      } else if (ts.isExportAssignment(node) && !prefix) {
        names.add('default');
      }
    }
  };
  walk(source.statements, '');
  return [...names];
}

function setUpScratch(entry, pkgDir) {
  const dir = path.join(WORK, entry.id);
  fs.rmSync(dir, { recursive: true, force: true });
  const { files, external, unresolved } = collectLocalFiles(pkgDir, entry.module);
  const srcRoot = entry.srcRoot ?? 'src';
  for (const rel of files) {
    const inSrc = path.posix.relative(srcRoot, rel);
    if (inSrc.startsWith('..')) throw new Error(`${entry.id}: ${rel} is outside srcRoot ${srcRoot}`);
    const to = path.join(dir, 'src', inSrc);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(pkgDir, rel), to);
  }
  const moduleRel = posix(path.join('src', path.posix.relative(srcRoot, entry.module)));
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: `assay-bench-${entry.id}`,
        private: true,
        type: 'module',
        devDependencies: { vitest: VITEST_VERSION, '@vitest/coverage-v8': COVERAGE_VERSION },
      },
      null,
      2,
    )}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2022'],
          strict: true,
          skipLibCheck: true,
          noEmit: true,
          types: [],
        },
        include: ['src'],
      },
      null,
      2,
    )}\n`,
  );
  // vitest and @vitest/coverage-v8 resolve from the monorepo's node_modules: .work/ lies inside the repo.
  fs.writeFileSync(
    path.join(dir, 'vitest.config.mjs'),
    `import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.{test,spec}.?(c|m)[jt]s?(x)'],
    exclude: ['**/node_modules/**', '.bench/**'],
    watch: false,
    coverage: {
      provider: 'v8',
      include: [${JSON.stringify(moduleRel)}],
      reporter: ['json-summary', 'json'],
      reportOnFailure: true,
    },
  },
});
`,
  );
  return { dir, moduleRel, files, external, unresolved };
}

// ---------------------------------------------------------------------------------------------- generate

async function generate(scratch, options) {
  if (options.fake) return fakeGenerate(scratch);
  const result = await run(
    process.execPath,
    [cliPath, 'generate', scratch.moduleRel, '--json', '--framework', 'vitest'],
    { cwd: scratch.dir, timeoutMs: GENERATE_TIMEOUT_MS },
  );
  let report = null;
  let parseError = null;
  try {
    const start = result.stdout.indexOf('{');
    report = JSON.parse(result.stdout.slice(start));
  } catch (error) {
    parseError = String(error.message ?? error);
  }
  return { ...result, report, parseError };
}

/** Stand-in used to develop the harness before the CLI existed: one shape test per export, clearly marked. */
function fakeGenerate(scratch) {
  const started = Date.now();
  const file = path.join(scratch.dir, scratch.moduleRel);
  const names = countExportedFunctions(file);
  const base = path.basename(file, '.ts');
  const out = path.join(path.dirname(file), `${base}.fake.test.ts`);
  const body = names
    .map((n) => {
      const access = n === 'default' ? 'mod.default' : `mod.${n}`;
      return `test(${JSON.stringify(n)}, () => {\n  expect(typeof ${access}).toBe('function');\n});`;
    })
    .join('\n\n');
  fs.writeFileSync(
    out,
    `// FAKE generator output (bench harness self-test)\nimport { expect, test } from 'vitest';\nimport * as mod from './${base}';\n\n${body}\n`,
  );
  const report = {
    files: [
      {
        source: scratch.moduleRel,
        output: posix(path.relative(scratch.dir, out)),
        status: 'written',
        units: names.map((name) => ({ name, kind: 'function', tests: 1, problems: [] })),
        tests: names.length,
        problems: [],
      },
    ],
    totals: { tests: names.length, units: names.length },
  };
  return { code: 0, signal: null, stdout: '', stderr: '', ms: Date.now() - started, timedOut: false, report };
}

function findTestFiles(dir) {
  const found = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === '.bench' || e.name === 'coverage') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(e.name)) found.push(posix(path.relative(dir, p)));
    }
  };
  walk(dir);
  return found;
}

// ---------------------------------------------------------------------------------------------- validate

async function runVitest(scratch, index) {
  const outDir = path.join(scratch.dir, '.bench');
  fs.mkdirSync(outDir, { recursive: true });
  const jsonFile = path.join(outDir, `run-${index}.json`);
  const coverageDir = path.join(outDir, `coverage-${index}`);
  fs.rmSync(jsonFile, { force: true });
  fs.rmSync(coverageDir, { recursive: true, force: true });
  const result = await run(
    process.execPath,
    [
      VITEST_BIN,
      'run',
      '--coverage',
      `--coverage.reportsDirectory=${coverageDir}`,
      '--reporter=json',
      `--outputFile=${jsonFile}`,
    ],
    { cwd: scratch.dir, timeoutMs: VITEST_TIMEOUT_MS },
  );
  let tests = null;
  if (fs.existsSync(jsonFile)) {
    const json = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
    const failures = [];
    for (const file of json.testResults ?? []) {
      if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) {
        failures.push({
          test: `(file ${posix(path.relative(scratch.dir, file.name))})`,
          message: file.message,
        });
      }
      for (const a of file.assertionResults ?? []) {
        if (a.status === 'failed') {
          failures.push({ test: a.fullName, message: (a.failureMessages ?? []).join('\n').slice(0, 600) });
        }
      }
    }
    tests = {
      total: json.numTotalTests,
      passed: json.numPassedTests,
      failed: json.numFailedTests,
      failedSuites: json.numFailedTestSuites,
      failures,
    };
  }
  let coverage = null;
  const summaryFile = path.join(coverageDir, 'coverage-summary.json');
  if (fs.existsSync(summaryFile)) {
    const total = JSON.parse(fs.readFileSync(summaryFile, 'utf8')).total;
    coverage = {
      lines: total.lines.pct,
      branches: total.branches.pct,
      functions: total.functions.pct,
      statements: total.statements.pct,
      linesCovered: total.lines.covered,
      linesTotal: total.lines.total,
      branchesCovered: total.branches.covered,
      branchesTotal: total.branches.total,
    };
  }
  const finalFile = path.join(coverageDir, 'coverage-final.json');
  if (coverage && fs.existsSync(finalFile)) {
    const [fileCoverage] = Object.values(JSON.parse(fs.readFileSync(finalFile, 'utf8')));
    if (fileCoverage) {
      const lines = new Set();
      for (const [id, count] of Object.entries(fileCoverage.s)) {
        if (count === 0) lines.add(fileCoverage.statementMap[id].start.line);
      }
      const branchLines = new Set();
      for (const [id, counts] of Object.entries(fileCoverage.b)) {
        if (counts.some((c) => c === 0)) branchLines.add(fileCoverage.branchMap[id].loc.start.line);
      }
      coverage.uncoveredLines = ranges(lines);
      coverage.partialBranchLines = ranges(branchLines);
    }
  }
  const passed = result.code === 0 && tests !== null && tests.failed === 0 && tests.total > 0;
  return {
    passed,
    exitCode: result.code,
    timedOut: result.timedOut,
    ms: Math.round(result.ms),
    tests,
    coverage,
    stderr: passed ? undefined : tail(result.stderr + result.stdout, 1200),
  };
}

// ---------------------------------------------------------------------------------------------- one module

async function benchModule(entry, options) {
  const row = {
    id: entry.id,
    package: `${entry.package}@${entry.version}`,
    module: entry.module,
    domain: entry.domain,
  };
  let scratch;
  try {
    scratch = setUpScratch(entry, fetchPackage(entry));
  } catch (error) {
    return { ...row, setupError: String(error.message ?? error) };
  }
  row.copiedFiles = scratch.files.length;
  if (scratch.external.length) row.externalImports = scratch.external;
  if (scratch.unresolved.length) row.unresolvedImports = scratch.unresolved;
  const exported = countExportedFunctions(path.join(scratch.dir, scratch.moduleRel));
  row.exportedFunctions = exported.length;

  // The machine is shared: the load when generation starts explains outlying generation times.
  row.loadAverage = round(os.loadavg()[0], 2);
  process.stdout.write(`• ${entry.id}: generating… `);
  const gen = await generate(scratch, options);
  row.generation = {
    exitCode: gen.code,
    timedOut: gen.timedOut,
    seconds: round(gen.ms / 1000, 2),
  };
  if (gen.code !== 0 || !gen.report) {
    // With a parsed report the problems below say what happened; stdout then holds only that report.
    const output = gen.report
      ? gen.stderr
      : `${gen.parseError ? `${gen.parseError}\n` : ''}${gen.stderr}\n${gen.stdout}`;
    row.generation.error = tail(output.trim() || '(no output besides the report)');
  }
  const fileReports = gen.report?.files ?? [];
  const units = fileReports.flatMap((f) => f.units ?? []);
  row.functionsFound = gen.report ? units.length : null;
  row.unitNames = units.map((u) => u.name);
  row.testsGenerated = gen.report ? fileReports.reduce((n, f) => n + (f.tests ?? 0), 0) : null;
  row.fileStatus = fileReports.map((f) => f.status);
  row.problems = [
    ...fileReports.flatMap((f) => f.problems ?? []),
    ...units.flatMap((u) => (u.problems ?? []).map((p) => ({ unit: u.name, ...p }))),
  ].map((p) => ({ code: p.code, unit: p.unit, message: String(p.message ?? '').slice(0, 400) }));
  // Anything else assay reports per file (coverage per iteration, once it exists) is kept as is.
  const extra = fileReports.map(({ units: _units, problems: _problems, ...rest }) => rest);
  if (extra.length) row.assayFileReports = extra;
  row.testFiles = findTestFiles(scratch.dir);
  console.log(
    `${row.generation.seconds}s, ${row.functionsFound ?? '?'} functions, ${row.testsGenerated ?? '?'} tests, ${row.testFiles.length} file(s)`,
  );
  if (options.determinism && row.testFiles.length > 0) {
    // DESIGN: the same seed and sources give the same tests. Generate again from scratch and compare.
    const read = () =>
      row.testFiles.map((f) => fs.readFileSync(path.join(scratch.dir, f), 'utf8')).join('\0');
    const first = read();
    for (const f of row.testFiles) fs.rmSync(path.join(scratch.dir, f));
    fs.rmSync(path.join(scratch.dir, '.assay'), { recursive: true, force: true });
    const again = await generate(scratch, options);
    row.deterministic =
      again.code === 0 && row.testFiles.every((f) => fs.existsSync(path.join(scratch.dir, f)))
        ? read() === first
        : false;
    console.log(`  second generation ${row.deterministic ? 'identical' : 'DIFFERENT'}`);
  }

  row.runs = [];
  if (row.testFiles.length > 0) {
    for (let i = 1; i <= options.runs; i++) {
      process.stdout.write(`  run ${i}/${options.runs}… `);
      const r = await runVitest(scratch, i);
      row.runs.push(r);
      console.log(
        `${r.passed ? 'pass' : 'FAIL'} (${r.tests ? `${r.tests.passed}/${r.tests.total} tests` : 'no report'}, lines ${r.coverage?.lines ?? '–'} %)`,
      );
    }
  }
  row.passRuns = row.runs.filter((r) => r.passed).length;
  row.totalRuns = options.runs;
  row.testsRun = row.runs[0]?.tests?.total ?? 0;
  const cov = row.runs.find((r) => r.coverage)?.coverage ?? null;
  row.coverage = cov ?? { lines: 0, branches: 0, functions: 0, statements: 0 };
  row.coverageMeasured = cov !== null;
  const lineFigures = new Set(row.runs.filter((r) => r.coverage).map((r) => r.coverage.lines));
  row.coverageStable = lineFigures.size <= 1;
  // Keep the failure details once (they repeat run after run) to keep results.json readable.
  const firstFailing = row.runs.find((r) => !r.passed);
  row.failures = firstFailing ? (firstFailing.tests?.failures ?? []) : [];
  row.failureOutput = firstFailing?.stderr;
  for (const r of row.runs) {
    if (r.tests) delete r.tests.failures;
    delete r.stderr;
  }
  return row;
}

// ---------------------------------------------------------------------------------------------- reports

function summarize(rows) {
  const ok = rows.filter((r) => !r.setupError);
  return {
    modules: rows.length,
    modulesWithTests: ok.filter((r) => r.testFiles?.length > 0).length,
    modulesPassingAllRuns: ok.filter((r) => r.testFiles?.length > 0 && r.passRuns === r.totalRuns).length,
    median: {
      lines: round(median(ok.map((r) => r.coverage.lines))),
      branches: round(median(ok.map((r) => r.coverage.branches))),
      functions: round(median(ok.map((r) => r.coverage.functions))),
      generationSeconds: round(median(ok.map((r) => r.generation?.seconds)), 2),
      testsGenerated: median(ok.map((r) => r.testsGenerated ?? 0)),
      functionsFound: median(ok.map((r) => r.functionsFound ?? 0)),
    },
    deterministic: (() => {
      const checked = ok.filter((r) => r.deterministic !== undefined);
      return checked.length
        ? { checked: checked.length, identical: checked.filter((r) => r.deterministic).length }
        : undefined;
    })(),
    // Same medians over only the modules whose generated tests passed every run.
    medianPassingModules: (() => {
      const passing = ok.filter((r) => r.testFiles?.length > 0 && r.passRuns === r.totalRuns);
      return {
        lines: round(median(passing.map((r) => r.coverage.lines))),
        branches: round(median(passing.map((r) => r.coverage.branches))),
        functions: round(median(passing.map((r) => r.coverage.functions))),
      };
    })(),
  };
}

const pct = (x) => (x === null || x === undefined ? '–' : `${x} %`);

function markdown(results) {
  const { summary } = results;
  const lines = [];
  lines.push(
    `Date: ${results.date} · command: \`${results.command}\` · assay commit \`${results.assayCommit}\`${results.assayBuiltAt ? `, build of ${results.assayBuiltAt}` : ''}`,
  );
  lines.push('');
  lines.push(
    `Machine: ${results.machine.cores} cores (${results.machine.cpu}), ${results.machine.memoryGb} GB RAM, Node ${results.machine.node}, Vitest ${results.vitest}, @vitest/coverage-v8 ${results.coverageV8}. Runs per module: ${results.runs}. 1-minute load average ${results.machine.loadAverage1m.start} at the start, ${results.machine.loadAverage1m.end} at the end (the machine is shared; other work inflates generation times).`,
  );
  lines.push('');
  lines.push(
    '| module | package | exported fns | fns found | tests | pass runs | lines | branches | functions | gen time | problems |',
  );
  lines.push('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|');
  for (const r of results.modules) {
    if (r.setupError) {
      lines.push(
        `| ${r.id} | ${r.package} | | | | | | | | | setup failed: ${r.setupError.replaceAll('|', '\\|')} |`,
      );
      continue;
    }
    const problemCodes = {};
    // Property inference reports its rejected candidates and unwritten properties as problems too;
    // they are counted in the line under the table instead.
    for (const p of r.problems) {
      if (!p.code.startsWith('property-')) problemCodes[p.code] = (problemCodes[p.code] ?? 0) + 1;
    }
    const problems = [
      r.generation.timedOut ? 'generation timed out' : '',
      !r.generation.timedOut && r.generation.exitCode !== 0 ? `exit code ${r.generation.exitCode}` : '',
      ...Object.entries(problemCodes).map(([code, n]) => `${code} ×${n}`),
      r.testFiles.length === 0 ? 'no test file' : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(
      `| ${r.id} | ${r.package} \`${r.module}\` | ${r.exportedFunctions} | ${r.functionsFound ?? '–'} | ${r.testsRun || r.testsGenerated || 0} | ${r.passRuns}/${r.totalRuns} | ${pct(r.coverage.lines)} | ${pct(r.coverage.branches)} | ${pct(r.coverage.functions)} | ${r.generation.seconds} s | ${problems || '–'} |`,
    );
  }
  lines.push('');
  lines.push(
    `**Medians over ${summary.modules} modules** (a module without a test file or coverage counts as 0 %): lines ${pct(summary.median.lines)}, branches ${pct(summary.median.branches)}, functions ${pct(summary.median.functions)}, generation time ${summary.median.generationSeconds} s, tests per module ${summary.median.testsGenerated}.`,
  );
  lines.push('');
  lines.push(
    `Modules whose generated tests passed ${results.runs}/${results.runs} runs: **${summary.modulesPassingAllRuns} of ${summary.modules}** (medians over those: lines ${pct(summary.medianPassingModules.lines)}, branches ${pct(summary.medianPassingModules.branches)}, functions ${pct(summary.medianPassingModules.functions)}).`,
  );
  const property = results.modules
    .flatMap((r) => r.problems ?? [])
    .filter((p) => p.code.startsWith('property-'));
  if (property.length) {
    const held = property
      .filter((p) => p.code === 'property-skipped')
      .reduce((n, p) => n + (Number(/^(\d+) propert/.exec(p.message)?.[1]) || 0), 0);
    const rejected = property.filter((p) => p.code === 'property-rejected').length;
    lines.push('');
    lines.push(
      `Property inference (not in the table's problems column): ${rejected} candidate properties rejected by a counterexample; ${held} properties held but were not written because fast-check is not installed in the scratch projects (\`property-skipped\`), so the figures are for example-based tests only.`,
    );
  }
  if (summary.deterministic) {
    const different = results.modules.filter((r) => r.deterministic === false).map((r) => r.id);
    lines.push('');
    lines.push(
      `Generating again from scratch gave identical test files for ${summary.deterministic.identical} of ${summary.deterministic.checked} modules${different.length ? ` (different: ${different.join(', ')})` : ''}.`,
    );
  }
  lines.push('');
  lines.push(
    '"exported fns" is counted by the harness from the source (functions, arrow consts and namespace members); "fns found" is the number of units in assay\'s report; "tests" is the number of tests Vitest ran in the first run (or, if none ran, the number assay reported). Coverage is of the module under test only, by the generated tests alone, from the first run with a coverage report.',
  );
  return `${lines.join('\n')}\n`;
}

/** Per module: generation errors, failing tests and assay's problems, for results.md only. */
function details(results) {
  const out = ['## Details per module', ''];
  const firstLine = (text) =>
    String(text ?? '')
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean)
      ?.slice(0, 300) ?? '';
  for (const r of results.modules) {
    const notes = [];
    if (r.setupError) notes.push(`- setup failed: ${r.setupError}`);
    if (r.generation?.error) {
      notes.push(
        `- generation ${r.generation.timedOut ? 'timed out' : `exited with code ${r.generation.exitCode}`}:`,
      );
      notes.push('', '  ```text', ...r.generation.error.split('\n').map((l) => `  ${l}`), '  ```', '');
    }
    if (
      r.functionsFound !== null &&
      r.functionsFound !== undefined &&
      r.unitNames?.length < r.exportedFunctions
    ) {
      notes.push(`- units in assay's report: ${r.unitNames.join(', ') || '(none)'}`);
    }
    if (r.runs?.length && r.passRuns < r.totalRuns) {
      notes.push(
        `- ${r.totalRuns - r.passRuns} of ${r.totalRuns} runs failed; failures in the first failing run:`,
      );
      for (const f of r.failures.slice(0, 8)) notes.push(`  - \`${f.test}\`: ${firstLine(f.message)}`);
      if (r.failures.length > 8) notes.push(`  - … and ${r.failures.length - 8} more (results.json)`);
      if (r.failures.length === 0 && r.failureOutput) notes.push(`  - output: ${firstLine(r.failureOutput)}`);
    }
    if (r.coverageStable === false) notes.push('- coverage differed between runs');
    if (r.coverage?.uncoveredLines) notes.push(`- lines not covered: ${r.coverage.uncoveredLines}`);
    if (r.coverage?.partialBranchLines) {
      notes.push(`- lines with a branch not taken: ${r.coverage.partialBranchLines}`);
    }
    const listed = (r.problems ?? []).filter((p) => !p.code.startsWith('property-'));
    for (const p of listed.slice(0, 10)) {
      notes.push(`- problem \`${p.code}\`${p.unit ? ` in \`${p.unit}\`` : ''}: ${firstLine(p.message)}`);
    }
    if (listed.length > 10) notes.push(`- … and ${listed.length - 10} more problems (results.json)`);
    if (notes.length) out.push(`### ${r.id}`, '', ...notes, '');
  }
  return `${out.join('\n')}\n`;
}

function updateReadme(md) {
  const readme = path.join(HERE, 'README.md');
  if (!fs.existsSync(readme)) return;
  const text = fs.readFileSync(readme, 'utf8');
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) return;
  fs.writeFileSync(readme, `${text.slice(0, start + README_START.length)}\n${md}${text.slice(end)}`);
}

// ---------------------------------------------------------------------------------------------- main

/** Newest modification time under packages/*\/dist: a rebuild during a run would mix two builds. */
async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!options.fake && !fs.existsSync(CLI)) {
    fail(
      `the assay CLI is not built (${posix(path.relative(REPO, CLI))} is missing). Run \`pnpm bench:generate\`, which builds it first, or \`pnpm turbo run build --filter=assay...\`; use --fake to check the harness alone.`,
    );
  }
  const corpus = JSON.parse(fs.readFileSync(path.join(HERE, 'corpus.json'), 'utf8')).modules;
  let entries = corpus;
  if (options.only) {
    const unknown = options.only.filter((id) => !corpus.some((e) => e.id === id));
    if (unknown.length) fail(`unknown module id(s): ${unknown.join(', ')}`);
    entries = corpus.filter((e) => options.only.includes(e.id));
  }
  fs.mkdirSync(WORK, { recursive: true });

  // The commit the snapshot was built from, as near as git can tell (the build may include uncommitted work).
  let assayCommit = 'unknown';
  try {
    assayCommit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPO,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync(
      'git',
      ['status', '--porcelain', '--', 'packages/core', 'packages/property', 'packages/cli'],
      {
        cwd: REPO,
        encoding: 'utf8',
      },
    ).trim();
    if (dirty) assayCommit += ' + uncommitted changes in packages/core, property or cli';
  } catch {}
  let build;
  if (!options.fake) {
    build = snapshotBuild();
    cliPath = build.cli;
  }
  const loadStart = round(os.loadavg()[0], 2);
  const rows = [];
  for (const entry of entries) rows.push(await benchModule(entry, options));

  const args = process.argv
    .slice(2)
    .filter((a) => a !== '--')
    .join(' ');
  const results = {
    date: new Date().toISOString(),
    command: `pnpm bench:generate${args ? ` ${args}` : ''}`,
    equivalent: `pnpm turbo run build --filter=assay... && node bench/generate/run.mjs${args ? ` ${args}` : ''}`,
    fake: options.fake || undefined,
    assayCommit,
    machine: {
      cores: os.availableParallelism(),
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
      memoryGb: round(os.totalmem() / 2 ** 30, 1),
      loadAverage1m: { start: loadStart, end: round(os.loadavg()[0], 2) },
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
    },
    vitest: VITEST_VERSION,
    coverageV8: COVERAGE_VERSION,
    runs: options.runs,
    assayBuiltAt: build ? new Date(build.builtAt).toISOString() : undefined,
    summary: summarize(rows),
    modules: rows,
  };
  const md = markdown(results);
  const official = !options.fake && !options.only && options.runs === 5;
  const outDir = official ? HERE : WORK;
  fs.writeFileSync(path.join(outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(
    path.join(outDir, 'results.md'),
    `# assay generate: benchmark results\n\n${md}\n${details(results)}`,
  );
  if (official) updateReadme(md);
  console.log(`\n${md}`);
  if (rows.some((r) => r.setupError)) process.exitCode = 1;
  console.log(`results written to ${posix(path.relative(REPO, outDir))}/results.{json,md}`);
}

await main();
