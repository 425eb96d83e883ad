// Memory-budget benchmark: a suite whose test files each allocate and retain a known amount of
// JavaScript heap (--retain-mb per file, as arrays of numbers) and do CPU work over it, run with
// `maxWorkers: 4` and no budget ("unbounded"), and with assay's memoryBudget, alternated. The peak
// total memory is the largest sum of the resident set sizes of every process under this script
// (runner main process, its workers, the tiny python3 timing wrapper), sampled from /proc every 25 ms.
// Usage: node bench/memory-budget/run.mjs [--pairs 3] [--budget 800MB] [--retain-mb 150] [--runners vitest,jest]
//        (build first: pnpm turbo run build --filter @assay/vitest-plugin --filter @assay/jest-plugin)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freshProject, repoRoot, vitest, write } from '../flaky-detection/lib.mjs';
import { freshJestProject, jest } from '../jest-detection/jest.mjs';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '3' },
    budget: { type: 'string', default: '800MB' },
    'retain-mb': { type: 'string', default: '150' },
    files: { type: 'string', default: '12' },
    runners: { type: 'string', default: 'vitest,jest' },
  },
});
const PAIRS = Number(values.pairs);
const BUDGET = values.budget;
const RETAIN_MB = Number(values['retain-mb']);
const FILES = Number(values.files);
const here = join(repoRoot, 'bench', 'memory-budget');
const PAGE = 4096;

/** Sum of the resident memory of every process below `root` (its descendants), from /proc. */
function treeRss(root) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {}
  }
  let total = 0;
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop();
    try {
      total += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
    } catch {}
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Runs `fn` while sampling the process tree's memory; resolves with its result and the peak. */
async function sampled(fn) {
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRss(process.pid));
  }, 25);
  try {
    const result = await fn();
    return { ...result, peakBytes: peak };
  } finally {
    clearInterval(timer);
  }
}

/** A test file that retains RETAIN_MB of heap (1 MB arrays of small integers) and works over it. */
function testFile(i, header) {
  return `${header}
const kept = [];
test('allocates and retains ${RETAIN_MB} MB', () => {
  for (let i = 0; i < ${RETAIN_MB}; i++) kept.push(new Array(131072).fill(i + ${i}));
  expect(kept.length).toBe(${RETAIN_MB});
});
test('works over what it retained', () => {
  let sum = 0;
  for (let pass = 0; pass < 4; pass++) for (const chunk of kept) for (let k = 0; k < chunk.length; k += 7) sum += chunk[k];
  expect(sum).toBeGreaterThan(0);
});
`;
}
const name = (i) => `test/mem${String(i).padStart(2, '0')}.test.js`;

const RUNNERS = {
  vitest: {
    setup(dir) {
      freshProject(dir);
      const files = Object.fromEntries(
        Array.from({ length: FILES }, (_, i) => [
          name(i),
          testFile(i, "import { expect, test } from 'vitest';"),
        ]),
      );
      const config = (options) =>
        `import assay from '@assay/vitest-plugin';\nexport default { plugins: [assay(${options})], test: { maxWorkers: 4, testTimeout: 120000, include: ['test/**/*.test.js'] } };\n`;
      write(dir, {
        ...files,
        'unbounded.config.mjs': config('{}'),
        'budget.config.mjs': config(`{ memoryBudget: '${BUDGET}' }`),
      });
    },
    run: (dir, kind) => vitest(dir, ['--config', `${kind}.config.mjs`]),
  },
  jest: {
    setup(dir) {
      freshJestProject(dir, { jest: 30 });
      const files = Object.fromEntries(Array.from({ length: FILES }, (_, i) => [name(i), testFile(i, '')]));
      const base = `{
  testMatch: ['<rootDir>/test/**/*.test.js'],
  maxWorkers: 4,
  testTimeout: 120000,
  reporters: ['default', '@assay/jest-plugin/reporter'],
  testEnvironment: '@assay/jest-plugin/environment',
}`;
      write(dir, {
        ...files,
        'jest.unbounded.config.js': `module.exports = ${base};\n`,
        'jest.budget.config.js': `const { withAssay } = require('@assay/jest-plugin/config');\nmodule.exports = () => withAssay(${base}, { memoryBudget: '${BUDGET}' });\n`,
      });
    },
    run: (dir, kind) => jest(dir, ['--config', `jest.${kind}.config.js`]),
  },
};

