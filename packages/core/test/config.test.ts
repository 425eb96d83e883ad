import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ConfigError, generateTests, loadConfig } from '../src/index.js';
import { copyFixture } from './helpers.js';

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-config-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('no config file gives an empty config', async () => {
    expect(await loadConfig(dir)).toEqual({ config: {}, file: undefined });
  });

  test('loads a TypeScript config with its template functions', async () => {
    fs.writeFileSync(
      path.join(dir, 'assay.config.ts'),
      "const out: string = 'test/gen';\nexport default { generate: { outDir: out, templates: { test: ({ code }: { code: string }) => code } } };\n",
    );
    const { config, file } = await loadConfig(dir);
    expect(file).toBe(path.join(dir, 'assay.config.ts'));
    expect(config.generate?.outDir).toBe('test/gen');
    expect(typeof config.generate?.templates?.test).toBe('function');
  });

  test('loads a JSON config', async () => {
    fs.writeFileSync(path.join(dir, 'assay.config.json'), '{ "generate": { "paths": ["lib"] } }');
    expect((await loadConfig(dir)).config).toEqual({ generate: { paths: ['lib'] } });
  });

  test.each([
    [
      'assay.config.ts',
      "import type { AssayConfig } from 'assay';\nconst c: AssayConfig = { generate: { seed: 7 } };\nexport default c;\n",
    ],
    ['assay.config.mts', 'export default { generate: { seed: 7 as number } };\n'],
    ['assay.config.cts', 'module.exports = { generate: { seed: 7 as number } };\n'],
    ['assay.config.js', 'export default { generate: { seed: 7 } };\n'],
    ['assay.config.mjs', 'export default { generate: { seed: 7 } };\n'],
    ['assay.config.cjs', 'module.exports = { generate: { seed: 7 } };\n'],
    ['assay.config.json', '{ "generate": { "seed": 7 } }'],
  ])('loads %s', async (name, content) => {
    fs.writeFileSync(path.join(dir, name), content);
    expect(await loadConfig(dir)).toEqual({ config: { generate: { seed: 7 } }, file: path.join(dir, name) });
  });

  test('reads a TypeScript config afresh on every call (no module cache between runs)', async () => {
    const file = path.join(dir, 'assay.config.ts');
    fs.writeFileSync(file, 'export default { generate: { seed: 1 } };\n');
    expect((await loadConfig(dir)).config.generate?.seed).toBe(1);
    fs.writeFileSync(file, 'export default { generate: { seed: 2 } };\n');
    expect((await loadConfig(dir)).config.generate?.seed).toBe(2);
  });

  test.each([
    ['assay.config.json', '{ "generate": ', /assay\.config\.json: could not be loaded/],
    [
      'assay.config.json',
      '{ "generate": { "concurency": 2 } }',
      /generate\.concurency is not an option; known options: paths, exclude/,
    ],
    [
      'assay.config.json',
      '{ "generate": { "concurrency": 0 } }',
      /generate\.concurrency: expected a whole number of at least 1, got 0/,
    ],
    [
      'assay.config.json',
      '{ "generate": { "framework": "mocha" } }',
      /generate\.framework: "mocha" is not supported/,
    ],
    [
      'assay.config.json',
      '{ "generate": { "property": "no" } }',
      /generate\.property: expected true or false/,
    ],
    [
      'assay.config.json',
      '{ "generate": { "exclude": "src/gen" } }',
      /generate\.exclude: expected an array of strings/,
    ],
    ['assay.config.json', '{ "generate": { "outDir": 3 } }', /generate\.outDir: expected a folder path/],
    ['assay.config.mjs', 'export default { generate: 1 };', /generate must be an object/],
    ['assay.config.json', '{ "genrate": {} }', /unknown key "genrate"/],
    [
      'assay.config.mjs',
      'export default { generate: { templates: { tests: () => "" } } };',
      /generate\.templates\.tests is not a template/,
    ],
    ['assay.config.mjs', 'export default 42;', /must export an object/],
  ])(
    '%s with bad content is a ConfigError naming the file and the problem',
    async (name, content, message) => {
      fs.writeFileSync(path.join(dir, name), content);
      const load = loadConfig(dir);
      await expect(load).rejects.toThrow(ConfigError);
      await expect(loadConfig(dir)).rejects.toThrow(message);
    },
  );
});

test('templates extend the rendering of tests, blocks and the file, and the marker stays first', async () => {
  const root = copyFixture('templates');
  try {
    await generateTests({
      root,
      paths: ['src/docs.ts'],
      templates: {
        test: ({ code, kind }) => `// ${kind}\n${code.replace(/^test\(/, 'it(')}`,
        describe: ({ unit, code }) =>
          code.replace(`describe('${unit.name}'`, `describe('[generated] ${unit.name}'`),
        file: ({ code }) =>
          code.replace(
            "import { describe, expect, test } from 'vitest';",
            "import { describe, expect, it, test } from 'vitest';",
          ),
      },
    });
    const code = fs.readFileSync(path.join(root, 'src/docs.assay.test.ts'), 'utf8');
    expect(code.split('\n')[0]).toMatch(/^\/\/ @generated by assay/);
    expect(code).toContain("describe('[generated] clamp'");
    expect(code).toContain('// example\n');
    expect(code).toMatch(/it\('example: clamp\(15, 0, 10\)/);
    expect(code).toContain("import { describe, expect, it, test } from 'vitest';");
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
