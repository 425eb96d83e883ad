#!/usr/bin/env node
// Does generation depend on how busy the machine is? Runs `assay generate` (validation and the
// coverage-gap loop on, defaults everywhere) over the same corpus twice from the same build: once as the
// machine is, once with the CPU saturated by busy-loop processes this benchmark starts (two per core).
// Compares per module the generated test file byte for byte, the tests counted, and the coverage the
// report gives.
//
//   node bench/determinism/run.mjs [--only <id>[,<id>...]] [--first <n>] [--loops-per-core <n>]
//
// Full runs (no --only/--first) rewrite results.json, results.md and the README's figures block.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
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
const WORK = path.join(HERE, '.work');
const GENERATE_TIMEOUT_MS = 30 * 60_000;
const README_START = '<!-- results:start -->';
const README_END = '<!-- results:end -->';

function parseArgs(argv) {
  const options = { only: undefined, first: undefined, loopsPerCore: 2 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i]);
    if (arg === '--') continue;
    if (arg.startsWith('--only')) options.only = value().split(',').filter(Boolean);
    else if (arg.startsWith('--first')) options.first = Number(value());
    else if (arg.startsWith('--loops-per-core')) options.loopsPerCore = Number(value());
    else {
      console.error(`bench:determinism: unknown argument ${arg}`);
      process.exit(1);
    }
  }
  return options;
}

const loadavg = () => os.loadavg().map((x) => Number(x.toFixed(2)));
const sha = (text) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);

/** Starts `n` processes that spin forever; returns a function that stops them. */
function saturate(n) {
  const loops = Array.from({ length: n }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
  return () => {
    for (const loop of loops) loop.kill('SIGKILL');
  };
}

async function generate(cli, entry, pkgDir, pass) {
  const scratch = scratchProject(entry, pkgDir, path.join(WORK, pass, entry.id));
  const result = await run(
    process.execPath,
    [cli, 'generate', scratch.moduleRel, '--json', '--framework', 'vitest'],
    { cwd: scratch.dir, timeoutMs: GENERATE_TIMEOUT_MS },
  );
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    return { error: `assay exited ${result.code}: ${result.stderr.slice(-400)}`, ms: result.ms };
  }
  const file = report.files[0];
  const output = file.output ? path.join(scratch.dir, file.output) : undefined;
  const text = output && fs.existsSync(output) ? fs.readFileSync(output, 'utf8') : '';
  const final = file.coverage?.final;
  return {
    ms: Math.round(result.ms),
    status: file.status,
    tests: file.tests,
    hash: text ? sha(text) : null,
    bytes: text.length,
    lines: final?.lines.pct ?? null,
    branches: final?.branches.pct ?? null,
    iterations: file.coverage?.iterations.length ?? 0,
    hangGuards: [...file.problems, ...file.units.flatMap((u) => u.problems)].filter((p) => p.hangGuard)
      .length,
    text,
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  let entries = readCorpus(path.join(HERE, '../coverage-loop'));
  if (options.only) entries = entries.filter((e) => options.only.includes(e.id));
  if (options.first) entries = entries.slice(0, options.first);
  fs.mkdirSync(WORK, { recursive: true });
  const { cli } = snapshotBuild(WORK);
  const packages = new Map(entries.map((e) => [e.id, fetchPackage(e, WORK)]));
  const loops = options.loopsPerCore * os.availableParallelism();
  const passes = {};
  for (const pass of ['idle', 'saturated']) {
    const stop = pass === 'saturated' ? saturate(loops) : () => {};
    const started = new Date().toISOString();
    const before = loadavg();
    const results = {};
    try {
      for (const entry of entries) {
        results[entry.id] = await generate(cli, entry, packages.get(entry.id), pass);
        const r = results[entry.id];
        console.log(
          `${pass} ${entry.id}: ${r.error ?? `${r.status}, ${r.tests} tests, ${r.hash}`} (${(r.ms / 1000).toFixed(1)} s)`,
        );
      }
    } finally {
      stop();
    }
    passes[pass] = { started, loadBefore: before, loadAfter: loadavg(), results };
  }
  const rows = entries.map((e) => {
    const a = passes.idle.results[e.id];
    const b = passes.saturated.results[e.id];
    const same = !a.error && !b.error && a.text === b.text;
    const sameCoverage = a.lines === b.lines && a.branches === b.branches;
    if (!same && a.text && b.text) {
      fs.writeFileSync(path.join(WORK, `${e.id}.idle.ts`), a.text);
      fs.writeFileSync(path.join(WORK, `${e.id}.saturated.ts`), b.text);
    }
    const strip = ({ text, ...rest }) => rest;
    return { id: e.id, identical: same, sameCoverage, idle: strip(a), saturated: strip(b) };
  });
  const identical = rows.filter((r) => r.identical).length;
  const sameCoverage = rows.filter((r) => r.sameCoverage).length;
  const slowdown = median(rows.map((r) => r.saturated.ms / r.idle.ms));
  const md = [
    `Run of ${passes.idle.started}, ${rows.length} modules, Node ${process.version}, ${loops} busy loops in the saturated pass (${os.availableParallelism()} cores); load average before idle ${passes.idle.loadBefore.join(' / ')}, after saturated ${passes.saturated.loadAfter.join(' / ')}.`,
    '',
    `- byte-identical test files: **${identical} of ${rows.length}**`,
    `- same final coverage (lines and branches): **${sameCoverage} of ${rows.length}**`,
    `- median generation time idle ${(median(rows.map((r) => r.idle.ms)) / 1000).toFixed(1)} s, saturated ${(median(rows.map((r) => r.saturated.ms)) / 1000).toFixed(1)} s (median ratio ${slowdown?.toFixed(2)})`,
    `- hang guards fired: idle ${rows.reduce((n, r) => n + (r.idle.hangGuards ?? 0), 0)}, saturated ${rows.reduce((n, r) => n + (r.saturated.hangGuards ?? 0), 0)}`,
    '',
    '| module | identical | tests idle / saturated | lines idle / saturated | branches idle / saturated | time idle / saturated |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.id} | ${r.identical ? 'yes' : '**no**'} | ${r.idle.tests ?? r.idle.error} / ${r.saturated.tests ?? r.saturated.error} | ${r.idle.lines} / ${r.saturated.lines} | ${r.idle.branches} / ${r.saturated.branches} | ${(r.idle.ms / 1000).toFixed(1)} s / ${(r.saturated.ms / 1000).toFixed(1)} s |`,
    ),
  ].join('\n');
  const full = !options.only && !options.first;
  const outDir = full ? HERE : WORK;
  fs.writeFileSync(
    path.join(outDir, 'results.json'),
    `${JSON.stringify({ passes: { idle: { ...passes.idle, results: undefined }, saturated: { ...passes.saturated, results: undefined } }, rows }, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(outDir, 'results.md'), `${md}\n`);
  if (full) {
    const readme = path.join(HERE, 'README.md');
    const text = fs.readFileSync(readme, 'utf8');
    const start = text.indexOf(README_START);
    const end = text.indexOf(README_END);
    if (start >= 0 && end > start) {
      fs.writeFileSync(readme, `${text.slice(0, start + README_START.length)}\n${md}\n${text.slice(end)}`);
    }
  }
  console.log(`\n${md}`);
  process.exitCode = identical === rows.length ? 0 : 1;
}

await main();
