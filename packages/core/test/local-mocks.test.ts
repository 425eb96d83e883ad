import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTests } from '../src/index.js';
import { bin, copyFixture, makeJestProject, runNode as run } from './helpers.js';

// src/service.ts imports ./store (writes files through fs) and ./slug (pure); src/signup.ts reaches
// ./store only through ./service; src/titles.ts imports only ./slug.
const LOCAL_IO = fileURLToPath(new URL('./fixtures/local-io', import.meta.url));

const generate = (root: string, outDir?: string) =>
  generateTests({ root, paths: ['src'], callTimeoutMs: 500, validate: false, ...(outDir ? { outDir } : {}) });

describe('local modules that do I/O, with Vitest (ES modules: mocked through loader hooks)', () => {
  let root: string;
  const read = (name: string) => fs.readFileSync(path.join(root, 'src', name), 'utf8');

  beforeAll(async () => {
    root = copyFixture('local-io', LOCAL_IO);
    await generate(root);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('mocks the local module that writes files, and asserts how it was called', () => {
    const code = read('service.assay.test.ts');
    expect(code).toContain("vi.mock('./store');");
    expect(code).toContain("import * as store from './store';");
    expect(code).toMatch(
      /expect\(store\.saveRecord\)\.toHaveBeenNthCalledWith\(1, '[\w-]+', \{ name: '[^']*', age: -?\d+ \}\);/,
    );
    // A class of the mocked module: its construction and its methods' calls.
    expect(code).toContain("expect(store.Store).toHaveBeenNthCalledWith(1, 'archive');");
    expect(code).toMatch(
      /expect\(store\.Store\.prototype\.put\)\.toHaveBeenNthCalledWith\(1, '[^']*', 'archived'\);/,
    );
    expect(code).toMatch(/expect\(store\.removeRecord\)\.toHaveBeenNthCalledWith\(1, '[^']*'\);/);
  });

  test('keeps pure local modules real', () => {
    expect(read('service.assay.test.ts')).not.toContain('./slug');
    const titles = read('titles.assay.test.ts');
    expect(titles).not.toContain('vi.mock');
    // The real slugify ran: a title with letters comes out lower-cased and dashed.
    expect(titles).toMatch(/toBe\('-?\d+-[a-z0-9-]*'\)/);
  });

  test('mocks the module that does the I/O beneath an imported one, which stays real', () => {
    const code = read('signup.assay.test.ts');
    expect(code).toContain("vi.mock('./store');");
    expect(code).not.toContain("vi.mock('./service')");
    // The real registerUser ran (and slugified the name) before the mocked store was called.
    expect(code).toMatch(
      /expect\(store\.saveRecord\)\.toHaveBeenNthCalledWith\(1, '[a-z0-9-]+', \{ name: '[^']*', age: 30 \}\);/,
    );
  });

  test('the tests pass under real Vitest, and nothing was written for real', () => {
    const { status, output } = run(root, [bin('vitest', 'vitest.mjs'), 'run']);
    expect(output).toMatch(/Tests\s+\d+ passed \(\d+\)/);
    expect(status).toBe(0);
    expect(fs.existsSync(path.join(root, 'data'))).toBe(false);
  });
});

describe('local modules that do I/O, with Jest (CommonJS: mocked through require)', () => {
  let root: string;

  beforeAll(async () => {
    root = copyFixture('local-io-jest', LOCAL_IO);
    // No "type": "module": the sandbox loads the sources as CommonJS, so require is what gets mocked.
    makeJestProject(root, ['**/*.assay.test.ts'], 'commonjs');
    // Tests in another folder: they reach the mocked module by its path from there.
    await generate(root, 'tests');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('mocks the module by its path from the test folder', () => {
    const code = fs.readFileSync(path.join(root, 'tests/src/service.assay.test.ts'), 'utf8');
    expect(code).toContain("jest.mock('../../src/store');");
    expect(code).toContain("import * as store from '../../src/store';");
    expect(code).toMatch(/expect\(store\.saveRecord\)\.toHaveBeenNthCalledWith\(1, /);
    expect(code).toContain("expect(store.Store).toHaveBeenNthCalledWith(1, 'archive');");
  });

  test.each([
    ['jest', 'jest'],
    ['jest29', 'jest29'],
  ])(
    'the tests pass under %s, and nothing was written for real',
    (_label, name) => {
      const { status, output } = run(root, [bin(name, 'bin/jest.js'), '--ci']);
      expect(output).toMatch(/Tests:\s+\d+ passed, \d+ total/);
      expect(output).not.toMatch(/failed/);
      expect(status).toBe(0);
      expect(fs.existsSync(path.join(root, 'data'))).toBe(false);
    },
    60_000,
  );
});
