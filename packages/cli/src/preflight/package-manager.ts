import fs from 'node:fs';
import path from 'node:path';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

const LOCK_FILES: ReadonlyArray<[string, PackageManager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/**
 * The package manager a project uses, from the lock file in its folder or the nearest folder above
 * (a workspace keeps one lock file at its root); npm when there is none.
 */
export function detectPackageManager(root: string): PackageManager {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    for (const [file, manager] of LOCK_FILES) if (fs.existsSync(path.join(dir, file))) return manager;
    if (path.dirname(dir) === dir) return 'npm';
  }
}

/** The command that adds `packages` as development dependencies with `manager`. */
export function installCommand(manager: PackageManager, packages: readonly string[]): string {
  const verb = { npm: 'npm install -D', pnpm: 'pnpm add -D', yarn: 'yarn add -D', bun: 'bun add -d' }[
    manager
  ];
  return `${verb} ${packages.join(' ')}`;
}
