import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GenerateReport, generateTests } from '../src/index.js';
import { fileChanges } from '../src/model/file-fixture.js';
import { bin, copyFixture, makeJestProject, runNode as run } from './helpers.js';

// src/json-file.cjs (CommonJS, require('fs'), sync and callback APIs) and src/notes.ts (ESM imports of
// node:fs and node:fs/promises) do file I/O; the project has memfs, so they are tested on in-memory files.
const MEMORY_FILES = fileURLToPath(new URL('./fixtures/memory-files', import.meta.url));

describe('file I/O is explored and tested against in-memory files (memfs), with vitest', () => {
  let root: string;
  let report: GenerateReport;
  let cjs: string;
  let esm: string;

  beforeAll(async () => {
    root = copyFixture('memory-files-vitest', MEMORY_FILES);
    report = await generateTests({
      root,
      paths: ['src/json-file.cjs', 'src/notes.ts', 'src/walk.cjs'],
      framework: 'vitest',
      property: false,
      validateRuns: 1,
    });
    cjs = fs.readFileSync(path.join(root, 'src/json-file.assay.test.js'), 'utf8');
    esm = fs.readFileSync(path.join(root, 'src/notes.assay.test.ts'), 'utf8');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('every test starts from the same files, and fs answers from them', () => {
    for (const code of [cjs, esm]) {
      expect(code).toContain('\'/data/config.json\': \'{\\n  "name": "example"');
      expect(code).toMatch(
        /for \(const entry of vol\.readdirSync\('\/'\)\)\s+vol\.rmSync\(`\/\$\{entry\}`, \{ recursive: true, force: true \}\);\n\s+vol\.fromJSON\(fixtureFiles\);/,
      );
    }
    // Imported: replaced by memfs's fs (Vitest's file-system recipe).
    expect(esm).toContain("import { vol } from 'memfs';");
    expect(esm).toMatch(
      /vi\.mock\('node:fs', async \(\) => \{\n\s+const \{ fs \} = await import\('memfs'\);\n\s+return \{ default: fs, \.\.\.fs \};/,
    );
    expect(esm).toContain('return { default: fs.promises, ...fs.promises };');
    // Required: spied on the shared module object, answering from memfs in each test.
    expect(cjs).toContain("import { fs as memoryFs, vol } from 'memfs';");
    expect(cjs).toContain('const answer = Reflect.get(memoryFs, name);');
    expect(`${cjs}\n${esm}`).not.toContain('mockReturnValue');
  });

  test('reads see the starting files; writes and removals are checked in the files', () => {
    expect(cjs).toMatch(
      /expect\(readJson\('\/data\/config\.json'\)\)\.toEqual\(\{\s+name: 'example',\s+version: 1,/,
    );
    expect(cjs).toMatch(/expect\(vol\.readFileSync\('[^']+', 'utf8'\)\)\.toBe\(/);
    expect(esm).toContain(
      "expect(vol.readFileSync('/data/notes.txt', 'utf8')).toBe('first line\\nsecond line\\n",
    );
    expect(esm).toContain("expect(vol.existsSync('/data/notes.txt')).toBe(false);");
    // A node-style callback gets the count of the real file's lines, and a system error with its code.
    expect(cjs).toContain('expect(done).toHaveBeenNthCalledWith(1, null, 2);');
    expect(cjs).toMatch(/Object\.assign\(new Error\('E[A-Z]+: [^']+'\), \{[^}]*code: 'E[A-Z]+'/);
  });

  test('a module reaching fs through a local module, answering over several turns, is tested on the files', () => {
    const walk = fs.readFileSync(path.join(root, 'src/walk.assay.test.js'), 'utf8');
    // The shared fs is spied on and answers from memfs, though walk.cjs never names it.
    expect(walk).toContain("import fs from 'fs';");
    expect(walk).toContain('const answer = Reflect.get(memoryFs, name);');
    // readLater answers two turns after its read: the test waits as many before checking the callback.
    expect(walk).toMatch(
      /for \(let turn = 0; turn < \d+; turn\+\+\) \{\n\s+await new Promise\(\(resolve\) => setImmediate\(resolve\)\);/,
    );
    expect(walk).toMatch(
      /expect\(done\)\.toHaveBeenNthCalledWith\(1, null, \[\s*'\/?data\/config\.json',\s*'\/?data\/docs\/empty\.txt',\s*'\/?data\/docs\/readme\.md',/,
    );
  });

  test('every kept test passes under Vitest, covering the file handling', () => {
    for (const file of report.files) {
      expect(file.status).toBe('written');
      expect(file.problems.filter((p) => p.code === 'test-failed')).toEqual([]);
      expect(file.coverage!.final!.lines.pct).toBe(100);
    }
    const result = run(root, [bin('vitest', 'vitest.mjs'), 'run']);
    expect(result.output).toMatch(/Tests\s+\d+ passed/);
    expect(result.status).toBe(0);
  });
});

test('with jest, imported fs modules are replaced by memfs through jest.mock', async () => {
  const root = copyFixture('memory-files-jest', MEMORY_FILES);
  try {
    makeJestProject(root, ['**/*.assay.test.ts'], 'commonjs');
    const manifest = path.join(root, 'package.json');
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    fs.writeFileSync(
      manifest,
      JSON.stringify({ ...pkg, devDependencies: { ...pkg.devDependencies, memfs: '4.80.1' } }),
    );
    const report = await generateTests({
      root,
      paths: ['src/notes.ts'],
      framework: 'jest',
      property: false,
      validateRuns: 1,
    });
    const code = fs.readFileSync(path.join(root, 'src/notes.assay.test.ts'), 'utf8');
    expect(code).toContain("jest.mock('node:fs', () => require('memfs').fs);");
    expect(code).toContain("jest.mock('node:fs/promises', () => require('memfs').fs.promises);");
    expect(code).toContain("expect(vol.existsSync('/data/notes.txt')).toBe(false);");
    expect(report.files[0]!.problems.filter((p) => p.code === 'test-failed')).toEqual([]);
    expect(report.files[0]!.coverage!.final!.lines.pct).toBe(100);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('file changes: written, new folders, removed, sorted by path', () => {
  const before = { '/d/a.txt': 'a', '/d/b.txt': 'b', '/d/empty': null };
  const after = { '/d/a.txt': 'a2', '/d/empty/c.txt': 'c', '/d/new': null };
  expect(fileChanges(before, after)).toEqual([
    { path: '/d/a.txt', kind: 'file', text: 'a2' },
    { path: '/d/b.txt', kind: 'removed' },
    { path: '/d/empty/c.txt', kind: 'file', text: 'c' },
    { path: '/d/new', kind: 'directory' },
  ]);
  expect(fileChanges(before, before)).toEqual([]);
});
