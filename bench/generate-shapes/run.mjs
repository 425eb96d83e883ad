#!/usr/bin/env node
// Benchmark of `assay generate` on classes, async code and code with timers or Date (issue 3).
//
//   node bench/generate-shapes/run.mjs [--only <id>[,<id>...]] [--runs <n>] [--concurrency <n>]
//                                     [--frameworks vitest,jest]
//
// For every module of corpus.json and for each framework: fetch the package with `npm pack`
// (cached under .work/, never committed), copy the module and its relative imports into a scratch
// project .work/<id>/<framework>/, time `assay generate src/<module> --json --framework <framework>`,
// then run the generated tests <runs> times: Vitest with V8 coverage restricted to the module, or
// Jest 30 with @swc/jest. Writes results.json and results.md (only on a full run with 5 runs; other
// runs write them under .work/).
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const WORK = path.join(HERE, '.work');
const CLI = path.join(REPO, 'packages/cli/dist/bin.js');
const FRAMEWORKS = ['vitest', 'jest'];

const fromRepo = createRequire(path.join(REPO, 'package.json'));
const ts = fromRepo('typescript');
const VITEST_BIN = path.join(path.dirname(fromRepo.resolve('vitest/package.json')), 'vitest.mjs');
const VITEST_VERSION = fromRepo('vitest/package.json').version;
const COVERAGE_VERSION = fromRepo('@vitest/coverage-v8/package.json').version;
// Jest 30 and @swc/jest are installed for packages/core (its own tests); the scratch projects point at them.
const fromCore = createRequire(path.join(REPO, 'packages/core/package.json'));
const JEST_DIR = path.dirname(fromCore.resolve('jest/package.json'));
const JEST_BIN = path.join(JEST_DIR, 'bin/jest.js');
const JEST_VERSION = fromCore('jest/package.json').version;
const SWC_JEST = fromCore.resolve('@swc/jest');
const SWC_JEST_VERSION = fromCore('@swc/jest/package.json').version;
const SWC_CORE_VERSION = createRequire(SWC_JEST)('@swc/core/package.json').version;
const CORE_MODULES = path.join(REPO, 'packages/core/node_modules');
// Property tests need fast-check in the project (assay says "add it" otherwise): each scratch project
// gets a node_modules/fast-check link to the copy installed for packages/property.
const FAST_CHECK_DIR = fs.realpathSync(path.join(REPO, 'packages/property/node_modules/fast-check'));
const FAST_CHECK_VERSION = JSON.parse(
  fs.readFileSync(path.join(FAST_CHECK_DIR, 'package.json'), 'utf8'),
).version;

const GENERATE_TIMEOUT_MS = 6 * 60_000;
const RUN_TIMEOUT_MS = 3 * 60_000;
const SUMMARY_START = '<!-- summary:start -->';
const SUMMARY_END = '<!-- summary:end -->';

// ---------------------------------------------------------------------------------------------- options

