import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  codeVersionOf,
  computeVerdicts,
  findLockfile,
  HistoryIndex,
  ModuleHasher,
  RunStore,
  versionContext,
} from '../src/index.js';
import { runsOf, tempDir } from './helpers.js';

/** Runs of one test, each at the code version named by the letter below it ('a', 'b', …). */
function at(pattern: string, versions: string, extra = {}) {
  return [...pattern].flatMap((ch, i) =>
    runsOf(ch, 'a.test.ts::t', { files: { 'a.test.ts': { version: versions[i]! } }, ...extra }),
  );
}

describe('verdicts with module versions (no git)', () => {
  test('one failure among many passes at the same code version is flaky at once', () => {
    const v = computeVerdicts(at('PPPPPPPPPF', 'aaaaaaaaaa'))[0]!;
    expect(v.verdict).toBe('flaky');
    expect(v.evidence).toEqual(['same-version']);
    expect(v.disagreement?.version).toBe('m:a');
  });

  test('a pass after a retry is retry evidence, not two runs that disagreed', () => {
    const runs = [
      ...at('P', 'a'),
      ...runsOf('R', 'a.test.ts::t', { files: { 'a.test.ts': { version: 'a' } } }),
    ];
    const v = computeVerdicts(runs)[0]!;
    expect(v.evidence).toEqual(['retry']);
    expect(v.disagreement).toBeUndefined();
  });

  test('a first-run failure followed by passes at the same version is flaky', () => {
    expect(computeVerdicts(at('FP', 'aa'))[0]!.verdict).toBe('flaky');
  });

  test('a change to a module the test loads makes the next failure of a test never flaky before broken', () => {
    // The test file is the same; its version changed because an imported module did.
    for (const [pattern, versions] of [
      ['PPPPPF', 'aaaaab'],
      ['PPPPPFF', 'aaaaabb'],
      ['PPPPPFFFFF', 'aaaaabbbbb'],
    ] as const) {
      const v = computeVerdicts(at(pattern, versions))[0]!;
      expect(v.verdict, pattern).toBe('broken');
      expect(v.evidence).toEqual([]);
    }
  });

  test('a test seen flaky before stays flaky when its failures since the change match its earlier rate', () => {
    // Failed 3 of 5 before the change, then 5 of 5: at that rate, 5 failures in a row are likely
    // enough (Fisher's exact test: C(8,5)/C(10,5) = 22 %).
    const v = computeVerdicts(at('FFPPFFFFFF', 'aaaaabbbbb'))[0]!;
    expect(v.verdict).toBe('flaky');
    expect(v.evidence).toEqual(['same-version']);
    expect(v.disagreement?.version).toBe('m:a');
    expect(v.reason).toMatch(
      /5 failures since its code changed are in line with its earlier rate \(3 of 5\)/,
    );
    // One failure at a new version of a test that failed 1 of 4 before: no sign of a break.
    expect(computeVerdicts(at('PFPPF', 'aaaab'))[0]!.verdict).toBe('flaky');
  });

  test('the timing-dependent tests session 5 called broken are flaky (histories from bench/flaky-detection)', () => {
    // Recorded by the Vitest and Jest detection benchmarks without git and with a dirty tree: each
    // test's file also loads a module that changed at run 6, so all 10 tests got a new version there.
    for (const before of [
      'FFPPF',
      'FFPFP',
      'PPPFF',
      'FFFPP',
      'PFFFP',
      'FPFPF',
      'PPFFF',
      'PFPFF',
      'FFFPF',
      'PPFPF',
      'PFFFF',
    ]) {
      const v = computeVerdicts(at(`${before}FFFFF`, 'aaaaabbbbb'))[0]!;
      expect(v.verdict, before).toBe('flaky');
    }
  });

  test('a flaky test whose failures since the change are more than its rate explains is broken', () => {
    // Failed 1 of 6 before, then 4 of 4: C(5,4)/C(10,4) = 2.4 %, under 5 %.
    const v = computeVerdicts(at('PPPPFPFFFF', 'aaaaaabbbb'))[0]!;
    expect(v.verdict).toBe('broken');
    expect(v.reason).toMatch(
      /since its code changed.*more than its earlier failure rate explains \(1 of 6 failed before; chance 2 %\)/,
    );
  });

  test('brokenSignificance sets how unlikely the failures must be: 1 breaks at once, 0 never', () => {
    const history = at('FFPPFFFFFF', 'aaaaabbbbb');
    expect(computeVerdicts(history, { brokenSignificance: 1 })[0]!.verdict).toBe('broken');
    expect(computeVerdicts(history, { brokenSignificance: 0.3 })[0]!.verdict).toBe('broken');
    expect(computeVerdicts(history, { brokenSignificance: 0.2 })[0]!.verdict).toBe('flaky');
    const clearBreak = at('PPPPFPFFFF', 'aaaaaabbbb');
    expect(computeVerdicts(clearBreak, { brokenSignificance: 0 })[0]!.verdict).toBe('flaky');
    expect(() => computeVerdicts(clearBreak, { brokenSignificance: 1.5 })).toThrow(
      /thresholds\.brokenSignificance.*\[0, 1\]/,
    );
  });

  test('a pass after a retry before the change is flaky evidence too', () => {
    const runs = [
      ...runsOf('R', 'a.test.ts::t', { files: { 'a.test.ts': { version: 'a' } } }),
      ...at('PFF', 'abb'),
    ];
    // Retried once (failed attempt) and passed twice, then 2 failures: C(2,2)/C(4,2) = 17 %.
    const v = computeVerdicts(runs)[0]!;
    expect(v.verdict).toBe('flaky');
    expect(v.evidence).toEqual(['retry']);
  });

  test('a failure at a new version is broken until it passes there, then flaky', () => {
    expect(computeVerdicts(at('PPPF', 'aaab'))[0]!.verdict).toBe('broken');
    expect(computeVerdicts(at('PPPF', 'aaab'))[0]!.reason).toMatch(/new code version/);
    expect(computeVerdicts(at('PPPFP', 'aaabb'))[0]!.verdict).toBe('flaky');
  });

  test('failures only at versions where it never passed are not flaky, whatever the rate', () => {
    const v = computeVerdicts(at('PPFFFPP', 'aabbbcc'))[0]!;
    expect(v.verdict).toBe('stable');
    expect(v.reason).toMatch(/did not pass/);
  });

  test('a test that always fails is broken, one that always passes stable', () => {
    expect(computeVerdicts(at('FFFFF', 'aaaaa'))[0]!.verdict).toBe('broken');
    expect(computeVerdicts(at('PPPPP', 'aaaaa'))[0]!.verdict).toBe('stable');
  });

  test('older results without a version still count toward the failure rate', () => {
    const runs = [...runsOf('PFPFP'), ...at('P', 'a')];
    const v = computeVerdicts(runs)[0]!;
    expect(v.verdict).toBe('flaky');
    expect(v.evidence).toEqual(['failure-rate']);
  });

  test('the evidence names the two runs that disagreed: time, machine and shard', () => {
    const runs = [
      ...at('P', 'a', { machine: 'ci-1', shard: { index: 1, count: 2 } }),
      ...at('F', 'a', { machine: 'laptop' }),
    ];
    const v = computeVerdicts(runs)[0]!;
    expect(v.disagreement).toEqual({
      version: 'm:a',
      passed: {
        at: runs[0]!.startedAt,
        runId: runs[0]!.runId,
        machine: 'ci-1',
        shard: { index: 1, count: 2 },
      },
      failed: { at: runs[1]!.startedAt, runId: runs[1]!.runId, machine: 'laptop' },
    });
  });

  test('the index gives the same verdicts and evidence as reading the run files', async () => {
    const dir = await tempDir();
    const store = new RunStore(join(dir, 'runs'));
    const runs = at('PPFPF', 'aabbb', { machine: 'm1' });
    for (const record of runs) await store.write(record);
    const index = await HistoryIndex.load(store);
    expect(index.resultsOf('a.test.ts::t')).toEqual(computePoints(runs));
    const reloaded = await HistoryIndex.load(store);
    expect(reloaded.resultsOf('a.test.ts::t')).toEqual(computePoints(runs));
  });
});

