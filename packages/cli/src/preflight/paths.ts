import fs from 'node:fs';
import path from 'node:path';

/** The given paths (relative to `root`, or absolute) that do not exist, as they were written. */
export function missingPaths(root: string, paths: readonly string[]): string[] {
  return paths.filter((p) => !fs.existsSync(path.resolve(root, p)));
}