function fail(message) {
  console.error(`bench:shapes: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const options = { only: undefined, runs: 5, concurrency: 3, frameworks: FRAMEWORKS, cjsProbe: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue;
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (v === undefined) fail(`${arg} needs a value`);
      return v;
    };
    const whole = (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) fail(`${arg} expects a whole number >= 1`);
      return n;
    };
    if (arg.startsWith('--only')) options.only = value().split(',').filter(Boolean);
    else if (arg.startsWith('--runs')) options.runs = whole(value());
    else if (arg.startsWith('--concurrency')) options.concurrency = whole(value());
    else if (arg.startsWith('--frameworks')) {
      options.frameworks = value().split(',').filter(Boolean);
      for (const f of options.frameworks) if (!FRAMEWORKS.includes(f)) fail(`unknown framework ${f}`);
    } else if (arg === '--no-cjs-probe') options.cjsProbe = false;
    else if (arg === '--report') options.reportOnly = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(
        'usage: node bench/generate-shapes/run.mjs [--only <id>,...] [--runs <n>] [--concurrency <n>] [--frameworks vitest,jest]',
      );
      process.exit(0);
    } else fail(`unknown argument ${arg}`);
  }
  return options;
}

// ---------------------------------------------------------------------------------------------- helpers

/** Runs a command; resolves with exit code, output and wall time. Never rejects. */
function run(command, args, { cwd, timeoutMs, env }) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const done = (code, signal, extra = '') => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ code, signal, stdout, stderr: stderr + extra, ms, timedOut });
    };
    child.on('close', (code, signal) => done(code, signal));
    child.on('error', (error) => done(null, null, String(error)));
  });
}

const median = (values) => {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};
const round = (x, digits = 1) => (x === null || x === undefined ? null : Number(x.toFixed(digits)));
const posix = (p) => p.split(path.sep).join('/');
const tail = (text, n = 1500) => (text.length > n ? `…${text.slice(-n)}` : text);
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

/** Runs async jobs with at most `limit` at a time, keeping the order of results. */
async function pool(items, limit, job) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await job(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ---------------------------------------------------------------------------------------------- build snapshot

/** Newest modification time under packages/*\/dist. */
function buildStamp() {
  let newest = 0;
  for (const pkg of fs.readdirSync(path.join(REPO, 'packages'))) {
    const dist = path.join(REPO, 'packages', pkg, 'dist');
    if (!fs.existsSync(dist)) continue;
    for (const f of ['.', ...fs.readdirSync(dist)]) {
      newest = Math.max(newest, fs.statSync(path.join(dist, f)).mtimeMs);
    }
  }
  return newest;
}

/**
 * The tree is shared and rebuilt often by others: copy package.json + dist/ of the CLI and of the
 * workspace packages it loads to .work/assay-build/ and run that copy. Third-party dependencies are
 * symlinked to the installed ones; workspace ones to their copies.
 */
function snapshotBuild() {
  const packages = path.join(REPO, 'packages');
  const snap = path.join(WORK, 'assay-build');
  for (let attempt = 1; attempt <= 5; attempt++) {
    const before = buildStamp();
    fs.rmSync(snap, { recursive: true, force: true });
    const copied = new Set();
    const copy = (name) => {
      if (copied.has(name)) return;
      copied.add(name);
      const from = path.join(packages, name);
      const to = path.join(snap, name);
      fs.mkdirSync(path.join(to, 'node_modules'), { recursive: true });
      fs.copyFileSync(path.join(from, 'package.json'), path.join(to, 'package.json'));
      fs.cpSync(path.join(from, 'dist'), path.join(to, 'dist'), { recursive: true });
      const modules = path.join(from, 'node_modules');
      if (!fs.existsSync(modules)) return;
      for (const scope of fs.readdirSync(modules)) {
        if (scope.startsWith('.')) continue;
        const names = scope.startsWith('@')
          ? fs.readdirSync(path.join(modules, scope)).map((n) => `${scope}/${n}`)
          : [scope];
        for (const dep of names) {
          const real = fs.realpathSync(path.join(modules, dep));
          const rel = path.relative(packages, real);
          let target = real;
          if (!rel.startsWith('..') && !rel.includes('node_modules')) {
            const workspace = rel.split(path.sep)[0];
            copy(workspace);
            target = path.join(snap, workspace);
          }
          const link = path.join(to, 'node_modules', dep);
          fs.mkdirSync(path.dirname(link), { recursive: true });
          fs.symlinkSync(target, link, 'dir');
        }
      }
    };
    copy('cli');
    if (buildStamp() === before) return { cli: path.join(snap, 'cli/dist/bin.js'), builtAt: before };
    console.warn(`the assay build changed while it was copied; trying again (${attempt}/5)`);
    execFileSync('sleep', ['5']);
  }
  throw new Error('the assay build kept changing while it was copied');
}

// ---------------------------------------------------------------------------------------------- fetch

/** `npm pack name@version` once, integrity checked, extracted; returns the package folder. */
function fetchPackage({ package: name, version, integrity }) {
  const dest = path.join(WORK, 'pkgs', `${name.replace('/', '+')}@${version}`);
  const pkgDir = path.join(dest, 'package');
  if (fs.existsSync(path.join(pkgDir, 'package.json'))) return pkgDir;
  const tarballs = path.join(WORK, 'tarballs');
  fs.mkdirSync(tarballs, { recursive: true });
  const out = execFileSync(
    'npm',
    ['pack', `${name}@${version}`, '--json', '--silent', '--pack-destination', tarballs],
    {
      cwd: WORK,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const [info] = JSON.parse(out.slice(out.indexOf('[')));
  const tarball = path.join(tarballs, info.filename);
  const actual = `sha512-${crypto.createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`;
  if (actual !== integrity) throw new Error(`${name}@${version}: integrity ${actual} ≠ corpus.json`);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', dest]);
  return pkgDir;
}

// ---------------------------------------------------------------------------------------------- scratch

/** The module and every file it reaches through relative imports (type-only ones included). */
function localFiles(pkgDir, entry) {
  const files = new Set();
  const external = new Set();
  const visit = (rel) => {
    if (files.has(rel)) return;
    files.add(rel);
    const text = fs.readFileSync(path.join(pkgDir, rel), 'utf8');
    for (const { fileName: spec } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!spec.startsWith('.')) {
        external.add(spec);
        continue;
      }
      const base = path.posix.join(path.posix.dirname(rel), spec);
      const stem = base.replace(/\.(m|c)?js$/, '');
      const found = [`${stem}.ts`, `${stem}.tsx`, base, `${base}/index.ts`].find(
        (c) => /\.tsx?$/.test(c) && fs.existsSync(path.join(pkgDir, c)),
      );
      if (found) visit(found);
    }
  };
  visit(entry);
  return { files: [...files], external: [...external] };
}

/** Exported functions and classes as a reader of the source counts them (independent of assay). */
function countExports(file) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const functions = new Set();
  const classes = new Set();
  const has = (node, kind) => ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false;
  const exported = (node) => has(node, ts.SyntaxKind.ExportKeyword);
  const nameOf = (node, prefix) =>
    prefix + (has(node, ts.SyntaxKind.DefaultKeyword) ? 'default' : (node.name?.text ?? 'default'));
  const walk = (statements, prefix) => {
    for (const node of statements) {
      if (ts.isFunctionDeclaration(node) && exported(node)) functions.add(nameOf(node, prefix));
      else if (ts.isClassDeclaration(node) && exported(node)) classes.add(nameOf(node, prefix));
      else if (ts.isVariableStatement(node) && exported(node)) {
        for (const d of node.declarationList.declarations) {
          const init = d.initializer;
          if (!ts.isIdentifier(d.name) || !init) continue;
          if (ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isCallExpression(init)) {
            functions.add(prefix + d.name.text);
          } else if (ts.isClassExpression(init)) classes.add(prefix + d.name.text);
          else if (ts.isObjectLiteralExpression(init)) {
            for (const p of init.properties) {
              if (
                ts.isMethodDeclaration(p) ||
                (ts.isPropertyAssignment(p) && ts.isArrowFunction(p.initializer))
              )
                functions.add(`${prefix}${d.name.text}.${p.name.getText(source)}`);
            }
          }
        }
      } else if (ts.isModuleDeclaration(node) && exported(node) && node.body && ts.isModuleBlock(node.body)) {
        walk(node.body.statements, `${prefix}${node.name.text}.`);
      } else if (ts.isExportAssignment(node) && !prefix) {
        if (ts.isArrowFunction(node.expression) || ts.isFunctionExpression(node.expression)) {
          functions.add('default');
        } else if (ts.isIdentifier(node.expression)) functions.add('default');
      }
    }
  };
  walk(source.statements, '');
  return { functions: [...functions], classes: [...classes] };
}

function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function setUpScratch(entry, pkgDir, framework) {
  const dir = path.join(WORK, entry.id, framework);
  fs.rmSync(dir, { recursive: true, force: true });
  const { files, external } = localFiles(pkgDir, entry.module);
  for (const rel of files) {
    const inSrc = path.posix.relative(entry.srcRoot, rel);
    if (inSrc.startsWith('..')) throw new Error(`${rel} is outside srcRoot ${entry.srcRoot}`);
    const to = path.join(dir, 'src', inSrc);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(pkgDir, rel), to);
  }
  const moduleRel = posix(path.join('src', path.posix.relative(entry.srcRoot, entry.module)));
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(FAST_CHECK_DIR, path.join(dir, 'node_modules/fast-check'), 'dir');
  writeJson(path.join(dir, 'tsconfig.json'), {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2022', 'DOM'],
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      experimentalDecorators: true,
      types: [],
    },
    include: ['src'],
  });
  if (framework === 'vitest') {
    // vitest and @vitest/coverage-v8 resolve from the monorepo's node_modules: .work/ is inside the repo.
    writeJson(path.join(dir, 'package.json'), {
      name: `assay-shapes-${entry.id}-vitest`,
      private: true,
      type: 'module',
      devDependencies: {
        vitest: VITEST_VERSION,
        '@vitest/coverage-v8': COVERAGE_VERSION,
        'fast-check': FAST_CHECK_VERSION,
      },
    });
    fs.writeFileSync(
      path.join(dir, 'vitest.config.mjs'),
      `import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.{test,spec}.?(c|m)[jt]s?(x)'],
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
  } else {
    // Jest with @swc/jest compiling TypeScript to CommonJS. The package is "type": "module" like the
    // Vitest one (the .ts sources are compiled the same either way); the 'jest-cjs' variant leaves
    // "type" out, a plain CommonJS package, to record whether assay can load the module there at all.
    writeJson(path.join(dir, 'package.json'), {
      name: `assay-shapes-${entry.id}-${framework}`,
      private: true,
      ...(framework === 'jest' ? { type: 'module' } : {}),
      devDependencies: {
        jest: JEST_VERSION,
        '@swc/jest': SWC_JEST_VERSION,
        '@swc/core': SWC_CORE_VERSION,
        'fast-check': FAST_CHECK_VERSION,
      },
    });
    fs.writeFileSync(
      path.join(dir, 'jest.config.cjs'),
      `// Jest ${JEST_VERSION} and @swc/jest are the ones installed for packages/core (see README.md).
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.{test,spec}.{ts,tsx,js,mjs,cjs}'],
  watchman: false,
  cacheDirectory: '<rootDir>/.jest-cache',
  modulePaths: [${JSON.stringify(CORE_MODULES)}],
  moduleNameMapper: { '^(\\\\.{1,2}/.*)\\\\.js$': '$1' },
  transform: {
    '^.+\\\\.(t|j)sx?$': [
      ${JSON.stringify(SWC_JEST)},
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
};
`,
    );
  }
  return { dir, moduleRel, files, external };
}

// ---------------------------------------------------------------------------------------------- generate

async function generate(cli, scratch, framework) {
  const result = await run(
    process.execPath,
    [cli, 'generate', scratch.moduleRel, '--json', '--framework', framework],
    { cwd: scratch.dir, timeoutMs: GENERATE_TIMEOUT_MS },
  );
  let report = null;
  let parseError = null;
  try {
    report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
  } catch (error) {
    parseError = String(error.message ?? error);
  }
  return { ...result, report, parseError };
}

function findTestFiles(dir) {
  const found = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (['node_modules', '.bench', '.jest-cache', 'coverage'].includes(e.name)) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(e.name)) found.push(posix(path.relative(dir, p)));
    }
  };
  walk(dir);
  return found;
}

