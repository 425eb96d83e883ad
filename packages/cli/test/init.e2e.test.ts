import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { assay, tempProject } from './history-fixtures.js';
import { cleanup, initProject, recordedRuns, runJest, runVitest } from './init-project.js';

afterAll(cleanup);

const require = createRequire(import.meta.url);

const read = (root: string, file: string) => readFileSync(join(root, file), 'utf8');

function project(files: Record<string, string>): string {
  const root = tempProject();
  for (const [file, text] of Object.entries(files)) writeFileSync(join(root, file), text);
  return root;
}

const VITEST_PKG = '{ "type": "module", "devDependencies": { "vitest": "4.1.12" } }\n';
const JEST_PKG = '{ "devDependencies": { "jest": "30.5.2" } }\n';

describe('assay init on Vitest projects', () => {
  test('adds assay() to vitest.config.ts as an AST edit and .assay folders to .gitignore; a second run changes nothing', () => {
    const config = `import { defineConfig } from 'vitest/config';

// the project's own comment
export default defineConfig({
  test: { include: ['test/**/*.test.ts'] },
});
`;
    const root = project({
      'package.json': VITEST_PKG,
      'vitest.config.ts': config,
      '.gitignore': 'node_modules',
    });
    const first = assay(['init'], root);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('assay init: Vitest project');
    expect(first.stdout).toContain(
      "✓ vitest.config.ts: added assay() to plugins (import assay from '@assay/vitest-plugin')",
    );
    expect(first.stdout).toContain('✓ .gitignore: added .assay/cache/, .assay/runs/');
    const edited = read(root, 'vitest.config.ts');
    expect(edited).toMatch(/^import assay from '@assay\/vitest-plugin';\n/);
    expect(edited).toContain("// the project's own comment");
    expect(edited).toContain("test: { include: ['test/**/*.test.ts'] },");
    expect(edited).toContain('plugins: [assay()]');
    expect(read(root, '.gitignore')).toBe('node_modules\n.assay/cache/\n.assay/runs/\n');

    const second = assay(['init'], root);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(
      "= vitest.config.ts: already has assay() from '@assay/vitest-plugin' in plugins",
    );
    expect(second.stdout).toContain('Nothing to change: the project is already set up.');
    expect(read(root, 'vitest.config.ts')).toBe(edited);
  });

  test('appends to existing plugins of a vite.config.mts with a test block', () => {
    const root = project({
      'package.json': VITEST_PKG,
      'vite.config.mts': `import { defineConfig } from 'vite';\nimport other from './other';\n\nexport default defineConfig({\n  plugins: [other()],\n  test: {},\n});\n`,
    });
    expect(assay(['init'], root).code).toBe(0);
    expect(read(root, 'vite.config.mts')).toContain('plugins: [other(), assay()]');
  });

  test('writes a vitest.config.ts when the project has none', () => {
    const root = project({ 'package.json': VITEST_PKG, 'tsconfig.json': '{}' });
    const result = assay(['init'], root);
    expect(result.stdout).toContain('✓ vitest.config.ts: created it with assay() in plugins');
    expect(read(root, 'vitest.config.ts')).toContain('plugins: [assay()]');
  });

  test('refuses a config it cannot edit safely, prints the lines to add by hand and exits 1', () => {
    const config =
      "import { defineConfig } from 'vitest/config';\nexport default defineConfig(({ mode }) => ({ test: {} }));\n";
    const root = project({ 'package.json': VITEST_PKG, 'vitest.config.ts': config });
    const result = assay(['init'], root);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '✗ vitest.config.ts: cannot edit it safely: it does not export an object literal',
    );
    expect(result.stdout).toContain(
      "Add these lines by hand:\n    import assay from '@assay/vitest-plugin';\n    plugins: [assay()],",
    );
    expect(read(root, 'vitest.config.ts')).toBe(config);
  });

  test('a project with neither runner gets the install command and exit 1', () => {
    const root = project({ 'package.json': '{}', 'pnpm-lock.yaml': '' });
    const result = assay(['init'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('depends on neither vitest nor jest');
    expect(result.stderr).toContain('pnpm add -D vitest');
  });
});

describe('assay init on Jest projects', () => {
  test('edits jest.config.js keeping the user reporters and wrapping their environment', () => {
    const root = project({
      'package.json': JEST_PKG,
      'jest.config.js': `/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'jsdom',
  reporters: ['default', ['jest-junit', { outputDirectory: 'reports' }]],
};
`,
    });
    const result = assay(['init'], root);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("✓ jest.config.js: added '@assay/jest-plugin/reporter' to reporters");
    expect(result.stdout).toContain("wrapping 'jsdom' (testEnvironmentOptions.assay.environment)");
    expect(require(join(root, 'jest.config.js'))).toEqual({
      testEnvironment: '@assay/jest-plugin/environment',
      testEnvironmentOptions: { assay: { environment: 'jsdom' } },
      reporters: ['default', ['jest-junit', { outputDirectory: 'reports' }], '@assay/jest-plugin/reporter'],
      testSequencer: '@assay/jest-plugin/sequencer',
    });
    expect(assay(['init'], root).stdout).toContain('Nothing to change');
  });

  test('edits a typed jest.config.ts through its variable', () => {
    const root = project({
      'package.json': JEST_PKG,
      'jest.config.ts':
        "import type { Config } from 'jest';\n\nconst config: Config = {\n  preset: 'ts-jest',\n};\n\nexport default config;\n",
    });
    expect(assay(['init'], root).code).toBe(0);
    expect(read(root, 'jest.config.ts')).toContain(
      "const config: Config = {\n  preset: 'ts-jest',\n  reporters: ['default', '@assay/jest-plugin/reporter'],\n  testEnvironment: '@assay/jest-plugin/environment',\n  testSequencer: '@assay/jest-plugin/sequencer',\n};",
    );
  });

  test('adds a "jest" section to package.json when there is no config file', () => {
    const root = project({ 'package.json': JEST_PKG });
    const result = assay(['init'], root);
    expect(result.stdout).toContain('✓ package.json: added a "jest" section');
    expect(JSON.parse(read(root, 'package.json')).jest).toEqual({
      reporters: ['default', '@assay/jest-plugin/reporter'],
      testEnvironment: '@assay/jest-plugin/environment',
      testSequencer: '@assay/jest-plugin/sequencer',
    });
  });

  test('refuses a computed config and prints the lines to add by hand', () => {
    const root = project({
      'package.json': JEST_PKG,
      'jest.config.cjs': "module.exports = require('./base');\n",
    });
    const result = assay(['init'], root);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("reporters: ['default', '@assay/jest-plugin/reporter'],");
  });
});

describe('the project set up by assay init records runs', () => {
  test('with real Vitest', async () => {
    const root = initProject({
      'package.json': VITEST_PKG,
      'vitest.config.ts':
        "import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({ test: {} });\n",
      'sum.test.ts': "import { expect, test } from 'vitest';\ntest('adds', () => expect(1 + 1).toBe(2));\n",
    });
    expect(assay(['init'], root).code).toBe(0);
    const run = await runVitest(root);
    expect(run.code).toBe(0);
    expect(recordedRuns(root)).toHaveLength(1);
    expect(assay(['flaky', '--all'], root).stdout).toContain('sum.test.ts::adds');
  });

  test('with real Jest', async () => {
    const root = initProject({
      'package.json': JEST_PKG,
      'sum.test.js': "test('adds', () => expect(1 + 1).toBe(2));\n",
    });
    expect(assay(['init'], root).code).toBe(0);
    const run = await runJest(root);
    expect(run.code).toBe(0);
    expect(recordedRuns(root)).toHaveLength(1);
    expect(assay(['flaky', '--all'], root).stdout).toContain('sum.test.js::adds');
  });
});
