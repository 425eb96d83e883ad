// Code versions from what a test really loaded: the content of its test file and of every project
// module it imported in that run, whether or not there is git and whatever else changed in the tree.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

/** Lockfiles that pin the dependencies in `node_modules`, looked for from the root upwards. */
const LOCKFILES = [
  'pnpm-lock.yaml',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'bun.lock',
  'bun.lockb',
];

/**
 * Content hashes of modules, each file looked at once per run; a file whose modification time and
 * size did not change since an earlier run of the same process (watch mode, Jest's reporter) is not
 * read again.
 *
 * @example
 * const hasher = new ModuleHasher();
 * hasher.startRun();
 * hasher.hashOf('/project/src/add.ts'); // 'e5fa44f2b31c1fb553b6021e7360d07d5d91ff5e'
 */
export class ModuleHasher {
  private readonly known = new Map<string, { mtimeMs: number; size: number; hash: string }>();
  private readonly thisRun = new Map<string, string | undefined>();

  /** Starts a new run: every file is looked at again, once. */
  startRun(): void {
    this.thisRun.clear();
  }

  /** sha1 (hex) of the file's content, or undefined when it cannot be read (a virtual module). */
  hashOf(file: string): string | undefined {
    if (this.thisRun.has(file)) return this.thisRun.get(file);
    let hash: string | undefined;
    try {
      const info = statSync(file);
      const known = this.known.get(file);
      if (known && known.mtimeMs === info.mtimeMs && known.size === info.size) hash = known.hash;
      else {
        hash = createHash('sha1').update(readFileSync(file)).digest('hex');
        this.known.set(file, { mtimeMs: info.mtimeMs, size: info.size, hash });
      }
    } catch {
      hash = undefined;
    }
    this.thisRun.set(file, hash);
    return hash;
  }
}

/** The nearest lockfile at or above `root`, if any. */
export function findLockfile(root: string): string | undefined {
  for (let dir = root; ; dir = dirname(dir)) {
    for (const name of LOCKFILES) if (existsSync(join(dir, name))) return join(dir, name);
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * What decides how a test's code runs besides its project modules, as text that goes into every code
 * version of the run: Node's major version, the platform, the runner and its version, and the
 * lockfile's hash (dependencies in `node_modules` are not hashed one by one; the lockfile pins them).
 * A test that fails only on another Node or after a dependency upgrade is then not "the same code".
 */
export function versionContext(
  root: string,
  runner: { name: string; version: string },
  hasher: ModuleHasher,
): string {
  const parts = [
    `node ${process.versions.node.split('.')[0]}`,
    process.platform,
    `${runner.name} ${runner.version}`,
  ];
  const lock = findLockfile(root);
  if (lock) parts.push(`lock ${hasher.hashOf(lock) ?? 'unreadable'}`);
  return parts.join('\n');
}

/** True for a module the code version covers: a file on disk outside `node_modules`. */
export function isProjectModule(file: string): boolean {
  return isAbsolute(file) && !file.includes(`${sep}node_modules${sep}`) && !file.includes('/node_modules/');
}

/** A test file's code version in one run. */
export interface CodeVersion {
  /** sha1 (hex) of the context and of every module's path (relative to the root) and content hash. */
  version: string;
  /** Modules that went into it, the test file included. */
  modules: number;
}

/**
 * The code version of a test file from the modules it loaded (absolute paths; the test file among
 * them). Paths are taken relative to `root`, so checkouts in different folders agree. Modules in
 * `node_modules` and files that cannot be read are left out; undefined when nothing is left.
 *
 * @example
 * const context = versionContext(root, { name: 'vitest', version: '4.1.12' }, hasher);
 * codeVersionOf(root, [join(root, 'test/a.test.ts'), join(root, 'src/a.ts')], context, hasher);
 * // { version: '3f1c…', modules: 2 }
 */
export function codeVersionOf(
  root: string,
  files: Iterable<string>,
  context: string,
  hasher: ModuleHasher,
): CodeVersion | undefined {
  const lines: string[] = [];
  for (const file of new Set(files)) {
    if (!isProjectModule(file)) continue;
    const hash = hasher.hashOf(file);
    if (!hash) continue;
    let rel = relative(root, file);
    if (sep !== '/') rel = rel.split(sep).join('/');
    lines.push(`${rel} ${hash}`);
  }
  if (lines.length === 0) return undefined;
  lines.sort();
  const version = createHash('sha1')
    .update(`${context}\n${lines.join('\n')}`)
    .digest('hex');
  return { version, modules: lines.length };
}

/** Name of this machine in run records: `ASSAY_MACHINE` when set, else the host name. */
export function machineName(env: NodeJS.ProcessEnv = process.env): string {
  return env.ASSAY_MACHINE?.trim() || hostname();
}
