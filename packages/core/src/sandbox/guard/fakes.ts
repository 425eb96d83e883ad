import childProcess from 'node:child_process';
import cluster from 'node:cluster';
import crypto from 'node:crypto';
import dgram from 'node:dgram';
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import inspector from 'node:inspector';
import module, { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import workerThreads from 'node:worker_threads';
import { nextRandom } from './seeded-random.js';

/** Thrown inside the sandbox when the code under test reaches for the real machine. */
export class SandboxBlockedError extends Error {
  constructor(readonly operation: string) {
    super(`assay sandbox: ${operation} is not allowed while exploring`);
    this.name = 'SandboxBlockedError';
  }
}

/** Thrown inside the sandbox in place of `process.exit()`. */
export class SandboxExitError extends Error {
  constructor(readonly exitCode: number | undefined) {
    super(`assay sandbox: process.exit(${exitCode ?? ''}) was called`);
    this.name = 'SandboxExitError';
  }
}

/**
 * What the code under test tried during the current call. Recorded as well as thrown, so code that
 * swallows the error in a try/catch still gets its case dropped rather than asserted.
 */
export const attempts: {
  blocked?: string;
  exit?: { code: number | undefined };
  /** The first source of randomness the call read (`Math.random`): its result may differ every run. */
  random?: string;
} = {};

/** Forgets what the previous call tried. */
export function resetAttempts(): void {
  attempts.blocked = undefined;
  attempts.exit = undefined;
  attempts.random = undefined;
}

/** Every refusal since the last {@link takeRefusals}, whatever the call: validation reads these. */
let refusals: string[] = [];

const listeners: Array<(operation: string) => void> = [];

/** Calls `listener` with each refused operation from now on (validation reports them to the runner). */
export function onRefusal(listener: (operation: string) => void): void {
  listeners.push(listener);
}

/** The operations refused since the last call (`fs.writeFileSync`, `process.binding`), oldest first. */
export function takeRefusals(): string[] {
  const out = refusals;
  refusals = [];
  return out;
}

/** Where the guard is installed and what it still lets through. */
export interface GuardOptions {
  /**
   * Folders the code may still write into: the runner's coverage and cache folder during validation.
   * None while exploring.
   */
  writable?: readonly string[];
  /**
   * The project root (and the module's folder): reading a file outside them (and outside any
   * node_modules) is refused, as its content could be a secret that would end up asserted in a test.
   * Unset: every read is allowed.
   */
  readable?: readonly string[];
  /**
   * `process.exit` and `process.reallyExit` become outcomes (exploration). A runner's worker keeps its
   * own: the runner reports a test that ends the process.
   */
  exits?: boolean;
  /** Writes to open file descriptors (stdout, the runner's own streams) stay allowed. */
  descriptors?: boolean;
  /** Record reads of randomness (exploration: a random result is not asserted). */
  randomness?: boolean;
}

const PATH_WRITES = [
  'appendFile',
  'chmod',
  'chown',
  'copyFile',
  'cp',
  'createWriteStream',
  'lchmod',
  'lchown',
  'link',
  'lutimes',
  'mkdir',
  'mkdtemp',
  'rename',
  'rm',
  'rmdir',
  'symlink',
  'truncate',
  'unlink',
  'utimes',
  'writeFile',
];
const DESCRIPTOR_WRITES = [
  'fchmod',
  'fchown',
  'fdatasync',
  'fsync',
  'ftruncate',
  'futimes',
  'write',
  'writev',
];
/** Calls whose every path argument is written (`rename(from, to)` removes `from`). */
const ALL_PATHS = new Set(['rename', 'link', 'symlink', 'copyFile', 'cp']);
/** Files that loaders read in every folder above a module: never a secret worth refusing. */
const PROJECT_FILES = /^(package\.json|tsconfig(\.[\w-]+)?\.json|jsconfig\.json)$/;
const READS = ['readFile', 'createReadStream', 'readdir', 'opendir'];

const NETWORK: Array<[Record<string, unknown>, string, string[]]> = [
  [net as never, 'net', ['connect', 'createConnection', 'createServer']],
  [tls as never, 'tls', ['connect', 'createServer', 'createSecureContext']],
  [http as never, 'http', ['request', 'get', 'createServer']],
  [https as never, 'https', ['request', 'get', 'createServer']],
  [http2 as never, 'http2', ['connect', 'createServer', 'createSecureServer']],
  [dgram as never, 'dgram', ['createSocket']],
];

const installed = Symbol.for('assay.guard.installed');

let realExits: { exit: typeof process.exit; reallyExit: unknown } | undefined;

/**
 * Ends the process for real (the sandbox's own shutdown when its parent goes): `process.exit` ends
 * through `process.reallyExit`, which the guard replaces, so both are put back first.
 */
export function exitForReal(code: number): never {
  if (realExits) {
    (process as unknown as { reallyExit: unknown }).reallyExit = realExits.reallyExit;
    process.exit = realExits.exit;
  }
  return process.exit(code);
}

/**
 * Replaces every Node API that writes files, spawns processes, loads native code, opens connections
 * or signals other processes with a fake that refuses, before the code under test is loaded. Covers
 * the module objects (so `import`, `import()`, `require`, `createRequire` and
 * `process.getBuiltinModule` all see the fakes; `syncBuiltinESMExports` updates named imports), the
 * socket classes, the raw bindings (`process.binding`, `_linkedBinding`), `process.dlopen`, worker
 * threads, loader hooks (`module.register`), `fetch`/`WebSocket`, and `process.kill` and its raw forms.
 * Installed once per process; later calls do nothing.
 */
export function installFakes(options: GuardOptions = { exits: true, randomness: true }): void {
  const processState = process as unknown as Record<symbol, boolean>;
  if (processState[installed]) return;
  processState[installed] = true;
  const writable = (options.writable ?? []).map((dir) => path.resolve(dir));
  const mayWrite = (args: unknown[], all: boolean) =>
    writable.length > 0 &&
    (all ? args.filter(isPathLike) : args.slice(0, 1)).every(
      (p) => isPathLike(p) && inside(toPath(p), writable),
    );

  for (const [target, label, async] of [
    [fs, 'fs', false],
    [fs.promises, 'fs.promises', true],
  ] as const) {
    const names = async ? PATH_WRITES : PATH_WRITES.flatMap((name) => [name, `${name}Sync`]);
    refuse(target as never, label, names, async, (name, args) =>
      mayWrite(args, ALL_PATHS.has(name.replace(/Sync$/, ''))),
    );
    const descriptors = async
      ? DESCRIPTOR_WRITES
      : DESCRIPTOR_WRITES.flatMap((name) => [name, `${name}Sync`]);
    refuse(target as never, label, descriptors, async, () => options.descriptors === true);
    guardOpen(target as never, label, async, (args) => mayWrite(args, false));
  }
  if (options.readable) guardReads(options.readable);

  refuse(
    childProcess as never,
    'child_process',
    Object.keys(childProcess).filter((k) => k !== 'ChildProcess'),
  );
  refuse(cluster as never, 'cluster', ['fork', 'setupPrimary', 'setupMaster']);
  for (const [target, label, names] of NETWORK) refuse(target, label, names);
  refuse(net.Socket.prototype as never, 'net.Socket', ['connect']);
  refuse(net.Server.prototype as never, 'net.Server', ['listen']);
  refuse(dgram.Socket.prototype as never, 'dgram.Socket', ['bind', 'connect', 'send']);
  refuse(
    dns as never,
    'dns',
    Object.keys(dns).filter((k) => /^(lookup|resolve|reverse)/.test(k)),
  );
  refuse(
    dns.promises as never,
    'dns.promises',
    Object.keys(dns.promises).filter((k) => /^(lookup|resolve|reverse)/.test(k)),
    true,
  );
  refuse(workerThreads as never, 'worker_threads', ['Worker']);
  refuse(inspector as never, 'inspector', ['open']);
  refuse(module as never, 'module', ['register']);
  refuse(os as never, 'os', ['setPriority']);
  refuseWasi();
  if (typeof globalThis.fetch === 'function') refuse(globalThis as never, 'global', ['fetch'], true);
  if (typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function')
    refuse(globalThis as never, 'global', ['WebSocket']);

  if (options.exits) {
    realExits = {
      exit: process.exit,
      reallyExit: (process as unknown as { reallyExit: unknown }).reallyExit,
    };
    const exit = (code?: number) => {
      attempts.exit = { code };
      refusals.push(`process.exit(${code ?? ''})`);
      throw new SandboxExitError(code);
    };
    process.exit = exit as typeof process.exit;
    (process as unknown as { reallyExit: unknown }).reallyExit = exit;
  }
  refuse(process as never, 'process', [
    'kill',
    '_kill',
    '_debugProcess',
    'abort',
    'chdir',
    'setuid',
    'setgid',
    'seteuid',
    'setegid',
    'setgroups',
    'initgroups',
    'binding',
    '_linkedBinding',
    'loadEnvFile',
  ]);
  // A native addon runs code on load: only the project's installed dependencies may load one.
  const dlopen = process.dlopen;
  process.dlopen = function guardedDlopen(this: unknown, ...args: Parameters<typeof process.dlopen>) {
    const file = args[1];
    if (typeof file === 'string' && /[\\/]node_modules[\\/]/.test(file)) return dlopen.apply(this, args);
    return refused('process.dlopen', false);
  } as typeof process.dlopen;
  if (options.randomness) recordRandomness();
  syncBuiltinESMExports();
}

const NODE_RANDOM = [
  'randomInt',
  'randomUUID',
  'randomBytes',
  'getRandomValues',
  'randomFillSync',
  'randomFill',
];

/**
 * Wraps every source of randomness so that a call reading one is known: its result is not asserted
 * as a value (two runs agreeing by chance must not make a literal of a random pick). The wrappers
 * still return real random values, so code that only imports them behaves as before.
 */
function recordRandomness(): void {
  // Math.random is a fixed sequence (seeded-random.ts): its results can be asserted with the sequence
  // installed in the test. The others stay random and their results are never asserted.
  Math.random = function random() {
    attempts.random ??= 'Math.random';
    return nextRandom();
  };
  const web = globalThis.crypto as unknown as Record<string, unknown> | undefined;
  if (web) record(web, 'crypto', ['getRandomValues', 'randomUUID']);
  record(crypto as never, 'crypto', NODE_RANDOM);
}

function record(target: Record<string, unknown>, label: string, names: string[]): void {
  for (const name of names) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    const operation = `${label}.${name}`;
    const recorded = function recorded(this: unknown, ...args: unknown[]) {
      attempts.random ??= operation;
      return original.apply(this === target || this === undefined ? target : this, args);
    };
    try {
      target[name] = recorded;
    } catch {
      // node:crypto's getRandomValues is a fixed getter: it hands out globalThis.crypto's, wrapped below.
    }
  }
}

/** Records the refusal and throws it (or rejects, for promise APIs). */
function refused(operation: string, async: boolean): never | Promise<never> {
  attempts.blocked ??= operation;
  refusals.push(operation);
  for (const listener of listeners) {
    try {
      listener(operation);
    } catch {
      // Reporting must never turn a refusal into something else.
    }
  }
  const error = new SandboxBlockedError(operation);
  if (async) return Promise.reject(error);
  throw error;
}

/**
 * Replaces `names` on `target` by refusals; `allow(name, args)` lets a call through to the original
 * (a write into the runner's own folder).
 */
function refuse(
  target: Record<string, unknown>,
  label: string,
  names: readonly string[],
  async = false,
  allow?: (name: string, args: unknown[]) => boolean,
): void {
  for (const name of names) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    const operation = `${label}.${name}`;
    const guarded = function refusing(this: unknown, ...args: unknown[]) {
      if (allow?.(name, args))
        return new.target ? Reflect.construct(original, args, new.target) : original.apply(this, args);
      return refused(operation, async);
    };
    try {
      target[name] = guarded;
    } catch {
      Object.defineProperty(target, name, { value: guarded, configurable: true, writable: true });
    }
  }
}

