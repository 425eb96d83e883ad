import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const dist = join(import.meta.dirname, '../dist');

/** Every module a built file imports, following its own chunks. */
function importsOf(file: string, seen = new Set<string>()): Set<string> {
  const source = readFileSync(join(dist, file), 'utf8');
  for (const [, specifier] of source.matchAll(/(?:from|import|require\()\s*["']([^"']+)["']/g)) {
    if (specifier!.startsWith('./')) {
      const chunk = specifier!.slice(2);
      if (!seen.has(chunk)) {
        seen.add(chunk);
        importsOf(chunk, seen);
      }
    } else {
      seen.add(specifier!);
    }
  }
  return seen;
}

// The built package, as users import it (run after `pnpm build`; turbo's test task builds first).
test.each(['index.js', 'index.cjs'])('the main entry (%s) never loads ts-morph', (file) => {
  const imports = importsOf(file);
  expect(imports).toContain('fast-check');
  expect(imports).not.toContain('ts-morph');
});

test('the typescript entry loads ts-morph and shares its chunks with the main entry', async () => {
  expect(importsOf('typescript.js')).toContain('ts-morph');
  const main = await import('@assay/property');
  const typescript = await import('@assay/property/typescript');
  expect(typeof typescript.arbitraryFor).toBe('function');
  const { MissingClassError } = main;
  const { arbitraryFor } = typescript;
  const spec = arbitraryFor({ file: join(import.meta.dirname, 'fixtures/types.ts'), typeName: 'Money' });
  expect(() => spec.arbitrary).toThrow(MissingClassError);
});
