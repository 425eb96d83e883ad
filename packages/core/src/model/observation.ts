/** What exploration saw: calls and class sequences run in the sandbox, and what each did. */

import type { FileChange } from './file-fixture.js';
import type { ClassUnit, FunctionUnit } from './unit.js';
import type { Encoded } from './value.js';

/** Calls of the function a unit returned (`const debounced = debounce(fn, 100); debounced(1); …`). */
export interface ThenCall {
  /** The arguments of each call, in order. */
  calls: Encoded[][];
  spreadLast: boolean;
}

/** What the calls of a returned function did. */
export interface ThenOutcome {
  /** What each call returned (a promise is opaque: it is not awaited). */
  results: Encoded[];
  /** How the stubs had been called right after those calls, before the clock moved. */
  before: StubCalls;
  /** Timers pending after the calls: when any, the clock is advanced to run them all. */
  pendingTimers: number;
  /** How far the fake clock was advanced to run every timer pending after the calls (0 for a 0 ms timer). */
  advancedMs: number;
  /** How the stubs had been called right after the timers ran (before any promise callback could run). */
  after: StubCalls;
  /**
   * Some call returned a promise (an async function: `retry(fn)`'s): the clock then ran as the test's
   * `await vi.runAllTimersAsync()` runs it (promise callbacks between timers, until none is left), and
   * this says how each call's promise settled (null for a call that returned no promise). `after` is
   * then the stubs' calls once every promise settled.
   */
  settled?: Array<Settled | null>;
}

/** How a promise ended. */
export type Settled = { kind: 'resolve'; value: Encoded } | { kind: 'reject'; error: Encoded };

/** What a sequence did: its construction, each step until the first that did not return, the state at the end. */
export interface SequenceOutcome {
  construct: Outcome;
  steps: Outcome[];
  state: Record<string, Encoded>;
  /** How the callback stubs passed to the constructor and the steps were called, by the end. */
  calls?: StubCalls;
}

/** Per callback stub (by id), the arguments of each call it received. */
export type StubCalls = Record<string, Encoded[][]>;

/** What a call did. */
export type Outcome =
  | {
      kind: 'return';
      value: Encoded;
      async: boolean;
      calls?: StubCalls;
      interactions?: Interaction[];
      /** What the call changed in the in-memory file system (see file-fixture.ts), when the module does file I/O. */
      files?: FileChange[];
      /**
       * Callbacks or mocked functions were called after the call returned (on a later tick, as a node-style
       * callback is): `calls` and `interactions` are those after one turn of the event loop, and the
       * test waits that turn before it checks them.
       */
      callsLater?: true;
      /**
       * Turns of the event loop the later work took, when more than one (a chain of callbacks): the test
       * waits as many.
       */
      laterTurns?: number;
      /** The returned function was called (see {@link ThenCall}); `calls` is then the state after the timers ran. */
      returned?: ThenOutcome;
      /** The call read this source of randomness (`crypto.randomUUID`): the value may differ on every run. */
      random?: string;
      /**
       * The result depends on `Math.random`'s draws: it is asserted with the sandbox's fixed sequence
       * installed in the test (seeded-random.ts). Absent when another sequence gave the same result.
       */
      seededRandom?: true;
    }
  | {
      kind: 'throw';
      error: Encoded;
      async: boolean;
      calls?: StubCalls;
      interactions?: Interaction[];
      /** As for a return (see there). */
      files?: FileChange[];
      /** As for a return (see there). */
      callsLater?: true;
      /** As for a return (see there). */
      laterTurns?: number;
      /** As for a return: the error depends on `Math.random`'s draws. */
      seededRandom?: true;
    }
  | { kind: 'timeout' }
  | { kind: 'exit'; code: number | undefined }
  | {
      kind: 'blocked';
      operation: string;
      /** Not refused I/O: the call left a rejected `Promise` argument unhandled (see codec.ts). */
      unhandledRejection?: true;
      /** Not refused I/O: the code threw an error outside the call, on a later tick (see outcome.ts). */
      uncaught?: true;
    }
  /**
   * The sandbox process died during the call (it ran out of its heap limit, or native code crashed it):
   * only this input is lost, the next call gets a fresh process. `reason` says which, in stable words.
   */
  | { kind: 'crash'; reason: string };

/** One V8 coverage range of the module under test: [start offset, end offset, count]. */
export type CoverageRange = [number, number, number];

/** Which values mocked functions return during a call: their {@link MockReturn} `value`s, or their `empty` ones. */
export type MockReturnsVariant = 'empty';

/** A call the code under test made to a mocked module. */
export interface Interaction {
  /** The module as the source imports it (`node:fs`, `./store`). */
  module: string;
  /** The function's path in the module (`rmSync`, `promises.writeFile`). */
  fn: string;
  args: Encoded[];
}

/** One call of a unit in the sandbox and what it did. */
export interface Observation {
  unit: FunctionUnit;
  args: Encoded[];
  /** The calls made on the function the unit returned, when it returns one. */
  thenCall?: ThenCall;
  outcome: Outcome;
  ranges: CoverageRange[];
  /** Mocked local functions returned their empty values in this call (see `MockReturn.empty`). */
  mockReturns?: MockReturnsVariant;
}

/** One method call of a sequence, with its arguments. */
export interface Step {
  method: string;
  args: Encoded[];
  /** Not a call: the fake clock moves this many milliseconds (`method` then names the timer call). */
  advanceMs?: number;
}

/** A sequence run in the sandbox: construct, call the steps, read the observers. */
export interface SequenceObservation {
  unit: ClassUnit;
  constructorArgs: Encoded[];
  steps: Step[];
  outcome: SequenceOutcome;
  ranges: CoverageRange[];
}
