import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/**
 * The project declares `name` in its package.json (any dependency field) and it resolves from there.
 * Resolving alone is not enough: a package manager may have hoisted it from another package's
 * dependencies (assay's own), and under pnpm's strict layout or Yarn PnP the test could not import it.
 */
export function projectHas(root: string, name: string): boolean {
  const manifest = path.join(root, 'package.json');
  try {
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, unknown>;
    const declared = DEPENDENCY_FIELDS.some((field) => {
      const deps = pkg[field];
      return typeof deps === 'object' && deps !== null && name in deps;
    });
    if (!declared) return false;
    createRequire(manifest).resolve(name);
    return true;
  } catch {
    return false;
  }
}
