import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { GenerateCache } from '../src/cache/generate-cache.js';
import {
  CACHE_FILE,
  type FileReport,
  type GenerateReport,
  generateTests,
  type Problem,
} from '../src/index.js';

// assay's version is part of every key: the tests change it to see what a new release does.
const version = vi.hoisted(() => ({ current: '0.1.0' }));
vi.mock('../src/version.js', () => ({
  get VERSION() {
    return version.current;
  },
}));

const root = fileURLToPath(new URL(`./.tmp/cache-${process.pid}-${Date.now()}`, import.meta.url));
const files = {
  'package.json': '{ "type": "module" }',
  'tsconfig.json': JSON.stringify({
    compilerOptions: { strict: true, module: 'ESNext', moduleResolution: 'Bundler' },
    include: ['src'],
  }),
  'src/clamp.ts': 'export function clamp(n: number): number {\n  return n < 0 ? 0 : n > 10 ? 10 : n;\n}\n',
  'src/score.ts':
    "import { clamp } from './clamp';\nexport function score(n: number): string {\n  return clamp(n) >= 5 ? 'high' : 'low';\n}\n",
  'src/leaf.ts': 'export const twice = (n: number): number => n * 2;\n',
  'src/types.ts': 'export type Id = string;\n',
  'src/broken.ts': 'export function broken( {\n',
};

/** Generates for the whole project; which files were processed (not taken from the cache). */
async function run(
  options: { seed?: number; outDir?: string } = {},
): Promise<{ report: GenerateReport; processed: string[] }> {
  // Caching is the subject, not validation: the runner's part of a run is left out (cheaper CI).
  const report = await generateTests({
    root,
    property: false,
    validate: false,
    maxCandidates: 30,
    concurrency: 2,
    ...options,
  });
  return { report, processed: report.files.filter((f) => !f.cached).map((f) => f.source) };
}

describe('incremental generation', () => {
  let first: GenerateReport;
  beforeAll(async () => {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), content);
    }
    first = (await run()).report;
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('the first run processes every file; a failing file does not stop the others', () => {
    const status = Object.fromEntries(first.files.map((f) => [f.source, f.status]));
    expect(status).toEqual({
      'src/broken.ts': 'failed',
      'src/clamp.ts': 'written',
      'src/leaf.ts': 'written',
      'src/score.ts': 'written',
      'src/types.ts': 'no-tests',
    });
    expect(first.files.find((f) => f.source === 'src/broken.ts')?.problems[0]?.code).toBe('parse-error');
    expect(fs.existsSync(path.join(root, CACHE_FILE))).toBe(true);
  });

  test('a second run on an unchanged project processes nothing, and reports every file as before', async () => {
    const { report, processed } = await run();
    expect(processed).toEqual([]);
    expect(report.totals).toMatchObject({
      files: 5,
      cached: 5,
      unchanged: 3,
      failed: 1,
      tests: first.totals.tests,
    });
  });

  test('a change to an imported file regenerates it and its importers only', async () => {
    fs.appendFileSync(path.join(root, 'src/clamp.ts'), '// touched\n');
    expect((await run()).processed).toEqual(['src/clamp.ts', 'src/score.ts']);
    fs.appendFileSync(path.join(root, 'src/leaf.ts'), '// touched\n');
    expect((await run()).processed).toEqual(['src/leaf.ts']);
  });

  test('a deleted test file is written again even though its source did not change', async () => {
    fs.rmSync(path.join(root, 'src/leaf.assay.test.ts'));
    const { processed, report } = await run();
    expect(processed).toEqual(['src/leaf.ts']);
    expect(report.files.find((f) => f.source === 'src/leaf.ts')?.status).toBe('written');
  });

  test('another output folder is another file: written there, not reported unchanged from the first', async () => {
    const { processed, report } = await run({ outDir: 'test/generated' });
    expect(processed).toEqual(['src/clamp.ts', 'src/leaf.ts', 'src/score.ts']);
    expect(fs.existsSync(path.join(root, 'test/generated/src/leaf.assay.test.ts'))).toBe(true);
    expect(report.totals.written).toBe(3);
    // Back beside the sources, whose files are still there: each is processed once more, then cached.
    await run();
    expect((await run()).processed).toEqual([]);
  });

  test('an option that changes the output regenerates every file', async () => {
    expect((await run({ seed: 7 })).processed).toHaveLength(5);
    expect((await run({ seed: 7 })).processed).toEqual([]);
  });

  test('a new assay version regenerates every file', async () => {
    version.current = '0.2.0';
    try {
      expect((await run({ seed: 7 })).processed).toHaveLength(5);
    } finally {
      version.current = '0.1.0';
    }
  });

  test('a corrupt cache is ignored and rebuilt, never an error', async () => {
    fs.writeFileSync(path.join(root, CACHE_FILE), '{ not json');
    const { report } = await run({ seed: 7 });
    expect(report.totals.failed).toBe(1);
    expect(JSON.parse(fs.readFileSync(path.join(root, CACHE_FILE), 'utf8')).format).toBe(1);
  });
});

describe('GenerateCache', () => {
  const dir = fileURLToPath(new URL(`./.tmp/cache-unit-${process.pid}-${Date.now()}`, import.meta.url));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const failed = (code: Problem['code'], message: string): FileReport => ({
    source: 'src/a.ts',
    status: 'failed',
    units: [],
    tests: 0,
    problems: [{ code, message }],
    durationMs: 5,
  });

  test('remembers failures that come from the source, not those that come from a busy machine', () => {
    const cache = GenerateCache.load(dir);
    cache.record('src/a.ts', 'k1', failed('parse-error', 'src/a.ts:1: ")" expected'));
    cache.record('src/b.ts', 'k1', failed('load-error', 'loading the module took longer than 20000 ms'));
    cache.record('src/c.ts', 'k1', failed('timeout', 'src/c.ts took more than 240 s'));
    cache.save();
    const reloaded = GenerateCache.load(dir);
    expect(reloaded.lookup('src/a.ts', 'k1', dir, 'src/a.assay.test.ts')).toMatchObject({
      status: 'failed',
      cached: true,
    });
    expect(reloaded.lookup('src/a.ts', 'k2', dir, 'src/a.assay.test.ts')).toBeUndefined();
    expect(reloaded.lookup('src/b.ts', 'k1', dir, 'src/b.assay.test.ts')).toBeUndefined();
    expect(reloaded.lookup('src/c.ts', 'k1', dir, 'src/c.assay.test.ts')).toBeUndefined();
  });
});