const MB = 1024 * 1024;
const results = { budget: BUDGET, retainMbPerFile: RETAIN_MB, files: FILES, runners: {} };
for (const runner of values.runners.split(',')) {
  const { setup, run } = RUNNERS[runner];
  const dir = join(here, '.work', runner);
  setup(dir);
  // One unbounded run records the per-worker peaks the budget plans from (and warms caches).
  const warm = await run(dir, 'unbounded');
  if (warm.code !== 0) throw new Error(`${runner} warm-up failed:\n${warm.out}`);
  const runs = { unbounded: [], budget: [] };
  for (let p = 0; p < PAIRS; p++) {
    const order = p % 2 === 0 ? ['unbounded', 'budget'] : ['budget', 'unbounded'];
    for (const kind of order) {
      const result = await sampled(() => run(dir, kind));
      if (result.code !== 0) throw new Error(`${runner} ${kind} run failed:\n${result.out}`);
      const plan = /assay: memory budget: (.*)/.exec(result.out)?.[1];
      const summary = /assay memory: (.*)/.exec(result.out)?.[1];
      runs[kind].push({
        ms: Math.round(result.ms),
        // CPU time (user + system) of the whole process tree: the work done, whatever share of the
        // shared CPUs the run got.
        cpuMs: Math.round(result.cpuMs),
        peakMb: Math.round(result.peakBytes / MB),
        load: Number(loadavg()[0].toFixed(2)),
        ...(plan ? { plan } : {}),
        ...(summary ? { summary } : {}),
      });
      console.log(
        `${runner} ${kind}: ${Math.round(result.ms)} ms (cpu ${Math.round(result.cpuMs)} ms), peak ${Math.round(result.peakBytes / MB)} MB (load ${loadavg()[0].toFixed(1)})${plan ? `\n  plan: ${plan}` : ''}`,
      );
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const m = (kind, key) => median(runs[kind].map((r) => r[key]));
  results.runners[runner] = {
    runs,
    median: {
      unbounded: {
        ms: m('unbounded', 'ms'),
        cpuMs: m('unbounded', 'cpuMs'),
        peakMb: m('unbounded', 'peakMb'),
      },
      budget: { ms: m('budget', 'ms'), cpuMs: m('budget', 'cpuMs'), peakMb: m('budget', 'peakMb') },
    },
    maxUnboundedPeakMb: Math.max(...runs.unbounded.map((r) => r.peakMb)),
    maxBudgetPeakMb: Math.max(...runs.budget.map((r) => r.peakMb)),
    wallRatio: Number((m('budget', 'ms') / m('unbounded', 'ms')).toFixed(3)),
    cpuRatio: Number((m('budget', 'cpuMs') / m('unbounded', 'cpuMs')).toFixed(3)),
  };
}
results.loadAverageAtEnd = loadavg().map((l) => Number(l.toFixed(2)));
const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 13);
writeFileSync(join(here, `results-${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`);
for (const [runner, r] of Object.entries(results.runners)) {
  console.log(
    `${runner}: unbounded ${r.median.unbounded.ms} ms / ${r.median.unbounded.peakMb} MB; budget ${BUDGET}: ${r.median.budget.ms} ms / ${r.median.budget.peakMb} MB (max ${r.maxBudgetPeakMb} MB); wall ratio ${r.wallRatio}, cpu ratio ${r.cpuRatio}`,
  );
}
console.log(`load average at end: ${results.loadAverageAtEnd.join(' ')}`);
