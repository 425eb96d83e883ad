/** The sandbox child's calls: one export called (and the function it returns driven), or a JSDoc example evaluated. */

import type { Outcome, Settled, StubCalls, ThenCall, ThenOutcome } from '../../model/observation.js';
import type { Encoded } from '../../model/value.js';
import { decode, encode, type StubFactory, takeUnhandledRejections } from '../codec.js';
import {
  memoryFileChanges,
  pendingFileOperations,
  resetPendingFileOperations,
} from '../guard/memory-files.js';
import { interactionCount, takeInteractions } from '../guard/mocks.js';
import type { CallRequest, EvaluateRequest } from '../protocol.js';
import {
  fakeAllTimers,
  type InstalledClock,
  immediatesPending,
  realSetTimeout,
  resetPendingImmediates,
} from './clock.js';
import {
  attempt,
  functionAt,
  isThenable,
  settle,
  spread,
  stubRecorder,
  takeUncaught,
  UNCAUGHT,
  UNHANDLED,
} from './outcome.js';

/**
 * Calls the function a unit returned, then runs every timer pending after those calls (as the test's
 * `advanceTimersByTime(advancedMs)` will): a debounced callback fires then, not before. When a call
 * returns a promise, the clock runs as the test's `await vi.runAllTimersAsync()` does instead (see
 * {@link settleReturned}). Undefined when the calls leave work behind (a promise still pending, a
 * timer still set once the promise callbacks ran): the test could not wait for it, and it would go on
 * running after the test (a retry loop with backoff hangs the runner), so the case is not written.
 */
async function callReturned(
  fn: (...args: unknown[]) => unknown,
  then: ThenCall,
  makeStub: StubFactory,
  calls: StubCalls,
  clock: InstalledClock,
): Promise<ThenOutcome | undefined> {
  const promises: Array<PromiseLike<unknown> | null> = [];
  const results = then.calls.map((args): Encoded => {
    const value = fn(
      ...spread(
        args.map((a) => decode(a, makeStub)),
        then.spreadLast,
      ),
    );
    promises.push(isThenable(value) ? value : null);
    return isThenable(value) ? { $: 'opaque', what: 'promise' } : encode(value);
  });
  if (promises.some((p) => p !== null)) return settleReturned(results, promises, calls, clock);
  const before = structuredClone(calls);
  const start = clock.now;
  const pendingTimers = clock.countTimers();
  clock.runToLast();
  // The test checks synchronously after advancing the clock: so is this record taken.
  const outcome = {
    results,
    before,
    pendingTimers,
    advancedMs: clock.now - start,
    after: structuredClone(calls),
  };
  // Then let the promise callbacks the calls queued run (a real turn of the event loop), running the
  // timers they set in turn, a few rounds: what is still pending after that is work left behind.
  for (let round = 0; round < SETTLE_ROUNDS; round++) {
    await new Promise((resolve) => realSetTimeout(resolve, 0));
    if (clock.countTimers() === 0) break;
    clock.runToLast();
  }
  await new Promise((resolve) => realSetTimeout(resolve, 0));
  return clock.countTimers() > 0 ? undefined : outcome;
}

/**
 * The returned function is async: runs the clock as `await vi.runAllTimersAsync()` (and Jest's) does
 * — the same @sinonjs/fake-timers call, promise callbacks running between timers until no timer is
 * left — then waits for each promise, as the test awaits each one. A retry loop's backoff timers all
 * fire; a loop that never ends hits the clock's loop limit, and the case is not written.
 */
async function settleReturned(
  results: Encoded[],
  promises: ReadonlyArray<PromiseLike<unknown> | null>,
  calls: StubCalls,
  clock: InstalledClock,
): Promise<ThenOutcome | undefined> {
  const settled = promises.map((): Settled | null => null);
  // Handlers are attached at once, as the test's `expect(…).rejects` is: no rejection goes unhandled.
  const done = promises.map((promise, i) =>
    promise?.then(
      (value) => {
        settled[i] = { kind: 'resolve', value: encode(value) };
      },
      (error: unknown) => {
        settled[i] = { kind: 'reject', error: encode(error) };
      },
    ),
  );
  const before = structuredClone(calls);
  const start = clock.now;
  try {
    await clock.runAllAsync();
  } catch {
    return undefined;
  }
  // Whatever settles through promise callbacks alone settles now; what waits for a timer set after
  // the clock stopped never will (the test would hang on it).
  await Promise.race([Promise.all(done), new Promise((resolve) => realSetTimeout(resolve, SETTLE_WAIT_MS))]);
  if (promises.some((p, i) => p !== null && settled[i] === null)) return undefined;
  return {
    results,
    before,
    pendingTimers: 0,
    advancedMs: clock.now - start,
    after: structuredClone(calls),
    settled,
  };
}

/** How long promises that need no timer get to settle after the clock ran out of timers. */
const SETTLE_WAIT_MS = 100;

/** Rounds of "run the promise callbacks, then the timers they set" before work counts as left behind. */
const SETTLE_ROUNDS = 3;

