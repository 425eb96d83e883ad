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
