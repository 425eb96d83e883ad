// Pools alternated overhead runs made in several windows (a quiet window is kept short, so a long
// measurement is split): every pair of every input counts once, and the figures are computed again.
// Usage: node bench/flaky-overhead/combine.mjs <out.json> <result.json>...
//        (inputs: results-*.json or .work/partial*.json of the same benchmark and configuration)
import { readFileSync, writeFileSync } from 'node:fs';
import { describeResult, summarize } from './alternate.mjs';

const [out, ...inputs] = process.argv.slice(2);
if (!out || inputs.length === 0) {
  console.error('usage: node bench/flaky-overhead/combine.mjs <out.json> <result.json>...');
  process.exit(2);
}
const runs = inputs.map((file) => ({ file, ...JSON.parse(readFileSync(file, 'utf8')) }));
const same = ['tests', 'seed', 'sources', 'jest'];
for (const r of runs) {
  for (const key of same) {
    if (r[key] !== runs[0][key]) {
      throw new Error(
        `${r.file}: ${key} is ${r[key]}, ${runs[0].file} has ${runs[0][key]}: not the same benchmark`,
      );
    }
  }
}
const pool = (side) => ({
  base: runs.flatMap((r) => r[side].base),
  assay: runs.flatMap((r) => r[side].assay),
});
const result = {
  ...Object.fromEntries(same.filter((k) => runs[0][k] !== undefined).map((k) => [k, runs[0][k]])),
  ...summarize({
    times: pool('times'),
    cpu: pool('cpu'),
    loadBefore: runs[0].loadBefore,
    extra: {
      windows: runs.map((r) => ({
        file: r.file,
        pairs: r.pairs,
        recordedAt: r.recordedAt,
        loadBefore: r.loadBefore,
        loadAfter: r.loadAfter,
        ratioOfMedians: r.ratioOfMedians,
      })),
    },
  }),
};
// The pooled load is the range over the windows, not this process's.
result.loadAfter = runs[runs.length - 1].loadAfter;
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(describeResult(`${result.tests} tests, ${runs.length} windows pooled`, result));
