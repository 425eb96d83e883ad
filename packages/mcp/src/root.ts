import fs from 'node:fs';
import path from 'node:path';

/** A path given to a tool points outside the project root the server was started for. */
export class PathOutsideRootError extends Error {
  readonly code = 'ASSAY_MCP_PATH_OUTSIDE_ROOT';
  constructor(given: string, root: string) {
    super(
      `"${given}" is outside the project root ${root}: assay-mcp only reads and writes inside it. ` +
        'Give a path relative to the root (e.g. "src/math.ts"), or start assay-mcp with --root <dir> for another project.',
    );
    this.name = 'PathOutsideRootError';
  }
}

/**
 * The absolute form of `given` (relative paths start at `root`), refused when it leaves the root,
 * also through a symbolic link: the nearest existing ancestor is resolved with `realpath`.
 *
 * @example
 * ```ts
 * insideRoot('/repo', 'src/a.ts');  // '/repo/src/a.ts'
 * insideRoot('/repo', '../etc');    // throws PathOutsideRootError
 * ```
 */
export function insideRoot(root: string, given: string): string {
  const absolute = path.resolve(root, given);
  const realRoot = realpathOrSelf(root);
  if (!isWithin(root, absolute) && !isWithin(realRoot, absolute)) throw new PathOutsideRootError(given, root);
  let existing = absolute;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  if (!isWithin(realRoot, realpathOrSelf(existing))) throw new PathOutsideRootError(given, root);
  return absolute;
}

function isWithin(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function realpathOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}
