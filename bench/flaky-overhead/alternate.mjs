// The alternated measurement both overhead benchmarks use (Vitest: bench/flaky-overhead, Jest:
// bench/jest-overhead): one warm-up of each configuration (not counted), then pairs whose order
// alternates (base first, then assay first), so drift in machine load hits both sides alike.
import { cpus, getPriority, loadavg } from 'node:os';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

/**
 * 95 % interval of the ratio of medians (assay / base) by the pair bootstrap: pairs are drawn with
 * replacement (both runs of a pair together, since they shared the machine's load) 2,000 times and
 * the 2.5th and 97.5th percentiles of the resampled ratios kept. A fixed seed makes it repeatable.
 * It says how far the one figure could move on another run of the same benchmark.
 */
export function bootstrapRatioInterval(base, assay, draws = 2000) {
  let seed = 0x9e3779b9;
  const random = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const ratios = [];
  for (let d = 0; d < draws; d++) {
    const b = [];
    const a = [];
    for (let i = 0; i < base.length; i++) {
      const k = Math.floor(random() * base.length);
      b.push(base[k]);
      a.push(assay[k]);
    }
    ratios.push(median(a) / median(b));
  }
  ratios.sort((x, y) => x - y);
  return [+ratios[Math.floor(draws * 0.025)].toFixed(4), +ratios[Math.ceil(draws * 0.975) - 1].toFixed(4)];
}

/**
 * Runs `once('base')` and `once('assay')` alternately, `pairs` times each after a warm-up; `once`
 * resolves with `{ ms, cpuMs }` (wall and CPU time of one run) and throws when a run is wrong.
 * Returns the figures, the machine's load before and after, and every time measured. `onPair` gets
 * the figures so far after each pair, so a run stopped early (a quiet window's end) keeps its pairs.
 */
export async function alternate({ pairs, once, onPair }) {
  const loadBefore = loadavg();
  const times = { base: [], assay: [] };
  const cpu = { base: [], assay: [] };
  await once('base');
  await once('assay');
  for (let i = 0; i < pairs; i++) {
    const order = i % 2 === 0 ? ['base', 'assay'] : ['assay', 'base'];
    for (const kind of order) {
      const { ms, cpuMs } = await once(kind);
      times[kind].push(Math.round(ms));
      cpu[kind].push(Math.round(cpuMs));
      process.stdout.write(
        `pair ${i + 1}/${pairs} ${kind.padEnd(5)} wall ${ms.toFixed(0)} ms, cpu ${cpuMs.toFixed(0)} ms\n`,
      );
    }
    onPair?.(summarize({ times, cpu, loadBefore }));
  }
  return summarize({ times, cpu, loadBefore });
}

/**
 * The figures of alternated runs from their times (`times`/`cpu`: `{ base: ms[], assay: ms[] }`,
 * pair i being `base[i]` with `assay[i]`). `combine.mjs` uses it to pool runs made in several windows.
 */
export function summarize({ times, cpu, loadBefore = loadavg(), extra = {} }) {
  const pairRatios = times.base.map((b, i) => times.assay[i] / b);
  return {
    pairs: times.base.length,
    node: process.version,
    cores: cpus().length,
    // Load averages (1, 5, 15 min) before and after: other work on the machine inflates wall times.
    loadBefore: loadBefore.map((l) => +l.toFixed(2)),
    loadAfter: loadavg().map((l) => +l.toFixed(2)),
    recordedAt: new Date().toISOString(),
    niceness: getPriority(),
    ...extra,
    medianBaseMs: Math.round(median(times.base)),
    medianAssayMs: Math.round(median(times.assay)),
    ratioOfMedians: +(median(times.assay) / median(times.base)).toFixed(4),
    ratioOfMediansInterval95: bootstrapRatioInterval(times.base, times.assay),
    ratioOfTotals: +(sum(times.assay) / sum(times.base)).toFixed(4),
    medianPairRatio: +median(pairRatios).toFixed(4),
    cpuRatioOfMedians: +(median(cpu.assay) / median(cpu.base)).toFixed(4),
    times,
    cpu,
  };
}

/** One line with the figures of {@link alternate}'s result. */
export function describeResult(what, r) {
  return (
    `\n${what}, ${r.pairs} alternated pairs: median without ${r.medianBaseMs} ms, with ${r.medianAssayMs} ms; ` +
    `ratio of medians ${r.ratioOfMedians} (95 % interval ${r.ratioOfMediansInterval95?.join('–')}), of totals ${r.ratioOfTotals}, median pair ratio ${r.medianPairRatio}; ` +
    `CPU time ratio of medians ${r.cpuRatioOfMedians}; load ${r.loadBefore[0]} → ${r.loadAfter[0]}`
  );
}
