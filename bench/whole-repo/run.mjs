#!/usr/bin/env node
// Whole-repository generation on a real project of growing size: wall time, peak memory of the generator's
// process tree, time per file, second run (nothing changed) and a one-leaf change.
//
//   node bench/whole-repo/run.mjs --repo <git dir of toss/es-toolkit> [--commit <sha>] [--only small,medium,large]
//                                 [--unit-budget <ms>] [--call-timeout <ms>] [--max-candidates <n>] [--concurrency <n>]
//                                 [--file-budget <ms>] [--skip-vitest] [--results <base name>]
//
// The project is copied (git archive of src/, tsconfig.json, package.json, vitest.config.mts) into
// bench/whole-repo/.work/<size>/ (ignored, never committed), one fresh copy per size. Each size is
// a set of the project's own folders, run as `assay generate <folders> --json`. Writes results.json
// and results.md beside this file.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const WORK = path.join(HERE, '.work');
const CLI = path.join(REPO, 'packages/cli/dist/bin.js');
const VITEST = path.join(REPO, 'node_modules/.bin/vitest');
const PROJECT_FILES = ['src', 'tsconfig.json', 'package.json', 'vitest.config.mts'];
/** Sets of es-toolkit folders, about 45, 95 and 386 source files. */
const SIZES = {
  small: ['src/string', 'src/function'],
  medium: ['src/array', 'src/object'],
  large: ['src/compat'],
};

function parseArgs(argv) {
  const options = {
    repo: undefined,
    commit: 'HEAD',
    only: Object.keys(SIZES),
    flags: [],
    vitest: true,
    /** Base name of the results files (results.json, results.md). */
    results: 'results',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => argv[++i] ?? fail(`${arg} needs a value`);
    if (arg === '--repo') options.repo = value();
    else if (arg === '--commit') options.commit = value();
    else if (arg === '--only') options.only = value().split(',');
    else if (
      ['--unit-budget', '--max-candidates', '--concurrency', '--file-budget', '--call-timeout'].includes(arg)
    )
      options.flags.push(arg, value());
    else if (arg === '--no-validate') options.flags.push(arg);
    else if (arg === '--skip-vitest') options.vitest = false;
    else if (arg === '--results') options.results = value();
    else fail(`unknown argument ${arg}`);
  }
  if (!options.repo)
    fail('--repo <git dir of toss/es-toolkit> is required (git clone https://github.com/toss/es-toolkit)');
  return options;
}

function fail(message) {
  console.error(`bench/whole-repo: ${message}`);
  process.exit(2);
}

/** A fresh copy of the project at `commit` in .work/<name>. */
function prepare(options, name) {
  const dir = path.join(WORK, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const archive = execFileSync(
    'git',
    ['--git-dir', gitDir(options.repo), 'archive', options.commit, ...PROJECT_FILES],
    {
      maxBuffer: 512 * 1024 * 1024,
    },
  );
  execFileSync('tar', ['x', '-C', dir], { input: archive });
  return dir;
}

function gitDir(repo) {
  return fs.existsSync(path.join(repo, '.git')) ? path.join(repo, '.git') : repo;
}

/** Runs the CLI, sampling the RSS of its whole process tree (sandbox children included) every 200 ms. */
function runAssay(cwd, args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, 'generate', ...args, '--json'], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let peak = 0;
    let peakParts = [];
    const timer = setInterval(() => {
      const { total, parts } = treeRss(child.pid);
      if (total > peak) [peak, peakParts] = [total, parts];
    }, 200);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      try {
        // What made up the peak: each process of the tree (the CLI first) with its RSS in MB.
        const peakProcesses = peakParts.map(({ rss, what }) => ({ what, rssMb: Math.round(rss / 1024) }));
        resolve({ code, wallMs, peakRssMb: peak / 1024, peakProcesses, report: JSON.parse(stdout) });
      } catch {
        reject(new Error(`assay exited ${code} without a JSON report:\n${stderr.slice(-3000)}`));
      }
    });
  });
}

/** Sum of VmRSS (kB) of `pid` and its descendants, from /proc, and each one's share (`what`: its script). */
function treeRss(pid) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {}
  }
  let total = 0;
  const parts = [];
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop();
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const argv = fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      const script = argv.find((a) => /\.(m?js|cjs)$/.test(a) && !a.includes('loader')) ?? argv[0];
      total += rss;
      parts.push({ rss, what: path.basename(script ?? '?') });
    } catch {}
    stack.push(...(children.get(p) ?? []));
  }
  return { total, parts };
}

/** How many sources of the copy import `source` (by relative specifier; an estimate, assay's report is the truth). */
function importerCounter(dir) {
  const all = fs
    .readdirSync(path.join(dir, 'src'), { recursive: true })
    .map((f) => path.join('src', String(f)));
  const texts = all.filter((f) => /\.ts$/.test(f)).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
  return (source) => {
    const base = path.basename(source, '.ts');
    const pattern = new RegExp(`from '[./]+[^']*/${base}(\\.ts)?'`);
    return texts.filter((text) => pattern.test(text)).length;
  };
}

