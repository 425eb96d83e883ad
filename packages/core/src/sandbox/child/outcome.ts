/** How the sandbox child turns what a call did into an {@link Outcome}, and finds what to call. */

import type { Outcome, StubCalls } from '../../model/observation.js';
import type { Encoded } from '../../model/value.js';
import { encode, type StubFactory, stubBehaviour } from '../codec.js';
import { attempts, resetAttempts, SandboxBlockedError, SandboxExitError } from '../guard/fakes.js';
import { realClearTimeout, realSetImmediate, realSetTimeout } from './clock.js';

/** What a call or sequence that left a rejected `Promise` argument unhandled counts as. */
export const UNHANDLED: Outcome = {
  kind: 'blocked',
  operation: 'a rejected Promise argument it never handles',
  unhandledRejection: true,
};

/**
 * What a call or sequence counts as when the code threw an error outside it (a callback run on a later
 * tick that throws): the sandbox swallows it, Vitest and Jest fail the run on it.
 */
export const UNCAUGHT: Outcome = {
  kind: 'blocked',
  operation: 'an error thrown after it returned, outside any caller',
  uncaught: true,
};

let uncaughtErrors = 0;

/** Counts an error no code caught (the process's `uncaughtException`, swallowed by the sandbox). */
export function noteUncaught(): void {
  uncaughtErrors++;
}

/**
 * Whether an error went uncaught since the last look, once the callbacks the code queued for the next
 * turn of the event loop ran; forgets them.
 */
export async function takeUncaught(): Promise<boolean> {
  await new Promise((resolve) => realSetImmediate(resolve));
  const any = uncaughtErrors > 0;
  uncaughtErrors = 0;
  return any;
}

/** Runs one step with the sandbox's bookkeeping: refused I/O and exit attempts win over the result. */
export async function attempt(run: () => Promise<Outcome>): Promise<Outcome> {
  resetAttempts();
  let outcome: Outcome;
  try {
    outcome = await run();
  } catch (error) {
    outcome = { kind: 'throw', error: encode(error), async: false };
  }
  if (attempts.exit) return { kind: 'exit', code: attempts.exit.code };
  if (attempts.blocked) return { kind: 'blocked', operation: attempts.blocked };
  if (attempts.random === 'Math.random' && (outcome.kind === 'return' || outcome.kind === 'throw'))
    return { ...outcome, seededRandom: true };
  if (attempts.random && outcome.kind === 'return') return { ...outcome, random: attempts.random };
  return outcome;
}

/** Stubs that record the arguments of each call, by stub id. */
export function stubRecorder(): { calls: StubCalls; makeStub: StubFactory } {
  const calls: StubCalls = {};
  const makeStub: StubFactory = (id, returns, async, like) => {
    calls[id] = [];
    return (...args: unknown[]) => {
      calls[id]!.push(args.map((arg) => encode(arg)));
      const value = like ? stubBehaviour(like, args) : returns;
      return async ? Promise.resolve(value) : value;
    };
  };
  return { calls, makeStub };
}

export function settle(
  promise: PromiseLike<unknown>,
  timeoutMs: number,
  encodeValue: (v: unknown) => Encoded,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const timer = realSetTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
    promise.then(
      (value) => {
        realClearTimeout(timer);
        resolve({ kind: 'return', value: encodeValue(value), async: true });
      },
      (error: unknown) => {
        realClearTimeout(timer);
        resolve({ kind: 'throw', error: encode(error), async: true });
      },
    );
  });
}

/** The value at a property path of the module's exports. */
export function valueAt(
  namespace: Record<string, unknown>,
  path: readonly string[],
): { value: unknown; owner: unknown } {
  const [exportName, ...members] = path;
  // A CommonJS module loaded through import() puts its exports under `default` too.
  const interop = namespace.default as Record<string, unknown> | undefined;
  let value: unknown =
    exportName === 'default' ? namespace.default : (namespace[exportName!] ?? interop?.[exportName!]);
  let owner: unknown;
  for (const member of members) {
    owner = value;
    value = (value as Record<string, unknown> | undefined)?.[member];
  }
  return { value, owner };
}

export function functionAt(
  namespace: Record<string, unknown>,
  path: readonly string[],
): (...args: unknown[]) => unknown {
  const { value, owner } = valueAt(namespace, path);
  if (typeof value !== 'function') throw new TypeError(`export ${path.join('.')} is not a function`);
  // Members are called on their object, as `Text.camelCase(…)` in the test will.
  const fn = value as (...args: unknown[]) => unknown;
  return owner === undefined ? fn : fn.bind(owner);
}

/** Arguments as passed: the last one spread when it holds a rest parameter's values. */
export function spread(args: unknown[], spreadLast: boolean): unknown[] {
  return spreadLast ? [...args.slice(0, -1), ...(args.at(-1) as unknown[])] : args;
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

export function describeError(error: unknown): string {
  if (error instanceof SandboxBlockedError || error instanceof SandboxExitError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
