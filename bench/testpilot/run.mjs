#!/usr/bin/env node
// assay on TestPilot's benchmark (githubnext/testpilot, .github/benchmarks.txt; arXiv 2302.06527).
//
//   node bench/testpilot/run.mjs [--only <id>,...] [--runs <n>] [--mirrors <dir>] [--label <name>]
//
// For every package of corpus.json: its source at the benchmark commit (from a git mirror of the
// repository under --mirrors, `<owner>+<name>/repo`, as the search tool's fetch leaves them; or the
// registry tarball the corpus names), its production dependencies (`npm install --omit=dev
// --ignore-scripts`), then, as a user would: `assay generate <files> --framework vitest --out-dir
// assay-tests --json` over the package's files (its entry module and every local file the entry
// reaches), timed; then the generated tests run <runs> times with Vitest and V8 coverage over the same
// files. Writes results-<label>.json and prints the table; README.md holds the recorded runs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectLocalFiles, fetchPackage, median, run, snapshotBuild } from '../generate/harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const WORK = path.join(HERE, '.work');
const fromRepo = createRequire(path.join(REPO, 'package.json'));
const ts = fromRepo('typescript');
const VITEST_BIN = path.join(path.dirname(fromRepo.resolve('vitest/package.json')), 'vitest.mjs');
const VITEST_VERSION = fromRepo('vitest/package.json').version;
const FAST_CHECK_DIR = fs.realpathSync(path.join(REPO, 'packages/property/node_modules/fast-check'));
// memfs as a user adds it (docs: `npm i -D memfs`) so that file I/O is tested on in-memory files.
const MEMFS_DIR = fs.realpathSync(path.join(REPO, 'packages/core/node_modules/memfs'));
const GENERATE_TIMEOUT_MS = 40 * 60_000; // a hang guard: whole packages with validation on
const RUN_TIMEOUT_MS = 5 * 60_000;
// Published medians (arXiv 2302.06527, Table 2: 25 packages, gpt-3.5-turbo).
const PUBLISHED = {
  testpilot: { statements: 70.2, branches: 52.8 },
  nessie: { statements: 51.3, branches: 25.6 },
};

