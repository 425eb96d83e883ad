/** The sandbox child's clocks: the real timers it keeps for itself, the faked `Date`, all timers faked for one call. */
import FakeTimers from '@sinonjs/fake-timers';
import { FAKE_NOW, FAKED_TIMERS } from '../protocol.js';

// The sandbox's own time limits use the real timers, whatever the code under test has faked.
export const realSetTimeout = globalThis.setTimeout;
export const realClearTimeout = globalThis.clearTimeout;
export const realSetImmediate = globalThis.setImmediate;
export type InstalledClock = ReturnType<typeof FakeTimers.install>;
/** `Date` faked at this instant when the module reads the clock (FAKE_NOW_ENV), else undefined. */
let fakeNow: number | undefined;
let dateClock: InstalledClock | undefined;

/** Fakes `Date` at `now` (epoch ms) for the rest of the process; nothing when undefined. */
export function startDateClock(now: number | undefined): void {
  fakeNow = now;
  installDateClock();
}

/** Each test starts its fake clock afresh: so does each call. */
export function resetDateClock(): void {
  if (fakeNow !== undefined) dateClock?.setSystemTime(fakeNow);
}

/** The clock faking `Date` now (undefined when `Date` is real or all timers are faked). */
export function currentDateClock(): InstalledClock | undefined {
  return dateClock;
}

/** Date only, as the generated test's fake timers: timers and microtasks keep running for real. */
function installDateClock(): void {
  dateClock = fakeNow === undefined ? undefined : FakeTimers.install({ now: fakeNow, toFake: ['Date'] });
}

/** Fakes every timer (and Date) for one call, as a test's `vi.useFakeTimers(...)` does; undo with `restore`. */
export function fakeAllTimers(): { clock: InstalledClock; restore(): void } {
  dateClock?.uninstall();
  const clock = FakeTimers.install({ now: fakeNow ?? FAKE_NOW, toFake: [...FAKED_TIMERS] });
  return {
    clock,
    restore: () => {
      clock.uninstall();
      installDateClock();
    },
  };
}

/** `setImmediate` callbacks the code under test queued in the current call and that have not run yet. */
let pendingImmediates = 0;
let immediateGeneration = 0;

/**
 * Counts the code's `setImmediate` callbacks (the sandbox's own waits use {@link realSetImmediate}):
 * work queued for a later turn of the event loop, which the sandbox waits for before it records what a
 * call did later, as the test waits the same turns.
 */
export function trackImmediates(): void {
  const real = globalThis.setImmediate;
  const realClear = globalThis.clearImmediate;
  const counted = new WeakMap<object, number>();
  const settle = (handle: object) => {
    if (counted.get(handle) === immediateGeneration) pendingImmediates--;
    counted.delete(handle);
  };
  const tracked = function setImmediate(callback: (...args: unknown[]) => void, ...args: unknown[]) {
    const handle: NodeJS.Immediate = real(
      function ran(this: unknown, ...inner: unknown[]) {
        settle(handle);
        return callback.apply(this, inner);
      },
      ...args,
    );
    counted.set(handle, immediateGeneration);
    pendingImmediates++;
    return handle;
  };
  globalThis.setImmediate = Object.assign(tracked, {
    __promisify__: real.__promisify__,
  }) as typeof setImmediate;
  globalThis.clearImmediate = function clearImmediate(handle: NodeJS.Immediate | undefined) {
    if (handle) settle(handle);
    return realClear(handle);
  } as typeof clearImmediate;
}

/** Immediates the current call queued that have not run yet. */
export function immediatesPending(): number {
  return pendingImmediates;
}

/** A new call: immediates queued by earlier ones no longer count. */
export function resetPendingImmediates(): void {
  pendingImmediates = 0;
  immediateGeneration++;
}
