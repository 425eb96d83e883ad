import type { Framework } from './options.js';

/**
 * Hooks that change how generated tests are written. Each receives what it is about and the default
 * rendering (`code`), and returns the code to write: return `code` changed to extend it, or your own to
 * replace it. They run on the code before it is formatted (block names in single quotes, one test per
 * `test(` / `test.each(` call); Prettier then formats the file.
 *
 * @example
 * ```ts
 * // assay.config.ts: tag every generated block, and name tests in the house style.
 * import { defineConfig } from 'assay';
 *
 * export default defineConfig({
 *   generate: {
 *     templates: {
 *       describe: ({ unit, code }) => code.replace(`describe('${unit.name}'`, `describe('[generated] ${unit.name}'`),
 *       test: ({ code }) => code.replace(/^test\(/, 'it('),
 *     },
 *   },
 * });
 * ```
 */
export interface TestTemplates {
  /** The whole file, after the marker line (which assay always keeps first). */
  file?: (context: FileTemplateContext) => string;
  /** One `describe` block: a function's or a class's tests. */
  describe?: (context: DescribeTemplateContext) => string;
  /** One test: a single case, a `test.each` table, a JSDoc example or a class's call sequence. */
  test?: (context: TestTemplateContext) => string;
}

export interface FileTemplateContext {
  framework: Framework;
  /** Source file under test, relative to the project root (posix). */
  source: string;
  /** The import lines. */
  imports: string;
  /** Module mocks and fake-timer hooks that come before the blocks ('' when none). */
  setup: string;
  /** The rendered `describe` blocks, in source order. */
  blocks: string[];
  /** The default rendering of the file. */
  code: string;
}

export interface DescribeTemplateContext {
  framework: Framework;
  unit: { name: string; kind: 'function' | 'class' };
  /** The rendered tests of the block. */
  tests: string[];
  /** The default rendering of the block. */
  code: string;
}

export interface TestTemplateContext {
  framework: Framework;
  unit: { name: string; kind: 'function' | 'class' };
  /** What the test is: one case, a table of like cases, a JSDoc example, a class's call sequence. */
  kind: 'case' | 'table' | 'example' | 'sequence';
  /** The default rendering of the test. */
  code: string;
}