// ---------------------------------------------------------------------------------------------- validate

/** Failing tests from a Jest-style JSON report (Vitest's json reporter writes the same shape). */
function readJsonReport(file, dir) {
  if (!fs.existsSync(file)) return null;
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const failures = [];
  for (const f of json.testResults ?? []) {
    if (f.status === 'failed' && (f.assertionResults ?? []).every((a) => a.status !== 'failed')) {
      failures.push({
        test: `(file ${posix(path.relative(dir, f.name))})`,
        message: tail(f.message ?? '', 1200),
      });
    }
    for (const a of f.assertionResults ?? []) {
      if (a.status === 'failed') {
        failures.push({ test: a.fullName, message: (a.failureMessages ?? []).join('\n').slice(0, 1200) });
      }
    }
  }
  return {
    total: json.numTotalTests,
    passed: json.numPassedTests,
    failed: json.numFailedTests,
    failedSuites: json.numFailedTestSuites,
    failures,
  };
}

function readCoverage(coverageDir) {
  const summary = path.join(coverageDir, 'coverage-summary.json');
  if (!fs.existsSync(summary)) return null;
  const total = JSON.parse(fs.readFileSync(summary, 'utf8')).total;
  const coverage = {
    lines: total.lines.pct,
    branches: total.branches.pct,
    functions: total.functions.pct,
    linesCovered: total.lines.covered,
    linesTotal: total.lines.total,
    branchesCovered: total.branches.covered,
    branchesTotal: total.branches.total,
  };
  const finalFile = path.join(coverageDir, 'coverage-final.json');
  const [fc] = fs.existsSync(finalFile) ? Object.values(JSON.parse(fs.readFileSync(finalFile, 'utf8'))) : [];
  if (fc) {
    const lines = Object.entries(fc.s).filter(([, n]) => n === 0);
    coverage.uncoveredLines = ranges(new Set(lines.map(([id]) => fc.statementMap[id].start.line)));
    const partial = Object.entries(fc.b).filter(([, counts]) => counts.some((c) => c === 0));
    coverage.partialBranchLines = ranges(new Set(partial.map(([id]) => fc.branchMap[id].loc.start.line)));
  }
  return coverage;
}

