import fs from 'node:fs';
import path from 'node:path';

const TEST_FILE = /\.(test|spec)\.[mc]?[jt]sx?$/;
const TEST_DIRS = ['test', 'tests', '__tests__'];
const SKIPPED = new Set(['node_modules', 'dist', 'build', 'coverage']);
/** Enough files to see the project's habit without walking a huge repository. */
const MAX_ENTRIES = 20_000;

/**
 * Where the project keeps its tests, so generated ones go the same way: a top-level `test/`, `tests/` or
 * `__tests__/` folder when most of the existing tests live there (generated tests then mirror the source
 * tree under it), otherwise undefined: beside each source, as `*.test.ts` files beside sources are.
 */
export function detectOutDir(root: string): string | undefined {
  const counts = new Map<string, number>();
  let entries = 0;
  const walk = (dir: string, top: string) => {
    let list: fs.Dirent[];
    try {
      list = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of list) {
      if (++entries > MAX_ENTRIES) return;
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name) && !entry.name.startsWith('.'))
          walk(path.join(dir, entry.name), top || entry.name);
      } else if (TEST_FILE.test(entry.name) && !entry.name.includes('.assay.test.')) {
        const where = TEST_DIRS.includes(top) ? top : '';
        counts.set(where, (counts.get(where) ?? 0) + 1);
      }
    }
  };
  walk(root, '');
  const [best, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  return best && count > (counts.get('') ?? 0) ? path.join(root, best) : undefined;
}
