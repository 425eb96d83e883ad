import childProcess from 'node:child_process';
import crypto from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';
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

const FS_WRITES = [
  'appendFile',
  'chmod',
  'chown',
  'copyFile',
  'cp',
  'createWriteStream',
  'fchmod',
  'fchown',
  'fdatasync',
  'fsync',
  'ftruncate',
  'futimes',
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
  'write',
  'writeFile',
  'writev',
  'opendir',
];
const NETWORK: Array<[Record<string, unknown>, string, string[]]> = [
  [net as never, 'net', ['connect', 'createConnection', 'createServer']],
  [tls as never, 'tls', ['connect', 'createServer']],
  [http as never, 'http', ['request', 'get', 'createServer']],
  [https as never, 'https', ['request', 'get', 'createServer']],
  [http2 as never, 'http2', ['connect', 'createServer', 'createSecureServer']],
  [dgram as never, 'dgram', ['createSocket']],
];

/**
 * Replaces every Node API that writes files, spawns processes, opens connections or ends the process
 * with a fake that refuses, before the module under test is loaded. `syncBuiltinESMExports` makes
 * `import { writeFileSync } from 'node:fs'` see the fakes too.
 */
export function installFakes(): void {
  const syncWrites = FS_WRITES.flatMap((name) => [name, `${name}Sync`]);
  refuse(fs as never, 'fs', syncWrites);
  refuse(fs.promises as never, 'fs.promises', FS_WRITES, true);
  guardOpen(fs as never, 'fs', false);
  guardOpen(fs.promises as never, 'fs.promises', true);
  refuse(
    childProcess as never,
    'child_process',
    Object.keys(childProcess).filter((k) => k !== 'ChildProcess'),
  );
  for (const [module, label, names] of NETWORK) refuse(module, label, names);
  refuse(workerThreads as never, 'worker_threads', ['Worker']);
  if (typeof globalThis.fetch === 'function') refuse(globalThis as never, 'global', ['fetch'], true);

  process.exit = ((code?: number) => {
    attempts.exit = { code };
    throw new SandboxExitError(code);
  }) as typeof process.exit;
  refuse(process as never, 'process', ['kill', 'abort', 'chdir', 'setuid', 'setgid', 'dlopen']);
  recordRandomness();
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

function refuse(target: Record<string, unknown>, label: string, names: string[], async = false): void {
  for (const name of names) {
    if (typeof target[name] !== 'function') continue;
    const operation = `${label}.${name}`;
    target[name] = function refused() {
      attempts.blocked ??= operation;
      const error = new SandboxBlockedError(operation);
      if (async) return Promise.reject(error);
      throw error;
    };
  }
}

/** `open` may read (allowed) or write (refused), depending on its flags. */
function guardOpen(target: Record<string, unknown>, label: string, async: boolean): void {
  for (const name of async ? ['open'] : ['open', 'openSync']) {
    const original = target[name] as (...args: unknown[]) => unknown;
    if (typeof original !== 'function') continue;
    target[name] = function open(this: unknown, ...args: unknown[]) {
      const flags = args[1];
      const writes =
        typeof flags === 'number' ? (flags & 3) !== 0 : typeof flags === 'string' && /[wa+]/.test(flags);
      if (writes) {
        const operation = `${label}.${name} for writing`;
        attempts.blocked ??= operation;
        const error = new SandboxBlockedError(operation);
        if (async) return Promise.reject(error);
        throw error;
      }
      return original.apply(this, args);
    };
  }
}