function computePoints(runs: ReturnType<typeof at>) {
  return runs.map((r) => ({
    state: r.tests[0]!.state,
    retries: 0,
    at: r.startedAt,
    runId: r.runId,
    machine: 'm1',
    quarantined: false,
    version: `m:${r.files['a.test.ts']!.version}`,
  }));
}

describe('code versions', () => {
  test('change with any loaded module, not with the order or a module in node_modules', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'src'));
    await mkdir(join(root, 'node_modules', 'dep'), { recursive: true });
    const files = {
      test: join(root, 'a.test.ts'),
      src: join(root, 'src', 'a.ts'),
      dep: join(root, 'node_modules', 'dep', 'index.js'),
    };
    for (const file of Object.values(files)) await writeFile(file, 'one');
    const hasher = new ModuleHasher();
    const context = versionContext(root, { name: 'vitest', version: '4.1.12' }, hasher);
    const first = codeVersionOf(root, [files.test, files.src, files.dep], context, hasher)!;
    expect(first.modules).toBe(2);
    expect(codeVersionOf(root, [files.src, files.test], context, hasher)).toEqual(first);

    await writeFile(files.dep, 'two!');
    hasher.startRun();
    expect(codeVersionOf(root, [files.test, files.src, files.dep], context, hasher)).toEqual(first);

    await writeFile(files.src, 'two!');
    hasher.startRun();
    expect(codeVersionOf(root, [files.test, files.src], context, hasher)!.version).not.toBe(first.version);
  });

  test('a file is read once per run; a later run reads it again only if its time or size changed', async () => {
    const root = await tempDir();
    const file = join(root, 'a.ts');
    await writeFile(file, 'one');
    const hasher = new ModuleHasher();
    const h1 = hasher.hashOf(file);
    await writeFile(file, 'two');
    expect(hasher.hashOf(file)).toBe(h1); // same run: looked at once
    hasher.startRun();
    expect(hasher.hashOf(file)).not.toBe(h1); // new mtime: read again
    const h2 = hasher.hashOf(file);
    await writeFile(file, 'TWO');
    const old = new Date(Date.now() - 60_000);
    await utimes(file, old, old);
    hasher.startRun();
    const h3 = hasher.hashOf(file);
    expect(h3).not.toBe(h2);
    expect(hasher.hashOf(join(root, 'missing.ts'))).toBeUndefined();
  });

  test('the lockfile, runner version and root-relative paths are part of the version', async () => {
    const parent = await tempDir();
    const root = join(parent, 'app');
    await mkdir(root);
    await writeFile(join(root, 'a.test.ts'), 'x');
    const hasher = new ModuleHasher();
    const version = (runner = '4.1.12') =>
      codeVersionOf(
        root,
        [join(root, 'a.test.ts')],
        versionContext(root, { name: 'vitest', version: runner }, hasher),
        hasher,
      )!.version;
    const before = version();
    expect(version('4.1.13')).not.toBe(before);
    await writeFile(join(parent, 'pnpm-lock.yaml'), 'lock: 1');
    expect(findLockfile(root)).toBe(join(parent, 'pnpm-lock.yaml'));
    expect(version()).not.toBe(before);
  });
});