async function runTests(scratch, framework, index) {
  const outDir = path.join(scratch.dir, '.bench');
  fs.mkdirSync(outDir, { recursive: true });
  const jsonFile = path.join(outDir, `run-${index}.json`);
  const coverageDir = path.join(outDir, `coverage-${index}`);
  fs.rmSync(jsonFile, { force: true });
  fs.rmSync(coverageDir, { recursive: true, force: true });
  const args =
    framework === 'vitest'
      ? [
          VITEST_BIN,
          'run',
          '--coverage',
          `--coverage.reportsDirectory=${coverageDir}`,
          '--reporter=json',
          `--outputFile=${jsonFile}`,
        ]
      : [JEST_BIN, '--config', 'jest.config.cjs', '--ci', '--json', `--outputFile=${jsonFile}`];
  const result = await run(process.execPath, args, { cwd: scratch.dir, timeoutMs: RUN_TIMEOUT_MS });
  const tests = readJsonReport(jsonFile, scratch.dir);
  const coverage = framework === 'vitest' ? readCoverage(coverageDir) : null;
  const passed = result.code === 0 && tests !== null && tests.failed === 0 && tests.total > 0;
  return {
    passed,
    exitCode: result.code,
    timedOut: result.timedOut || undefined,
    seconds: round(result.ms / 1000, 2),
    tests,
    coverage,
    output: passed ? undefined : tail(`${result.stderr}\n${result.stdout}`.trim(), 1500),
  };
}

// ---------------------------------------------------------------------------------------------- one module