/**
 * Two changes: a leaf (a source no other source imports), and the source with a written test that the
 * fewest sources import. Each gets a comment appended, then a run: which files were processed again.
 */
async function changeOneFile(dir, args, report) {
  const importers = importerCounter(dir);
  const sources = report.files.filter((f) => !f.source.endsWith('/index.ts'));
  const leaf = sources.find((f) => importers(f.source) === 0);
  const written = sources
    .filter((f) => f.status === 'written')
    .map((f) => ({ source: f.source, importers: importers(f.source) }))
    .sort((a, b) => a.importers - b.importers)[0];
  const changes = [];
  for (const change of [leaf && { source: leaf.source, importers: 0 }, written].filter(Boolean)) {
    fs.appendFileSync(path.join(dir, change.source), '\n// changed by bench/whole-repo\n');
    const run = await runAssay(dir, args);
    changes.push({
      file: change.source,
      importers: change.importers,
      wallMs: run.wallMs,
      processed: run.report.files.filter((f) => !f.cached).map((f) => f.source),
    });
  }
  return changes;
}

function runVitest(dir) {
  try {
    const out = execFileSync(VITEST, ['run', '.assay.test', '--reporter', 'json'], {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return summarizeVitest(out);
  } catch (error) {
    return summarizeVitest(error.stdout ?? '');
  }
}

function summarizeVitest(out) {
  const json = JSON.parse(out.slice(out.indexOf('{')));
  return {
    files: json.testResults.length,
    tests: json.numTotalTests,
    passed: json.numPassedTests,
    failed: json.numFailedTests,
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(CLI)) fail('build first: pnpm turbo run build --filter assay');
  const commit = execFileSync('git', ['--git-dir', gitDir(options.repo), 'rev-parse', options.commit], {
    encoding: 'utf8',
  }).trim();
  const results = [];
  for (const size of options.only) {
    const folders = SIZES[size] ?? fail(`unknown size ${size}`);
    const dir = prepare({ ...options, commit }, size);
    const args = [...folders, ...options.flags];
    console.log(
      `[${size}] assay generate ${args.join(' ')} (load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
    );
    const first = await runAssay(dir, args);
    const files = first.report.totals.files;
    console.log(
      `[${size}] first run: ${files} files in ${(first.wallMs / 1000).toFixed(1)} s, peak ${first.peakRssMb.toFixed(0)} MB`,
    );
    const second = await runAssay(dir, args);
    const changes = await changeOneFile(dir, args, first.report);
    const vitest = options.vitest ? runVitest(dir) : undefined;
    const result = {
      size,
      folders,
      files,
      totals: first.report.totals,
      wallMs: first.wallMs,
      peakRssMb: first.peakRssMb,
      peakProcesses: first.peakProcesses,
      msPerFile: first.wallMs / files,
      secondRun: {
        wallMs: second.wallMs,
        ratio: second.wallMs / first.wallMs,
        cached: second.report.totals.cached,
        peakRssMb: second.peakRssMb,
      },
      changes,
      vitest,
      exitCode: first.code,
      load: os.loadavg(),
    };
    console.log(JSON.stringify(result));
    results.push(result);
    // Written after each size, so a long run that is stopped keeps what it measured.
    save(commit, options, results);
  }
}

function save(commit, options, results) {
  const run = {
    date: new Date().toISOString(),
    project: `toss/es-toolkit@${commit}`,
    flags: options.flags,
    machine: `${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}`,
    results,
  };
  fs.writeFileSync(path.join(HERE, `${options.results}.json`), `${JSON.stringify(run, null, 2)}\n`);
  fs.writeFileSync(path.join(HERE, `${options.results}.md`), table(run));
}

function table(run) {
  const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
  const lines = [
    `# bench/whole-repo results`,
    '',
    `${run.date}, ${run.project}, ${run.machine}, flags: \`${run.flags.join(' ') || '(defaults)'}\``,
    '',
    '| size | folders | files | written / no tests / failed | wall | peak RSS (tree) | per file | 2nd run | 2nd/1st | one-file changes | generated tests (Vitest) | load at end |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of run.results) {
    const leaf = r.changes
      .map(
        (c) =>
          `${c.file} (${c.importers} importers): ${c.processed.length} redone (${c.processed.join(', ')}) in ${s(c.wallMs)}`,
      )
      .join('; ');
    const vitest = r.vitest ? `${r.vitest.passed}/${r.vitest.tests} pass in ${r.vitest.files} files` : '–';
    const noTests = r.files - r.totals.written - r.totals.failed - r.totals.unchanged;
    lines.push(
      `| ${r.size} | ${r.folders.join(' ')} | ${r.files} | ${r.totals.written} / ${noTests} / ${r.totals.failed} | ${s(r.wallMs)} | ${r.peakRssMb.toFixed(0)} MB | ${s(r.msPerFile)} | ${s(r.secondRun.wallMs)} | ${(r.secondRun.ratio * 100).toFixed(1)} % | ${leaf} | ${vitest} | ${r.load.map((l) => l.toFixed(1)).join(' ')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

await main();
