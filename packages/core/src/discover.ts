import fs from 'node:fs';
import path from 'node:path';
import { NoSourcesError } from './errors.js';

const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const LEFT_OUT = /(\.d\.[mc]?ts|\.(test|spec)\.[mc]?[jt]sx?)$/;
const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  'dist',
  'build',
  'coverage',
  '.assay',
  '__tests__',
  '__mocks__',
]);

/**
 * The source files under the given files and folders, sorted, without tests, declaration files and
 * dependency or build folders.
 * @throws NoSourcesError when nothing is found.
 */
export function discoverSources(paths: readonly string[]): string[] {
  const found = new Set<string>();
  const missing: string[] = [];
  for (const p of paths) {
    if (!fs.existsSync(p)) {
      missing.push(p);
      continue;
    }
    if (fs.statSync(p).isDirectory()) walk(p, found);
    else if (isSource(p)) found.add(p);
  }
  if (found.size === 0) throw new NoSourcesError(missing.length > 0 ? missing : paths);
  return [...found].sort();
}

function walk(dir: string, found: Set<string>): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(full, found);
    } else if (entry.isFile() && isSource(full)) {
      found.add(full);
    }
  }
}

function isSource(file: string): boolean {
  return SOURCE.test(file) && !LEFT_OUT.test(file);
}
