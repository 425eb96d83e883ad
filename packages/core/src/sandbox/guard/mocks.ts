import { createRequire, syncBuiltinESMExports } from 'node:module';
import { FILE_SYSTEM_MODULE } from '../../model/file-fixture.js';
import type { Interaction } from '../../model/observation.js';
import type { MockReturn } from '../../model/unit.js';
import { encode } from '../codec.js';
import { callCounted, memoryFunction, servesMemoryFiles } from './memory-files.js';
import { mockReturnValue } from './mock-returns.js';

const require = createRequire(import.meta.url);

/** Calls recorded since the last {@link takeInteractions}. */
let recorded: Interaction[] = [];
/**
 * While the module under test loads, mocked functions call what they replaced: the module loaders
 * (Node's CommonJS loader, tsx) read the module's files through the same `fs` object.
 */
let loading = false;

/** Mocked functions call what they replaced until `false` is set (see {@link installMocks}). */
export function setMocksLoading(value: boolean): void {
  loading = value;
}

/** Records one call of a mocked function (`fn` is its path in the module). */
export function recordInteraction(module: string, fn: string, args: readonly unknown[]): void {
  recorded.push({ module, fn, args: args.map((arg) => encode(arg)) });
}

/** How many calls of mocked functions were recorded since the last {@link takeInteractions}. */
export function interactionCount(): number {
  return recorded.length;
}

export function takeInteractions(): Interaction[] {
  const out = recorded;
  recorded = [];
  return out;
}

/**
 * Replaces every function of the given built-ins as `vi.mock(name)` / `jest.mock(name)` automock them:
 * each returns `undefined`, nested objects included, and each call is recorded; functions with a
 * {@link MockReturn} return its value instead, as the test's `mockReturnValue` makes them. What the code
 * sees in the sandbox is then what it sees in the generated test. Installed before the module loads (a
 * CommonJS module keeps what `const { readFileSync } = require('fs')` gave it), and passing calls through
 * while {@link setMocksLoading} says it loads.
 */
export function installMocks(
  specifiers: readonly string[],
  returns: Readonly<Record<string, readonly MockReturn[]>> = {},
): void {
  for (const specifier of specifiers) {
    const target = require(specifier.replace(/^node:/, '')) as Record<string, unknown>;
    if (servesMemoryFiles() && FILE_SYSTEM_MODULE.test(specifier)) serveFromMemory(target, specifier);
    else mockObject(target, specifier, '', new Set(), returns[specifier]);
  }
  syncBuiltinESMExports();
}

/**
 * `fs` (or `fs/promises`) answering from the in-memory file system (memory-files.ts), as the test's
 * `vi.mock('node:fs', …memfs)` does: calls are not recorded (the test checks the files instead), and a
 * function memfs lacks returns undefined, as an automock would.
 */
function serveFromMemory(target: Record<string, unknown>, specifier: string): void {
  for (const key of Object.keys(target)) {
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    if (!descriptor || !('value' in descriptor) || !descriptor.writable) continue;
    const value = descriptor.value as unknown;
    if (typeof value !== 'function' || /^[A-Z]/.test(key)) continue; // classes (Stats, Dirent) stay
    target[key] = function fromMemory(this: unknown, ...args: unknown[]) {
      if (loading) return (value as (...a: unknown[]) => unknown).apply(this, args);
      const fn = memoryFunction(specifier, key);
      return fn ? callCounted(fn, args) : undefined;
    };
  }
}

function mockObject(
  target: Record<string, unknown>,
  module: string,
  prefix: string,
  seen: Set<object>,
  returns: readonly MockReturn[] | undefined,
): void {
  if (seen.has(target)) return;
  seen.add(target);
  for (const key of Object.keys(target)) {
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    // Lazy getters (net.BlockList) are left alone: automock reads them as values, tests rarely call them.
    if (!descriptor || !('value' in descriptor) || !descriptor.writable) continue;
    const value = descriptor.value as unknown;
    const path = `${prefix}${key}`;
    if (typeof value === 'function') {
      target[key] = function mocked(this: unknown, ...args: unknown[]) {
        if (loading) return (value as (...a: unknown[]) => unknown).apply(this, args);
        recordInteraction(module, path, args);
        return mockReturnValue(returns, path, args);
      };
    } else if (
      value !== null &&
      typeof value === 'object' &&
      Object.getPrototypeOf(value) === Object.prototype
    ) {
      mockObject(value as Record<string, unknown>, module, `${path}.`, seen, returns);
    }
  }
}