async function benchFramework(entry, pkgDir, framework, options, cli, log) {
  const out = { framework };
  let scratch;
  try {
    scratch = setUpScratch(entry, pkgDir, framework);
  } catch (error) {
    return { ...out, setupError: String(error.message ?? error) };
  }
  out.copiedFiles = scratch.files.length;
  if (scratch.external.length) out.externalImports = scratch.external;
  out.loadAverage = round(os.loadavg()[0], 2);
  const gen = await generate(cli, scratch, framework);
  out.generation = {
    exitCode: gen.code,
    timedOut: gen.timedOut || undefined,
    seconds: round(gen.ms / 1000, 2),
  };
  if (gen.code !== 0 || !gen.report) {
    out.generation.error = tail(
      (gen.report ? gen.stderr : `${gen.parseError ?? ''}\n${gen.stderr}\n${gen.stdout}`).trim() ||
        '(no output)',
    );
  }
  const files = gen.report?.files ?? [];
  const units = files.flatMap((f) => f.units ?? []);
  out.unitsFound = gen.report ? units.length : null;
  out.units = units.map((u) => ({ name: u.name, kind: u.kind, tests: u.tests, blocks: u.blocks }));
  out.testsGenerated = gen.report ? files.reduce((n, f) => n + (f.tests ?? 0), 0) : null;
  out.fileStatus = files.map((f) => f.status);
  out.problems = [
    ...files.flatMap((f) => f.problems ?? []),
    ...units.flatMap((u) => (u.problems ?? []).map((p) => ({ unit: u.name, ...p }))),
  ].map((p) => ({ code: p.code, unit: p.unit, message: String(p.message ?? '').slice(0, 500) }));
  out.testFiles = findTestFiles(scratch.dir);
  log(
    `${framework}: generated in ${out.generation.seconds}s, ${out.unitsFound ?? '?'} units, ${out.testsGenerated ?? '?'} tests`,
  );
  out.runs = [];
  if (out.testFiles.length > 0) {
    for (let i = 1; i <= options.runs; i++) out.runs.push(await runTests(scratch, framework, i));
  }
  out.passRuns = out.runs.filter((r) => r.passed).length;
  out.totalRuns = options.runs;
  out.testsRun = out.runs[0]?.tests?.total ?? 0;
  if (framework === 'vitest') {
    const cov = out.runs.find((r) => r.coverage)?.coverage ?? null;
    out.coverageMeasured = cov !== null;
    out.coverage = cov ?? { lines: 0, branches: 0, functions: 0 };
    out.coverageStable = new Set(out.runs.filter((r) => r.coverage).map((r) => r.coverage.lines)).size <= 1;
  }
  // Every distinct failing test over all runs, with the run numbers it failed in.
  const failures = new Map();
  out.runs.forEach((r, i) => {
    for (const f of r.tests?.failures ?? []) {
      const known = failures.get(f.test) ?? { ...f, runs: [] };
      known.runs.push(i + 1);
      failures.set(f.test, known);
    }
  });
  out.failures = [...failures.values()];
  const firstFailing = out.runs.find((r) => !r.passed);
  if (firstFailing) out.failureOutput = firstFailing.output;
  for (const r of out.runs) {
    if (r.tests) delete r.tests.failures;
    delete r.output;
  }
  log(`${framework}: ${out.passRuns}/${options.runs} runs passed, ${out.testsRun} tests`);
  return out;
}

/** Generation only (`--framework jest`), in a CommonJS package (no "type" field): does the module load? */
async function probeCommonJs(entry, pkgDir, cli, log) {
  const scratch = setUpScratch(entry, pkgDir, 'jest-cjs');
  const gen = await generate(cli, scratch, 'jest');
  const files = gen.report?.files ?? [];
  const probe = {
    exitCode: gen.code,
    seconds: round(gen.ms / 1000, 2),
    status: files.map((f) => f.status),
    unitsFound: gen.report ? files.reduce((n, f) => n + (f.units?.length ?? 0), 0) : null,
    testsGenerated: gen.report ? files.reduce((n, f) => n + (f.tests ?? 0), 0) : null,
    loadError: files.flatMap((f) => f.problems ?? []).find((p) => p.code === 'load-error')?.message,
  };
  log(`jest, CommonJS package: ${probe.loadError ? 'load-error' : `${probe.testsGenerated} tests`}`);
  return probe;
}

async function benchModule(entry, options, cli) {
  const row = {
    id: entry.id,
    shape: entry.shape,
    package: `${entry.package}@${entry.version}`,
    module: entry.module,
  };
  const log = (text) => console.log(`• ${entry.id}: ${text}`);
  let pkgDir;
  try {
    pkgDir = fetchPackage(entry);
  } catch (error) {
    return { ...row, setupError: String(error.message ?? error) };
  }
  const counted = countExports(path.join(pkgDir, entry.module));
  row.exportedFunctions = counted.functions.length;
  row.exportedClasses = counted.classes.length;
  row.exportedNames = [...counted.functions, ...counted.classes];
  for (const framework of options.frameworks) {
    row[framework] = await benchFramework(entry, pkgDir, framework, options, cli, log);
  }
  if (options.cjsProbe) row.commonjsProbe = await probeCommonJs(entry, pkgDir, cli, log);
  return row;
}

