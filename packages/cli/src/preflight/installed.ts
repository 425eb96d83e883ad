import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The version of `name` as the project at `root` resolves it, or undefined when it is not installed. */
export function installedVersion(root: string, name: string): string | undefined {
  const require = createRequire(path.join(path.resolve(root), 'package.json'));
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    // Packages whose exports hide package.json: find it above the resolved entry.
    try {
      for (
        let dir = path.dirname(require.resolve(name));
        path.dirname(dir) !== dir;
        dir = path.dirname(dir)
      ) {
        const manifest = path.join(dir, 'package.json');
        if (!fs.existsSync(manifest)) continue;
        const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name) return pkg.version;
      }
    } catch {
      // Not resolvable at all: not installed.
    }
    return undefined;
  }
}

/** Names in the nearest package.json's dependencies and devDependencies (empty when there is none). */
export function declaredDependencies(root: string): Set<string> {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, unknown>;
        const names = (field: unknown) => Object.keys((field ?? {}) as Record<string, string>);
        return new Set([...names(pkg.dependencies), ...names(pkg.devDependencies)]);
      } catch {
        return new Set();
      }
    }
    if (path.dirname(dir) === dir) return new Set();
  }
}
