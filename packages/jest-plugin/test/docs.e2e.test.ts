// docs/jest.md's config files, run as written: each `// jest.config.*` block is copied into a project
// (CommonJS for jest.config.js, "type": "module" with NodeNext-style TypeScript for .mjs) and run with
// Jest 29 and 30; the run must pass and be recorded.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { cleanup, createProject, JESTS, runJest } from './project.js';

afterAll(cleanup);

const guide = readFileSync(fileURLToPath(new URL('../../../docs/jest.md', import.meta.url)), 'utf8');

/** The fenced code blocks whose first line names a Jest config file. */
const blocks = [...guide.matchAll(/```js\n\/\/ (jest\.config\.(?:js|mjs))\n([\s\S]*?)```/g)].map((m, i) => ({
  name: `block ${i + 1} (${m[1]}${/ts-jest/.test(m[2]!) ? ', ts-jest' : /swc/.test(m[2]!) ? ', @swc/jest' : ''})`,
  file: m[1]!,
  code: m[2]!,
}));

const COMMONJS_PROJECT = {
  'package.json': '{ "name": "docs-cjs" }',
  'sum.test.js': "const sum = (a, b) => a + b;\ntest('adds', () => expect(sum(1, 2)).toBe(3));\n",
};

// A NodeNext TypeScript project: './sum.js' in the source means ./sum.ts.
const MODULE_PROJECT = {
  'package.json': '{ "name": "docs-esm", "type": "module" }',
  'src/sum.ts': 'export function sum(a: number, b: number): number {\n  return a + b;\n}\n',
  'src/sum.test.ts':
    "import { sum } from './sum.js';\n\ntest('adds', () => {\n  const total: number = sum(1, 2);\n  expect(total).toBe(3);\n});\n",
};

describe('docs/jest.md configs', () => {
  test('the guide has the CommonJS, @swc/jest and ts-jest configs', () => {
    expect(blocks.map((b) => b.name)).toEqual([
      'block 1 (jest.config.js)',
      'block 2 (jest.config.mjs, @swc/jest)',
      'block 3 (jest.config.mjs, ts-jest)',
    ]);
  });

  for (const jest of JESTS) {
    test.each(blocks)(`$name runs as written on ${jest.label}`, async ({ file, code }) => {
      const files = file.endsWith('.mjs') ? MODULE_PROJECT : COMMONJS_PROJECT;
      const root = createProject(jest, { ...files, [file]: `// ${file}\n${code}` });
      const result = await runJest(jest, root);
      expect(result.stderr).not.toContain('module is not defined');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/Tests:\s+1 passed, 1 total/);
      expect(readdirSync(join(root, '.assay', 'runs')).filter((f) => !f.startsWith('.'))).toHaveLength(1);
    });
  }
});