// ---------------------------------------------------------------------------------------------- reports

function summarize(rows, options) {
  const ok = rows.filter((r) => !r.setupError);
  const allPass = (r, f) => r[f] && r[f].testFiles?.length > 0 && r[f].passRuns === r[f].totalRuns;
  const summary = { modules: rows.length };
  for (const f of options.frameworks) {
    summary[f] = {
      modulesWithTests: ok.filter((r) => r[f]?.testFiles?.length > 0).length,
      modulesPassingAllRuns: ok.filter((r) => allPass(r, f)).length,
      generationSeconds: round(median(ok.map((r) => r[f]?.generation?.seconds)), 2),
      testsGenerated: median(ok.map((r) => r[f]?.testsGenerated ?? 0)),
      unitsFound: median(ok.map((r) => r[f]?.unitsFound ?? 0)),
      crashes: ok.filter((r) => r[f]?.generation?.exitCode !== 0).length,
    };
  }
  if (summary.vitest) {
    summary.vitest.lines = round(median(ok.map((r) => r.vitest?.coverage?.lines ?? 0)));
    summary.vitest.branches = round(median(ok.map((r) => r.vitest?.coverage?.branches ?? 0)));
    summary.vitest.functions = round(median(ok.map((r) => r.vitest?.coverage?.functions ?? 0)));
  }
  if (options.cjsProbe) {
    const probes = ok.filter((r) => r.commonjsProbe);
    summary.commonjsProbe = {
      modules: probes.length,
      loadErrors: probes.filter((r) => r.commonjsProbe.loadError).length,
      withTests: probes.filter((r) => r.commonjsProbe.testsGenerated > 0).length,
    };
  }
  if (options.frameworks.length === FRAMEWORKS.length) {
    summary.modulesPassingBoth = ok.filter((r) => FRAMEWORKS.every((f) => allPass(r, f))).length;
  }
  return summary;
}

const pct = (x) => (x === null || x === undefined ? '–' : `${x} %`);
const cell = (text) => String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');

function problemList(problems) {
  const counts = new Map();
  for (const p of problems ?? []) counts.set(p.code, (counts.get(p.code) ?? 0) + 1);
  return counts.size ? [...counts].map(([code, n]) => `${code} ×${n}`).join(', ') : '–';
}

function summaryText(results) {
  const { summary: s } = results;
  const parts = [];
  if (s.vitest) {
    parts.push(
      `**Medians over ${s.modules} modules** (a module without tests or coverage counts as 0 %): lines ${pct(s.vitest.lines)}, branches ${pct(s.vitest.branches)}, functions ${pct(s.vitest.functions)}; tests per module ${s.vitest.testsGenerated} (Vitest)${s.jest ? ` / ${s.jest.testsGenerated} (Jest)` : ''}; generation time ${s.vitest.generationSeconds} s (Vitest)${s.jest ? ` / ${s.jest.generationSeconds} s (Jest)` : ''}.`,
    );
  }
  for (const f of results.frameworks) {
    parts.push(
      `${f === 'vitest' ? 'Vitest' : 'Jest'}: generated test files passed ${results.runs}/${results.runs} runs for **${s[f].modulesPassingAllRuns} of ${s.modules}** modules (${s[f].modulesWithTests} got a test file; generation exited non-zero for ${s[f].crashes}).`,
    );
  }
  if (s.modulesPassingBoth !== undefined) {
    parts.push(
      `Passing ${results.runs}/${results.runs} under both Vitest and Jest: **${s.modulesPassingBoth} of ${s.modules}**.`,
    );
  }
  if (s.modulesPassingBoth !== undefined && s.vitest) {
    const met = s.modulesPassingBoth >= 20 && s.vitest.lines >= 80;
    parts.push(
      `Issue 3's bar (at least 20 modules passing 5/5 under both runners, median line coverage at least 80 %): **${met ? 'met' : 'not met'}** (${s.modulesPassingBoth} modules, ${pct(s.vitest.lines)}).`,
    );
  }
  if (s.commonjsProbe) {
    const errors = [...new Set(results.modules.map((r) => r.commonjsProbe?.loadError).filter(Boolean))];
    parts.push(
      `CommonJS probe (\`assay generate --framework jest\` in the same project without \`"type": "module"\`, generation only): load-error for **${s.commonjsProbe.loadErrors} of ${s.commonjsProbe.modules}** modules, a test file for ${s.commonjsProbe.withTests}.${
        errors.length
          ? ` Messages: ${errors
              .map((e) => `"${cell(e.replace(/^src\/\S+ /, '<module> '))}"`)
              .filter((e, i, a) => a.indexOf(e) === i)
              .join('; ')}.`
          : ''
      }`,
    );
  }
  return parts.join('\n\n');
}

