#!/usr/bin/env node
// How long does `assay generate` take per module, this build against another one? Runs both builds
// over the same modules of the determinism corpus, alternating (A B B A …) so that whatever else the
// machine does falls on both alike, with validation and the coverage-gap loop on (every default).
// Reports per module the median wall time of each build, their ratio, and whether the two builds wrote
// the same test file (a change meant only to be faster must not change the output).
//
//   node bench/determinism/speed.mjs --baseline <path/to/other/packages/cli/dist/bin.js> [--first <n>] [--rounds <n>]
//
// Writes speed.md beside this script. Run it on a quiet machine: it measures time.
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

function parseArgs(argv) {
  const options = { first: 10, rounds: 2, baseline: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') continue;
    if (arg === '--first') options.first = Number(argv[++i]);
    else if (arg === '--rounds') options.rounds = Number(argv[++i]);
    else if (arg === '--baseline') options.baseline = path.resolve(argv[++i]);
    else {
      console.error(`bench/determinism/speed: unknown argument ${arg}`);
      process.exit(1);
    }
  }
  if (!options.baseline || !fs.existsSync(options.baseline)) {
    console.error(
      'bench/determinism/speed: --baseline <path to another build of packages/cli/dist/bin.js> is required',
    );
    process.exit(1);
  }
  return options;
}

const sha = (text) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);

async function generate(cli, entry, pkgDir, label) {
  const scratch = scratchProject(entry, pkgDir, path.join(WORK, `speed-${label}`, entry.id));
  const result = await run(
    process.execPath,
    [cli, 'generate', scratch.moduleRel, '--json', '--framework', 'vitest'],
    { cwd: scratch.dir, timeoutMs: GENERATE_TIMEOUT_MS },
  );
  const file = JSON.parse(result.stdout).files[0];
  const output = file.output ? path.join(scratch.dir, file.output) : undefined;
  const text = output && fs.existsSync(output) ? fs.readFileSync(output, 'utf8') : '';
  return { ms: result.ms, hash: text ? sha(text) : null, tests: file.tests };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const entries = readCorpus(path.join(HERE, '../coverage-loop')).slice(0, options.first);
  fs.mkdirSync(WORK, { recursive: true });
  const { cli } = snapshotBuild(WORK);
  const builds = { baseline: options.baseline, candidate: cli };
  const started = new Date().toISOString();
  const loadBefore = os.loadavg().map((x) => x.toFixed(2));
  const rows = [];
  for (const entry of entries) {
    const pkgDir = fetchPackage(entry, WORK);
    const times = { baseline: [], candidate: [] };
    const hashes = { baseline: new Set(), candidate: new Set() };
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? ['baseline', 'candidate'] : ['candidate', 'baseline'];
      for (const label of order) {
        const r = await generate(builds[label], entry, pkgDir, label);
        times[label].push(r.ms);
        hashes[label].add(r.hash);
      }
    }
    const row = {
      id: entry.id,
      baseline: median(times.baseline),
      candidate: median(times.candidate),
      sameOutput: hashes.baseline.size === 1 && [...hashes.baseline][0] === [...hashes.candidate][0],
    };
    rows.push(row);
    console.log(
      `${entry.id}: baseline ${(row.baseline / 1000).toFixed(1)} s, candidate ${(row.candidate / 1000).toFixed(1)} s, same output: ${row.sameOutput}`,
    );
  }
  const ratio = median(rows.map((r) => r.candidate / r.baseline));
  const md = [
    `Run of ${started}, ${rows.length} modules × ${options.rounds} rounds per build (alternating), Node ${process.version}, ${os.availableParallelism()} cores; load average before ${loadBefore.join(' / ')}, after ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' / ')}.`,
    '',
    `- baseline: \`${path.relative(path.join(HERE, '../..'), options.baseline)}\`; candidate: this repository's build`,
    `- median time per module: baseline **${(median(rows.map((r) => r.baseline)) / 1000).toFixed(1)} s**, candidate **${(median(rows.map((r) => r.candidate)) / 1000).toFixed(1)} s**; median ratio candidate / baseline **${ratio.toFixed(3)}**`,
    `- same test file from both builds: **${rows.filter((r) => r.sameOutput).length} of ${rows.length}**`,
    '',
    '| module | baseline | candidate | ratio | same output |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.id} | ${(r.baseline / 1000).toFixed(1)} s | ${(r.candidate / 1000).toFixed(1)} s | ${(r.candidate / r.baseline).toFixed(3)} | ${r.sameOutput ? 'yes' : 'no'} |`,
    ),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(HERE, 'speed.md'), md);
  console.log(`\n${md}`);
}

await main();
