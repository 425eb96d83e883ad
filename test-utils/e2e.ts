// What the plugins' end-to-end tests share: temporary projects laid out like a user's install, and
// running a real test runner in them. Imported by relative path from packages/*/test/project.ts; it
// imports nothing of assay, so no package depends on another through it.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Exit code and output of one runner process. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Writes files (paths relative to `root`), making folders as needed. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** Links a folder (a package in node_modules), making the parent folders. */
export function link(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  symlinkSync(from, to, 'dir');
}

/** Copies a built package (package.json + dist), as `npm install` would place it. */
export function copyPackage(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  cpSync(join(from, 'package.json'), join(to, 'package.json'));
  cpSync(join(from, 'dist'), join(to, 'dist'), { recursive: true });
}

/**
 * Temporary folders that hold a `node_modules` (one per runner version, made once), under which each
 * test gets its own project folder, so a project resolves packages as a user's would.
 */
export class ProjectBases {
  private readonly bases = new Map<string, string>();

  /** @param prefix name prefix of the temporary folders, e.g. `assay-jest-e2e-` */
  constructor(private readonly prefix: string) {}

  /** A new empty project under the base `key`; `fill` lays out the base's node_modules the first time. */
  project(key: string, fill: (modules: string) => void, files: Record<string, string>): string {
    let base = this.bases.get(key);
    if (!base) {
      base = mkdtempSync(join(tmpdir(), this.prefix));
      fill(join(base, 'node_modules'));
      this.bases.set(key, base);
    }
    const root = mkdtempSync(join(base, 'project-'));
    writeFiles(root, files);
    return root;
  }

  /** Removes every base (call once after all tests). */
  cleanup(): void {
    for (const base of this.bases.values())
      if (existsSync(base)) rmSync(base, { recursive: true, force: true });
    this.bases.clear();
  }
}

/**
 * Runs `node <argv>` in `root` with colours off and CI on, without the variables of the runner that
 * runs these tests (VITEST*, JEST*, ASSAY*, NODE_OPTIONS, …), plus `env`.
 */
export function runNode(
  argv: string[],
  root: string,
  env: Record<string, string | undefined> = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const childEnv: Record<string, string | undefined> = {
      ...process.env,
      NO_COLOR: '1',
      FORCE_COLOR: '0',
      CI: '1',
    };
    for (const key of Object.keys(childEnv)) {
      if (key.startsWith('VITEST') || key.startsWith('JEST') || key.startsWith('ASSAY')) delete childEnv[key];
    }
    delete childEnv.GITHUB_STEP_SUMMARY;
    delete childEnv.NODE_OPTIONS;
    delete childEnv.NODE_ENV;
    Object.assign(childEnv, env);
    const child = spawn(process.execPath, argv, { cwd: root, env: childEnv as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** `.assay/quarantine.json` listing the given tests. */
export function quarantineJson(entries: { id: string; reason?: string }[]): Record<string, string> {
  return {
    '.assay/quarantine.json': JSON.stringify({
      tests: entries.map((e) => ({ id: e.id, reason: e.reason ?? 'known flaky', since: '2026-11-21' })),
    }),
  };
}

/** Recorded results keyed by test id. */
export function byId<T extends { id: string }>(tests: T[]): Record<string, T> {
  return Object.fromEntries(tests.map((t) => [t.id, t]));
}

/** A file of a project, as text. */
export function readText(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}