/** `open` may read (allowed) or write (refused unless `allow`), depending on its flags. */
function guardOpen(
  target: Record<string, unknown>,
  label: string,
  async: boolean,
  allow: (args: unknown[]) => boolean,
): void {
  for (const name of async ? ['open'] : ['open', 'openSync']) {
    const original = target[name] as (...args: unknown[]) => unknown;
    if (typeof original !== 'function') continue;
    target[name] = function open(this: unknown, ...args: unknown[]) {
      const flags = args[1];
      const writes =
        typeof flags === 'number' ? (flags & 3) !== 0 : typeof flags === 'string' && /[wa+]/.test(flags);
      if (writes && !allow(args)) return refused(`${label}.${name} for writing`, async);
      return original.apply(this, args);
    };
  }
}

/**
 * Reading a file outside the project (and outside any node_modules) is refused: its content (a key, a
 * token in a dotfile) would be asserted in the test, and the test would depend on the machine.
 */
function guardReads(roots: readonly string[]): void {
  const allowed = roots.map((root) => path.resolve(root));
  const readable = (p: unknown) => {
    if (!isPathLike(p)) return true; // a descriptor: opened through a guarded open
    const file = toPath(p);
    // Package and compiler settings are looked up in every parent folder by loaders (tsx, Node).
    if (PROJECT_FILES.test(path.basename(file))) return true;
    return inside(file, allowed) || /[\\/]node_modules[\\/]/.test(file);
  };
  for (const [target, label, async] of [
    [fs, 'fs', false],
    [fs.promises, 'fs.promises', true],
  ] as const) {
    const names = async
      ? ['readFile', 'readdir', 'opendir', 'open']
      : [...READS, ...READS.map((n) => `${n}Sync`), 'open', 'openSync'];
    for (const name of names) {
      const original = (target as unknown as Record<string, unknown>)[name] as (
        ...args: unknown[]
      ) => unknown;
      if (typeof original !== 'function') continue;
      (target as unknown as Record<string, unknown>)[name] = function read(
        this: unknown,
        ...args: unknown[]
      ) {
        if (!readable(args[0])) return refused(`${label}.${name} outside the project`, async);
        return original.apply(this, args);
      };
    }
  }
}

/** WASI preopens give a WebAssembly module the real file system. Loaded quietly (it warns as experimental). */
function refuseWasi(): void {
  const emitWarning = process.emitWarning;
  process.emitWarning = () => {};
  try {
    refuse(module.createRequire(import.meta.url)('node:wasi') as Record<string, unknown>, 'wasi', ['WASI']);
  } catch {
    // No WASI in this Node: nothing to refuse.
  } finally {
    process.emitWarning = emitWarning;
  }
}

function isPathLike(value: unknown): value is string | URL | Buffer {
  return typeof value === 'string' || value instanceof URL || Buffer.isBuffer(value);
}

function toPath(value: string | URL | Buffer): string {
  return path.resolve(value instanceof URL ? fileURLToPath(value) : value.toString());
}

function inside(file: string, dirs: readonly string[]): boolean {
  return dirs.some((dir) => file === dir || file.startsWith(dir + path.sep));
}