function markdown(results) {
  const { machine: m } = results;
  const lines = [
    `Date: ${results.date} · command: \`${results.command}\` · assay commit \`${results.assayCommit}\`, build of ${results.assayBuiltAt}`,
    '',
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGb} GB RAM, ${m.platform}, Node ${m.node}. Vitest ${results.versions.vitest} with @vitest/coverage-v8 ${results.versions.coverageV8}; Jest ${results.versions.jest} with @swc/jest ${results.versions.swcJest} (@swc/core ${results.versions.swcCore}); fast-check ${results.versions.fastCheck ?? '(not linked)'} in each project. Runs per module and framework: ${results.runs}; modules benchmarked ${results.concurrency} at a time. 1-minute load average ${m.loadAverage1m.start} at the start, ${m.loadAverage1m.end} at the end (the machine is shared: other work inflates times). Whole run: ${results.wallMinutes} min.`,
    '',
    '| module | shape | package `module` | exported fns / classes | units found (fn/class) | tests V / J | Vitest pass | Jest pass | lines | branches | gen time V / J | problems (Vitest run of assay) |',
    '|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const r of results.modules) {
    if (r.setupError) {
      lines.push(
        `| ${r.id} | ${r.shape} | ${r.package} \`${r.module}\` | – | – | – | – | – | – | – | – | setup error: ${cell(r.setupError)} |`,
      );
      continue;
    }
    const v = r.vitest;
    const j = r.jest;
    const kinds = (x) => {
      if (!x || x.unitsFound === null) return 'crash';
      const fn = x.units.filter((u) => u.kind === 'function').length;
      return `${x.unitsFound} (${fn}/${x.unitsFound - fn})`;
    };
    const tests = (x) => (x ? x.testsRun || x.testsGenerated || 0 : '–');
    const passes = (x) => (x ? `${x.passRuns}/${x.totalRuns}${x.testFiles.length ? '' : ' (no file)'}` : '–');
    const gen = (x) =>
      x?.generation
        ? `${x.generation.seconds} s${x.generation.exitCode === 0 ? '' : ` (exit ${x.generation.exitCode})`}`
        : '–';
    lines.push(
      `| ${r.id} | ${r.shape} | ${r.package} \`${r.module}\` | ${r.exportedFunctions} / ${r.exportedClasses} | ${kinds(v ?? j)} | ${tests(v)} / ${tests(j)} | ${passes(v)} | ${passes(j)} | ${pct(v?.coverage?.lines)} | ${pct(v?.coverage?.branches)} | ${gen(v)} / ${gen(j)} | ${problemList((v ?? j)?.problems)} |`,
    );
  }
  lines.push('', summaryText(results));
  lines.push(
    '',
    '"exported fns / classes" is counted by the harness from the source (functions, arrow consts, objects of functions, namespace members; classes); "units found" is from assay\'s report. "tests" is the number of tests the runner ran in the first run (or, without a run, the number assay reported). Coverage is Vitest\'s (V8) of the module under test only, by the generated tests alone, from the first run with a report. Problems are those assay reported when generating for Vitest (the Jest generation\'s are in results.json).',
  );
  return lines.join('\n');
}

function details(results) {
  const out = ['', '## Details per module', ''];
  for (const r of results.modules) {
    out.push(`### ${r.id}`, '');
    if (r.setupError) {
      out.push(`- setup error: ${r.setupError}`, '');
      continue;
    }
    for (const f of results.frameworks) {
      const x = r[f];
      if (!x) continue;
      if (x.setupError) {
        out.push(`- ${f}: setup error ${x.setupError}`);
        continue;
      }
      if (x.generation?.error)
        out.push(
          `- ${f}: generation exited ${x.generation.exitCode}: \`${cell(x.generation.error.slice(-600))}\``,
        );
      if (x.units?.length)
        out.push(`- ${f} units: ${x.units.map((u) => `${u.name} (${u.kind}, ${u.tests} tests)`).join(', ')}`);
      if (f === 'vitest' && x.coverage?.uncoveredLines !== undefined) {
        out.push(
          `- lines not covered: ${x.coverage.uncoveredLines || 'none'}; lines with a branch not taken: ${x.coverage.partialBranchLines || 'none'}`,
        );
      }
      const sameAsVitest =
        f !== 'vitest' && JSON.stringify(x.problems) === JSON.stringify(r.vitest?.problems ?? null);
      if (sameAsVitest && x.problems?.length) out.push(`- ${f}: the same problems as for vitest`);
      else
        for (const p of x.problems ?? [])
          out.push(`- ${f} problem \`${p.code}\`${p.unit ? ` (${p.unit})` : ''}: ${cell(p.message)}`);
      for (const fl of x.failures ?? []) {
        out.push(
          `- **${f} failing test** (runs ${fl.runs.join(', ')}): \`${cell(fl.test)}\`: ${cell(fl.message.slice(0, 500))}`,
        );
      }
      if (x.failureOutput && !(x.failures ?? []).length)
        out.push(`- ${f} failing run output: \`${cell(x.failureOutput.slice(-600))}\``);
    }
    out.push('');
  }
  return out.join('\n');
}