/** Evaluates an expression with every export of the module in scope, as a JSDoc example is written. */
export function evaluate(namespace: Record<string, unknown>, request: EvaluateRequest): Promise<Outcome> {
  return attempt(async () => {
    const names = Object.keys(namespace).filter(
      (name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default',
    );
    const run = new Function(...names, `return (async () => (${request.code}))();`) as (
      ...values: unknown[]
    ) => Promise<unknown>;
    return settle(run(...names.map((name) => namespace[name])), request.timeoutMs, encode);
  });
}

/** What the callbacks, mocked functions and files had seen when the call returned (or its promise settled). */
function snapshot(calls: StubCalls): { calls: StubCalls; interactions: number; files: string } {
  return {
    calls: structuredClone(calls),
    interactions: interactionCount(),
    files: JSON.stringify(memoryFileChanges()),
  };
}

/** Turns of the event loop a call's later work may take before the sandbox stops waiting for it. */
const MAX_LATER_TURNS = 50;

/**
 * Waits turns of the event loop while each changes what the callbacks, mocked functions or files saw,
 * or file operations and immediates the call queued are still to run;
 * `turns` is the last turn that changed something (0: nothing happened after the call returned).
 */
async function settleLater(
  calls: StubCalls,
  atReturn: ReturnType<typeof snapshot>,
): Promise<{ uncaught: boolean; turns: number }> {
  let uncaught = false;
  let turns = 0;
  let last = JSON.stringify(atReturn);
  for (let turn = 1; turn <= MAX_LATER_TURNS; turn++) {
    uncaught = (await takeUncaught()) || uncaught;
    const now = JSON.stringify(snapshot(calls));
    const busy = pendingFileOperations() > 0 || immediatesPending() > 0;
    if (now === last && !busy) break;
    last = now;
    turns = turn;
  }
  return { uncaught, turns };
}

export async function call(namespace: Record<string, unknown>, request: CallRequest): Promise<Outcome> {
  // Callback arguments record how they are called; the outcome carries the record.
  const { calls, makeStub } = stubRecorder();
  takeInteractions(); // forget calls made outside this one (at load, by stray timers)
  takeUnhandledRejections(); // and promises passed to a call that timed out
  await takeUncaught(); // and errors thrown by earlier calls' callbacks
  resetPendingFileOperations(); // and file operations they left unanswered
  resetPendingImmediates(); // and the immediates they queued
  const timers = request.thenCall ? fakeAllTimers() : undefined;
  let then: ThenOutcome | undefined;
  let outcome: Outcome;
  // What the callbacks and mocked functions had seen when the call returned (or its promise settled).
  let atReturn: { calls: StubCalls; interactions: number; files: string } | undefined;
  try {
    outcome = await attempt(async () => {
      const fn = functionAt(namespace, request.path);
      const result = fn(
        ...spread(
          request.args.map((a) => decode(a, makeStub, undefined, (name) => namespace[name])),
          request.spreadLast,
        ),
      );
      if (isThenable(result)) {
        const settled = await settle(result, request.timeoutMs, encode);
        atReturn = snapshot(calls);
        return settled;
      }
      atReturn = snapshot(calls);
      if (timers && request.thenCall && typeof result === 'function') {
        try {
          then = await callReturned(
            result as (...args: unknown[]) => unknown,
            request.thenCall,
            makeStub,
            calls,
            timers.clock,
          );
        } catch {
          // A call or a timer that throws: the returned function's case is not written.
        }
      }
      return { kind: 'return', value: encode(result), async: false };
    });
  } finally {
    timers?.restore();
  }
  atReturn ??= snapshot(calls);
  // Turns of the event loop until one changes nothing: node-style callbacks fire on later ticks, a
  // chain of them (a folder walked entry by entry) over several (and errors thrown there show).
  const { uncaught, turns } = await settleLater(calls, atReturn);
  const interactions = takeInteractions();
  if (takeUnhandledRejections() && (outcome.kind === 'return' || outcome.kind === 'throw')) return UNHANDLED;
  if (uncaught && (outcome.kind === 'return' || outcome.kind === 'throw')) return UNCAUGHT;
  if (outcome.kind !== 'return' && outcome.kind !== 'throw') return outcome;
  // A returned function's flow already ran the timers: its calls are those it recorded.
  const files = memoryFileChanges();
  const later =
    !then &&
    (interactions.length > atReturn.interactions ||
      JSON.stringify(calls) !== JSON.stringify(atReturn.calls) ||
      JSON.stringify(files) !== atReturn.files);
  const stubCalls = later || then ? calls : atReturn.calls;
  const seen = later ? interactions : interactions.slice(0, atReturn.interactions);
  return {
    ...outcome,
    ...(files.length > 0 ? { files } : {}),
    ...(Object.keys(stubCalls).length > 0 ? { calls: structuredClone(stubCalls) } : {}),
    ...(seen.length > 0 ? { interactions: seen } : {}),
    ...(later ? { callsLater: true as const } : {}),
    ...(later && turns > 1 ? { laterTurns: turns } : {}),
    ...(then && outcome.kind === 'return' ? { returned: then } : {}),
  };
}