function parseArgs(argv) {
  const options = { only: undefined, runs: 4, mirrors: '/work/.mirror', label: 'latest' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--only') options.only = value().split(',');
    else if (flag === '--runs') options.runs = Number(value());
    else if (flag === '--mirrors') options.mirrors = value();
    else if (flag === '--label') options.label = value();
    else {
      console.error(`bench/testpilot: unknown argument ${argv[i]}`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(options.runs) || options.runs < 1) {
    console.error('bench/testpilot: --runs expects a whole number >= 1');
    process.exit(2);
  }
  return options;
}

/** The package's files at the benchmark commit (or the registry tarball), in .work/<id>/project. */
function materialize(pkg, mirrors) {
  const dir = path.join(WORK, pkg.id, 'project');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  if (pkg.registry) {
    const at = pkg.registry.lastIndexOf('@');
    const from = fetchPackage(
      { package: pkg.registry.slice(0, at), version: pkg.registry.slice(at + 1) },
      WORK,
    );
    fs.cpSync(from, dir, { recursive: true });
  } else {
    const git = path.join(mirrors, pkg.repo.replace('/', '+'), 'repo');
    if (!fs.existsSync(git)) throw new Error(`no mirror of ${pkg.repo} at ${git} (fetch github:${pkg.repo})`);
    const tar = execFileSync('git', ['-C', git, 'archive', '--format=tar', pkg.commit], {
      maxBuffer: 1 << 30,
    });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  }
  // Production dependencies only: the package's own test tooling is not what is measured.
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  if (Object.keys(manifest.dependencies ?? {}).length > 0) {
    execFileSync(
      'npm',
      [
        'install',
        '--omit=dev',
        '--ignore-scripts',
        // Old packages pin dev tools whose peers no longer agree (memfs 3.2 and typescript 4.1).
        '--legacy-peer-deps',
        '--no-audit',
        '--no-fund',
        '--no-package-lock',
        '--loglevel=error',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  }
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.rmSync(path.join(dir, 'node_modules/fast-check'), { recursive: true, force: true });
  fs.symlinkSync(FAST_CHECK_DIR, path.join(dir, 'node_modules/fast-check'), 'dir');
  declareMemfs(dir);
  return dir;
}

/** `npm i -D memfs`, as the docs tell a user whose code does file I/O (linked from assay's own copy). */
function declareMemfs(dir) {
  const manifest = path.join(dir, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  if (pkg.name === 'memfs') return; // the package under test is memfs itself
  const version = JSON.parse(fs.readFileSync(path.join(MEMFS_DIR, 'package.json'), 'utf8')).version;
  pkg.devDependencies = { ...pkg.devDependencies, memfs: version };
  fs.writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
  fs.rmSync(path.join(dir, 'node_modules/memfs'), { recursive: true, force: true });
  fs.symlinkSync(MEMFS_DIR, path.join(dir, 'node_modules/memfs'), 'dir');
}

/** tsconfig `paths` of the form `"@/*": ["src/*"]`, as [prefix, folder] pairs. */
function pathAliases(dir) {
  const file = path.join(dir, 'tsconfig.json');
  if (!fs.existsSync(file)) return [];
  const { config } = ts.readConfigFile(file, ts.sys.readFile);
  const paths = config?.compilerOptions?.paths ?? {};
  const baseUrl = config?.compilerOptions?.baseUrl ?? '.';
  return Object.entries(paths)
    .filter(([key, [target]]) => key.endsWith('/*') && target?.endsWith('/*'))
    .map(([key, [target]]) => [
      key.slice(0, -1),
      path.posix.join(baseUrl, target.slice(0, -1)).replace(/^\.\//, ''),
    ]);
}

function writeVitestConfig(dir, files) {
  for (const name of fs.readdirSync(dir)) {
    if (/^vitest\.config\./.test(name) || /^vite\.config\./.test(name)) fs.rmSync(path.join(dir, name));
  }
  fs.writeFileSync(
    path.join(dir, 'vitest.config.mjs'),
    `import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['assay-tests/**/*.{test,spec}.?(c|m)[jt]s?(x)'],
    watch: false,
    coverage: {
      provider: 'v8',
      include: ${JSON.stringify(files)},
      reporter: ['json-summary', 'json'],
      reportOnFailure: true,
    },
  },
});
`,
  );
}

function readCoverage(dir) {
  const summary = path.join(dir, 'coverage-summary.json');
  if (!fs.existsSync(summary)) return null;
  const total = JSON.parse(fs.readFileSync(summary, 'utf8')).total;
  return { statements: total.statements.pct, branches: total.branches.pct, lines: total.lines.pct };
}

async function runTests(dir, index) {
  const out = path.join(dir, '.bench');
  fs.mkdirSync(out, { recursive: true });
  const json = path.join(out, `run-${index}.json`);
  const coverageDir = path.join(out, `coverage-${index}`);
  fs.rmSync(coverageDir, { recursive: true, force: true });
  const result = await run(
    process.execPath,
    [
      VITEST_BIN,
      'run',
      '--coverage',
      `--coverage.reportsDirectory=${coverageDir}`,
      '--reporter=json',
      `--outputFile=${json}`,
    ],
    { cwd: dir, timeoutMs: RUN_TIMEOUT_MS, env: { CI: '1' } },
  );
  const report = fs.existsSync(json) ? JSON.parse(fs.readFileSync(json, 'utf8')) : null;
  const failedFiles = (report?.testResults ?? [])
    .filter((r) => r.status === 'failed' && r.assertionResults.length === 0)
    .map((r) => path.relative(dir, r.name));
  return {
    exitCode: result.code,
    tests: report?.numTotalTests ?? 0,
    failed: report?.numFailedTests ?? null,
    failedFiles,
    coverage: readCoverage(coverageDir),
    output: result.code === 0 ? undefined : `${result.stderr}\n${result.stdout}`.trim().slice(-1200),
  };
}

async function benchPackage(pkg, options, cli) {
  const row = {
    id: pkg.id,
    source: pkg.registry ?? `${pkg.repo}@${pkg.commit.slice(0, 8)}`,
    entry: pkg.entry,
  };
  let dir;
  try {
    dir = materialize(pkg, options.mirrors);
  } catch (error) {
    return { ...row, setupError: String(error.message ?? error).slice(0, 500) };
  }
  const { files, unresolved } = collectLocalFiles(dir, pkg.entry, { js: true, aliases: pathAliases(dir) });
  row.files = files.length;
  row.unresolvedImports = unresolved.length || undefined;
  writeVitestConfig(dir, files);
  const generated = await run(
    process.execPath,
    [cli, 'generate', ...files, '--framework', 'vitest', '--out-dir', 'assay-tests', '--json'],
    { cwd: dir, timeoutMs: GENERATE_TIMEOUT_MS, env: { CI: '1' } },
  );
  row.generationSeconds = Math.round(generated.ms / 100) / 10;
  row.generateExit = generated.code;
  let report = null;
  try {
    report = JSON.parse(generated.stdout);
  } catch {
    row.generateError = `${generated.stderr}`.trim().slice(-800) || 'no JSON report';
  }
  if (report) {
    row.units = report.totals?.units;
    row.testsWritten = report.totals?.tests;
    row.filesWithTests = report.files.filter(
      (f) => f.status === 'written' || f.status === 'unchanged',
    ).length;
    const problems = {};
    for (const file of report.files) {
      for (const p of file.problems ?? []) problems[p.code] = (problems[p.code] ?? 0) + 1;
    }
    row.problems = problems;
  }
  const runs = [];
  const hasTests = fs.existsSync(path.join(dir, 'assay-tests'));
  for (let i = 0; hasTests && i < options.runs; i++) runs.push(await runTests(dir, i));
  row.runs = runs.map(({ output, ...r }) => r);
  row.passingRuns = runs.filter((r) => r.exitCode === 0 && r.failed === 0 && r.tests > 0).length;
  row.testsRun = runs[0]?.tests ?? 0;
  const coverage = runs.find((r) => r.coverage)?.coverage ?? { statements: 0, branches: 0, lines: 0 };
  row.statements = coverage.statements;
  row.branches = coverage.branches;
  row.filesThatFailToLoad = [...new Set(runs.flatMap((r) => r.failedFiles))];
  row.firstFailure = runs.find((r) => r.output)?.output;
  return row;
}

const pct = (x) => (x === null || x === undefined ? '–' : `${Number(x).toFixed(1)} %`);

function table(rows) {
  const lines = [
    '| package | source | files | units | tests | passing runs | statements | branches | generation | problems |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const problems = Object.entries(r.problems ?? {})
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    lines.push(
      `| ${r.id} | ${r.source} | ${r.files ?? '–'} | ${r.units ?? '–'} | ${r.testsRun ?? 0} | ${r.passingRuns ?? 0}/${r.runs?.length ?? 0} | ${pct(r.statements)} | ${pct(r.branches)} | ${r.generationSeconds ?? '–'} s | ${r.setupError ?? r.generateError?.split('\n')[0] ?? problems} |`,
    );
  }
  return lines.join('\n');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const corpus = JSON.parse(fs.readFileSync(path.join(HERE, 'corpus.json'), 'utf8'));
  const packages = corpus.packages.filter((p) => !options.only || options.only.includes(p.id));
  fs.mkdirSync(WORK, { recursive: true });
  const build = snapshotBuild(WORK);
  const started = Date.now();
  const load = [os.loadavg()[0]];
  const rows = [];
  for (const pkg of packages) {
    console.error(`[testpilot] ${pkg.id} …`);
    const row = await benchPackage(pkg, options, build.cli);
    console.error(
      `[testpilot] ${pkg.id}: ${pct(row.statements)} statements, ${pct(row.branches)} branches, ${row.testsRun ?? 0} tests, ${row.passingRuns ?? 0}/${options.runs} passing, ${row.generationSeconds ?? '–'} s`,
    );
    rows.push(row);
  }
  load.push(os.loadavg()[0]);
  const summary = {
    packages: rows.length,
    statements: median(rows.map((r) => r.statements ?? 0)),
    branches: median(rows.map((r) => r.branches ?? 0)),
    generationSeconds: median(rows.map((r) => r.generationSeconds)),
    allPassing: rows.filter((r) => r.testsRun > 0 && r.passingRuns === options.runs).length,
    withTests: rows.filter((r) => r.testsRun > 0).length,
    filesThatFailToLoad: rows.reduce((n, r) => n + (r.filesThatFailToLoad?.length ?? 0), 0),
  };
  const result = {
    label: options.label,
    date: new Date().toISOString(),
    assayCommit: execFileSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
    }).trim(),
    vitest: VITEST_VERSION,
    node: process.version,
    runs: options.runs,
    wallMinutes: Math.round((Date.now() - started) / 6000) / 10,
    loadAverage1m: load,
    published: PUBLISHED,
    summary,
    rows,
  };
  fs.writeFileSync(path.join(HERE, `results-${options.label}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(table(rows));
  console.log(
    `\nmedian over ${summary.packages} packages: statements ${pct(summary.statements)}, branches ${pct(summary.branches)} (TestPilot ${PUBLISHED.testpilot.statements} / ${PUBLISHED.testpilot.branches}, Nessie ${PUBLISHED.nessie.statements} / ${PUBLISHED.nessie.branches}); ${summary.allPassing}/${summary.withTests} packages with tests pass ${options.runs}/${options.runs}; median generation ${summary.generationSeconds} s`,
  );
}

await main();
