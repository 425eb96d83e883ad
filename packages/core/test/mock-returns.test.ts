import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GenerateReport, generateTests } from '../src/index.js';
import { bin, copyFixture, makeJestProject, runNode as run } from './helpers.js';

// src/settings.ts uses what ./store (file I/O, so mocked) returns: a settings object, a promised count,
// nothing (`void`) and an `unknown` value. src/config.ts uses what the mocked fs built-ins return.
const MOCK_RETURNS = fileURLToPath(new URL('./fixtures/mock-returns', import.meta.url));

describe.each([
  ['vitest', 'vi'],
  ['jest', 'jest'],
] as const)('mocked functions return a value of their declared type, with %s', (framework, api) => {
  let root: string;
  let report: GenerateReport;
  let code: string;
  let configCode: string;

  beforeAll(async () => {
    root = copyFixture(`mock-returns-${framework}`, MOCK_RETURNS);
    if (framework === 'jest') {
      // CommonJS (no "type": "module"): the sandbox mocks through require, as Jest does.
      makeJestProject(root, ['**/*.assay.test.ts'], 'commonjs');
    }
    // Validated with coverage: the report says which lines after the mocked calls ran.
    report = await generateTests({
      root,
      // A CommonJS source under Vitest only (this Jest project transforms TypeScript tests only).
      paths: [
        'src/settings.ts',
        'src/config.ts',
        'src/bytes.ts',
        ...(framework === 'vitest' ? ['src/legacy.cjs'] : []),
      ],
      framework,
      callTimeoutMs: 500,
      property: false,
      // One validation run: the last test runs the kept files with the real runner itself.
      validateRuns: 1,
    });
    code = fs.readFileSync(path.join(root, 'src/settings.assay.test.ts'), 'utf8');
    configCode = fs.readFileSync(path.join(root, 'src/config.assay.test.ts'), 'utf8');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('sets each return value before every test, from the declared type', () => {
    expect(code).toMatch(
      new RegExp(
        `beforeEach\\(\\(\\) => \\{\\n  ${api}\\.clearAllMocks\\(\\);\\n  ${api}\\.mocked\\(store\\.readSettings\\)\\.mockReturnValue\\(\\{ file: '[^']+', retries: -?[1-9]\\d*, tags: \\['[^']+'\\] \\}\\);`,
      ),
    );
    // Promise<number> → the resolved number.
    expect(code).toMatch(
      new RegExp(`${api}\\.mocked\\(store\\.countRecords\\)\\.mockResolvedValue\\(-?[1-9]\\d*\\);`),
    );
    // void and unknown give nothing to build: those keep returning undefined.
    expect(code).not.toMatch(/store\.(log|lastLine)\)\.mock/);
  });

  test('calls are also made with empty values of those types, in tests that say so', () => {
    expect(code).toMatch(
      new RegExp(
        `test\\('describeSettings\\(.*\\) → "no settings" \\(mocks return empty values\\)', \\(\\) => \\{\\n    ${api}\\.mocked\\(store\\.readSettings\\)\\.mockReturnValue\\(\\{ file: undefined, retries: 0, tags: \\[\\] \\}\\);\\n    expect\\(describeSettings\\(`,
      ),
    );
    expect(code).toContain(`${api}.mocked(store.countRecords).mockResolvedValue(0);`);
    expect(code).toMatch(/toBe\('[^']*: none'\)/);
  });

  test('the code after the mocked call runs, and the tests assert what it did', () => {
    expect(code).toMatch(/toBe\('[^']+: -?\d+ retries \[[A-Z0-9]+\]'\)/);
    expect(code).toMatch(/expect\(store\.log\)\.toHaveBeenNthCalledWith\(1, 'read [^']+'\);/);
    expect(code).toMatch(/toBe\('[^']*: -?\d+ records?'\)/);
    expect(code).toContain("toBe('undefined')");
    const coverage = report.files[0]!.coverage!;
    expect(coverage.final!.lines.pct).toBeGreaterThanOrEqual(coverage.target);
    expect(report.files[0]!.coverage!.dropped).toEqual([]);
  });

  test('mocked built-ins return values of the type each call resolves to, and JSON of the parsed type', () => {
    // existsSync → true; readFileSync(file, 'utf8') → text, here JSON of the Config it is parsed as.
    expect(configCode).toContain(`${api}.mocked(fs.existsSync).mockReturnValue(true);`);
    expect(configCode).toMatch(
      new RegExp(
        `${api}\\.mocked\\(fs\\.readFileSync\\)\\.mockReturnValue\\('\\{"name":"[^"]+","port":-?\\d+,"tags":\\["[^"]+"\\]\\}'\\);`,
      ),
    );
    // fs/promises' readFile → text, resolved.
    expect(configCode).toMatch(
      new RegExp(`${api}\\.mocked\\(fsPromises\\.readFile\\)\\.mockResolvedValue\\('[^']+'\\);`),
    );
    // The code past the reads runs: the parsed config is summarised, the lines counted.
    expect(configCode).toMatch(/toBe\('[^']+:-?\d+ \[[^\]]+\]'\)/);
    // The empty values reach the other branches: no file, an empty file.
    expect(configCode).toContain(`${api}.mocked(fs.existsSync).mockReturnValue(false);`);
    expect(configCode).toContain("toBe('defaults')");
    expect(configCode).toContain(`${api}.mocked(fsPromises.readFile).mockResolvedValue('');`);
    const config = report.files.find((f) => f.source === 'src/config.ts')!;
    expect(config.status).toBe('written');
    // This project has no memfs: the report says how to test the file I/O on in-memory files instead.
    expect(config.problems).toContainEqual(
      expect.objectContaining({ code: 'no-memfs', message: expect.stringContaining('npm i -D memfs') }),
    );
    expect(config.coverage!.final!.lines.pct).toBe(100);
  });

  test('a read with no encoding returns bytes, written as a Buffer, and no bytes for the empty case', () => {
    const bytes = fs.readFileSync(path.join(root, 'src/bytes.assay.test.ts'), 'utf8');
    expect(bytes).toContain(`${api}.mocked(fs.readFileSync).mockReturnValue(Buffer.from('a'));`);
    expect(bytes).toContain('toBe(97)');
    expect(bytes).toContain(`${api}.mocked(fs.readFileSync).mockReturnValue(Buffer.from(''));`);
    expect(bytes).toContain('toBe(-1)');
  });

  test.runIf(framework === 'vitest')(
    'a built-in reached through require() is mocked on the shared module object, before the module loads',
    () => {
      const legacy = fs.readFileSync(path.join(root, 'src/legacy.assay.test.js'), 'utf8');
      expect(legacy).toContain("import fs from 'node:fs';");
      expect(legacy).not.toContain("vi.mock('node:fs')");
      expect(legacy).toMatch(
        /await vi\.hoisted\(async \(\) => \{\n\s+const \{ default: target \} = await import\('node:fs'\);/,
      );
      expect(legacy).toContain(
        'for (const spy of Object.values(fs)) {\n    if (vi.isMockFunction(spy)) spy.mockImplementation(() => undefined);\n  }',
      );
      // The destructured existsSync (bound at load) and fs.readFileSync (read at call) both return values.
      expect(legacy).toContain('vi.mocked(fs.existsSync).mockReturnValue(true);');
      expect(legacy).toMatch(/vi\.mocked\(fs\.readFileSync\)\.mockReturnValue\('[^']+'\);/);
      expect(legacy).toContain('vi.mocked(fs.existsSync).mockReturnValue(false);');
      expect(legacy).toContain('toEqual([])');
      // fs.readFile answers through its callback: with text, and with an error for the empty case.
      expect(legacy).toMatch(
        /vi\.mocked\(fs\.readFile\)\.mockImplementation\(\(\.\.\.args\) => args\.at\(-1\)\(null, '[^']+'\)\);/,
      );
      expect(legacy).toMatch(/expect\(done\)\.toHaveBeenNthCalledWith\(1, null, '[^']+'\);/);
      expect(legacy).toMatch(
        /vi\.mocked\(fs\.readFile\)\.mockImplementation\(\(\.\.\.args\) =>\s+args\.at\(-1\)\(new Error\('ENOENT: no such file or directory'\)\),?\s*\);/,
      );
      expect(legacy).toMatch(/expect\(done\)\.toHaveBeenNthCalledWith\(1, new Error\('ENOENT/);
      const file = report.files.find((f) => f.source === 'src/legacy.cjs')!;
      expect(file.status).toBe('written');
      expect(file.coverage!.final!.lines.pct).toBe(100);
    },
  );

  test('the tests pass under the real runner', () => {
    const { status, output } =
      framework === 'vitest'
        ? run(root, [bin('vitest', 'vitest.mjs'), 'run'])
        : run(root, [bin('jest', 'bin/jest.js'), '--ci']);
    expect(output).toMatch(
      framework === 'vitest' ? /Tests\s+\d+ passed \(\d+\)/ : /Tests:\s+\d+ passed, \d+ total/,
    );
    expect(output).not.toMatch(/failed/);
    expect(status).toBe(0);
    expect(fs.existsSync(path.join(root, 'log.txt'))).toBe(false);
  });
});
