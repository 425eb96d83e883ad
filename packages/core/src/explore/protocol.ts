import type { FunctionDescription, InferOptions } from '@assay/property';
import type { Encoded } from './codec.js';
import type { Interaction } from './mocks.js';

/** Parent → child: call one export with these arguments. */
export interface CallRequest {
  type: 'call';
  id: number;
  /** Property path from the module namespace to the function: `['clamp']`, `['Text', 'camelCase']`. */
  path: string[];
  args: Encoded[];
  /** The last argument holds a rest parameter's values, spread into the call. */
  spreadLast: boolean;
  timeoutMs: number;
  /** When the call returns a function: call it with these arguments, under fake timers, then run the timers. */
  thenCall?: ThenCall;
  /** Mocked local functions return their empty values during this call (see {@link MockReturn}). */
  mockReturns?: MockReturnsVariant;
}

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

/** Parent → child: evaluate an expression (a JSDoc example) with the module's exports in scope. */
export interface EvaluateRequest {
  type: 'evaluate';
  id: number;
  code: string;
  timeoutMs: number;
}

/**
 * Parent → child: infer the properties of these functions in the child, where the module is loaded
 * (one IPC round trip instead of one per sample), and send back the tests to write.
 */
export interface InferRequest {
  type: 'infer';
  id: number;
  functions: FunctionDescription[];
  /** Where each function is found from the module's exports (`['default']` for a default export). */
  paths: string[][];
  options: InferOptions;
  render: { style: 'fc.assert' | 'test.prop' };
  /** Stop looking after this many milliseconds and send what was kept so far. */
  budgetMs: number;
}

/** What inference found, ready to write. */
export interface InferResult {
  kept: string[];
  rejected: Array<{ title: string; counterexample: Encoded }>;
  /** The `describe('properties', …)` block of the kept ones, and its imports ('' and [] when none). */
  code: string;
  imports: string[];
}

/** One method call in a sequence. */
export interface StepCall {
  method: string;
  args: Encoded[];
  spreadLast: boolean;
  /** Not a call: advance the fake clock (Date) by this many milliseconds. */
  advanceMs?: number;
}

/** Parent → child: construct a class, call methods on the instance in order, then read its observers. */
export interface SequenceRequest {
  type: 'sequence';
  id: number;
  /** Property path from the module namespace to the class. */
  path: string[];
  /** The export is a factory: call it (no `new`) and drive the object it returns. */
  factory?: boolean;
  /** Run the whole sequence under fake timers ({@link FAKED_TIMERS}), as the test will. */
  fakeTimers?: boolean;
  constructorArgs: Encoded[];
  constructorSpreadLast: boolean;
  steps: StepCall[];
  /** Public getters and fields to read after the last step. */
  observers: string[];
  timeoutMs: number;
}

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
      /** The returned function was called (see {@link ThenCall}); `calls` is then the state after the timers ran. */
      returned?: ThenOutcome;
      /** The call read this source of randomness (`Math.random`): the value may differ on every run. */
      random?: string;
    }
  | { kind: 'throw'; error: Encoded; async: boolean; calls?: StubCalls; interactions?: Interaction[] }
  | { kind: 'timeout' }
  | { kind: 'exit'; code: number | undefined }
  | { kind: 'blocked'; operation: string };

/** One V8 coverage range of the module under test: [start offset, end offset, count]. */
export type CoverageRange = [number, number, number];

/** Child → parent. */
export type ChildMessage =
  | { type: 'ready' }
  | { type: 'load-error'; message: string }
  | { type: 'result'; id: number; outcome: Outcome; ranges: CoverageRange[] }
  | { type: 'sequence-result'; id: number; outcome: SequenceOutcome; ranges: CoverageRange[] }
  | { type: 'infer-result'; id: number; result: InferResult }
  /** A request the child could not handle (a bug of assay's, not of the code under test). */
  | { type: 'failed'; id: number; message: string };

/** Set in the child's environment: the absolute path of the module to load. */
export const MODULE_ENV = 'ASSAY_SANDBOX_MODULE';

/** Set in the child's environment: the built-ins to mock, as a JSON array of specifiers. */
export const MOCK_MODULES_ENV = 'ASSAY_SANDBOX_MOCK_MODULES';

/** Set in the child's environment: the local modules to mock, as a JSON array of {@link LocalMock}. */
export const LOCAL_MOCKS_ENV = 'ASSAY_SANDBOX_LOCAL_MOCKS';

/** A local module that does I/O, loaded by the unit: replaced by recording fakes, as `vi.mock('./store')` does. */
export interface LocalMock {
  /**
   * The module as the unit imports it (`./store`), or its path from the unit's folder when it is loaded
   * deeper: interactions are recorded under it.
   */
  specifier: string;
  /** Absolute path of the module. */
  file: string;
  /** The names it exports. */
  exports: string[];
  /** What its functions return instead of undefined, from their declared return types. */
  returns?: MockReturn[];
}

/**
 * A mocked function's result, built from its declared return type: the test sets it with
 * `vi.mocked(store.load).mockReturnValue(…)` (`mockResolvedValue` when `async`) before each test, and
 * the sandbox's fake returns the same, so code that uses the result goes on past the call.
 */
export interface MockReturn {
  /** The export (`load`). */
  name: string;
  value: Encoded;
  /** Declared to return a promise: the fake resolves to `value`. */
  async: boolean;
  /**
   * An empty or missing value of the same type (`{ file: undefined, tags: [] }`, `0`), returned instead
   * in calls made with `mockReturns: 'empty'`: the branch for a missing result gets its own test.
   */
  empty?: Encoded;
}

/** Which values mocked functions return during a call: their {@link MockReturn} `value`s, or their `empty` ones. */
export type MockReturnsVariant = 'empty';

/** Set in the child's environment when `Date` is faked: the fixed instant, in epoch milliseconds. */
export const FAKE_NOW_ENV = 'ASSAY_SANDBOX_FAKE_NOW';

/** The instant a module that reads the clock is explored and tested at. */
export const FAKE_NOW = Date.UTC(2024, 0, 15, 12, 0, 0);

/** The timers faked while a returned function is driven: in the sandbox and in the generated test alike. */
export const FAKED_TIMERS = [
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'setImmediate',
  'clearImmediate',
  'Date',
] as const;
