#!/usr/bin/env node
// Why code stayed uncovered, summed over the corpus: reads the last report each scratch project's
// generation cache holds (.work/<id>/.assay/cache/generate.json; after run.mjs that is the Jest
// generation's) and counts uncovered lines and branches by the reason assay gives.
//
//   node bench/field/gaps.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const corpus = JSON.parse(fs.readFileSync(path.join(HERE, 'corpus.json'), 'utf8')).modules;
const byReason = new Map();
const modules = new Map();
for (const { id } of corpus) {
  const cache = path.join(HERE, '.work', id, '.assay/cache/generate.json');
  if (!fs.existsSync(cache)) continue;
  const entries = Object.values(JSON.parse(fs.readFileSync(cache, 'utf8')).entries ?? {});
  for (const { report } of entries) {
    for (const gap of report.coverage?.remaining ?? []) {
      const sum = byReason.get(gap.reason) ?? { lines: 0, branches: 0 };
      sum.lines += gap.lines.length;
      sum.branches += gap.branches.length;
      byReason.set(gap.reason, sum);
      modules.set(gap.reason, (modules.get(gap.reason) ?? new Set()).add(id));
    }
  }
}
console.log('| reason the code stayed uncovered | modules | uncovered lines | uncovered branches |');
console.log('|---|---|---|---|');
for (const [reason, { lines, branches }] of [...byReason].sort((a, b) => b[1].lines - a[1].lines)) {
  console.log(`| ${reason} | ${modules.get(reason).size} | ${lines} | ${branches} |`);
}
