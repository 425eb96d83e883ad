import type { FunctionDescription, InferOptions } from '@assay/property';
import type {
  CoverageRange,
  MockReturnsVariant,
  Outcome,
  SequenceOutcome,
  ThenCall,
} from '../model/observation.js';
import type { Encoded } from '../model/value.js';

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
  /** Where `Math.random`'s fixed sequence starts for this call (0 unless asked; see seeded-random.ts). */
  randomStart?: number;
}

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

/** Set in the child's environment: what mocked built-ins return, as JSON `{ [specifier]: MockReturn[] }`. */
export const MOCK_RETURNS_ENV = 'ASSAY_SANDBOX_MOCK_RETURNS';

/**
 * Set in the child's environment when the module's `fs` and `fs/promises` are served from memory (memfs):
 * the files every call starts from, as JSON in `vol.fromJSON`'s format (see file-fixture.ts).
 */
export const MEMORY_FILES_ENV = 'ASSAY_SANDBOX_MEMORY_FILES';

/** Set in the child's environment: the local modules to mock, as a JSON array of {@link LocalMock}. */
export const LOCAL_MOCKS_ENV = 'ASSAY_SANDBOX_LOCAL_MOCKS';
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