function writeReports(results, outDir) {
  fs.writeFileSync(
    path.join(outDir, 'results.md'),
    `# assay generate on classes, async code and timers: results\n\n${markdown(results)}\n${details(results)}`,
  );
}

/** The summary block of README.md, between its markers, after an official run. */
function updateReadme(results) {
  const file = path.join(HERE, 'README.md');
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf(SUMMARY_START);
  const end = text.indexOf(SUMMARY_END);
  if (start < 0 || end < start) return;
  const block = `Run of ${results.date} (assay \`${results.assayCommit}\`, ${results.machine.cores} cores, 1-minute load ${results.machine.loadAverage1m.start}–${results.machine.loadAverage1m.end}, ${results.wallMinutes} min with \`--concurrency ${results.concurrency}\`; the command was \`${results.command}\`).\n\n${summaryText(results)}\n`;
  fs.writeFileSync(file, `${text.slice(0, start + SUMMARY_START.length)}\n${block}${text.slice(end)}`);
}

// ---------------------------------------------------------------------------------------------- main

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.reportOnly) {
    // Re-render results.md and the README summary from results.json (after a change to the report code).
    const results = JSON.parse(fs.readFileSync(path.join(HERE, 'results.json'), 'utf8'));
    writeReports(results, HERE);
    updateReadme(results);
    return;
  }
  if (!fs.existsSync(CLI)) fail('the assay CLI is not built; run `pnpm bench:shapes`, which builds it first');
  const corpus = JSON.parse(fs.readFileSync(path.join(HERE, 'corpus.json'), 'utf8')).modules;
  let entries = corpus;
  if (options.only) {
    const unknown = options.only.filter((id) => !corpus.some((e) => e.id === id));
    if (unknown.length) fail(`unknown module id(s): ${unknown.join(', ')}`);
    entries = corpus.filter((e) => options.only.includes(e.id));
  }
  fs.mkdirSync(WORK, { recursive: true });
  let assayCommit = 'unknown';
  try {
    const git = (...args) => execFileSync('git', args, { cwd: REPO, encoding: 'utf8' }).trim();
    assayCommit = git('rev-parse', '--short', 'HEAD');
    if (
      git(
        'status',
        '--porcelain',
        '--',
        'packages/core',
        'packages/property',
        'packages/cli',
        'packages/history',
      )
    ) {
      assayCommit += ' + uncommitted changes in packages/';
    }
  } catch {}
  const build = snapshotBuild();
  const started = Date.now();
  const loadStart = round(os.loadavg()[0], 2);
  // Fetch first, one package at a time (several modules share a tarball).
  for (const entry of entries) {
    try {
      fetchPackage(entry);
    } catch {}
  }
  const rows = await pool(entries, options.concurrency, (entry) => benchModule(entry, options, build.cli));
  const args = process.argv
    .slice(2)
    .filter((a) => a !== '--')
    .join(' ');
  const results = {
    date: new Date().toISOString(),
    command: `pnpm bench:shapes${args ? ` ${args}` : ''}`,
    equivalent: `pnpm turbo run build --filter=assay... && node bench/generate-shapes/run.mjs${args ? ` ${args}` : ''}`,
    assayCommit,
    assayBuiltAt: new Date(build.builtAt).toISOString(),
    machine: {
      cores: os.availableParallelism(),
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
      memoryGb: round(os.totalmem() / 2 ** 30, 1),
      loadAverage1m: { start: loadStart, end: round(os.loadavg()[0], 2) },
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
    },
    versions: {
      vitest: VITEST_VERSION,
      coverageV8: COVERAGE_VERSION,
      jest: JEST_VERSION,
      swcJest: SWC_JEST_VERSION,
      swcCore: SWC_CORE_VERSION,
      fastCheck: FAST_CHECK_VERSION,
    },
    frameworks: options.frameworks,
    runs: options.runs,
    concurrency: options.concurrency,
    wallMinutes: round((Date.now() - started) / 60_000, 1),
    summary: summarize(rows, options),
    modules: rows,
  };
  const md = markdown(results);
  const official = !options.only && options.runs === 5 && options.frameworks.length === FRAMEWORKS.length;
  const outDir = official ? HERE : WORK;
  writeJson(path.join(outDir, 'results.json'), results);
  writeReports(results, outDir);
  if (official) updateReadme(results);
  console.log(`\n${md}\n\nresults written to ${posix(path.relative(REPO, outDir))}/results.{json,md}`);
  if (rows.some((r) => r.setupError)) process.exitCode = 1;
}

await main();
