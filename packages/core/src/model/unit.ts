import type { ArbitrarySpec } from '@assay/property';
import type { Problem } from './report.js';
import type { Encoded } from './value.js';

/** One parameter of a unit, with the arbitrary its type allows. */
export interface ParameterInfo {
  name: string;
  spec: ArbitrarySpec;
  /** `...rest`: the spec is an array spec, and the values are spread into the call. */
  rest: boolean;
  /** A `Promise<T>` parameter: the spec is `T`'s, and each value is passed as `Promise.resolve(value)`. */
  promised?: boolean;
  /**
   * The first parameter of a tag function (`TemplateStringsArray`): the spec is an array of strings,
   * the chunks of a real tagged call with the other arguments as its substitutions.
   */
  template?: true;
}

/** An exported function the generator can call. */
export interface FunctionUnit {
  kind: 'function';
  /** The name used in test titles and `describe` blocks. */
  name: string;
  /** The export to import: a name, or `default`. */
  exportName: string;
  /** For a function inside an exported namespace or object (`Text.camelCase`), its property name. */
  member?: string;
  parameters: ParameterInfo[];
  /** Declared `async` or returning a Promise: results are awaited. */
  isAsync: boolean;
  constants: MinedConstants;
  /** Calls with stated results from the JSDoc `@example` blocks. */
  examples?: DocExample[];
  /** Values of the return type (awaited), for property inference; absent when it cannot be described. */
  returns?: ArbitrarySpec;
  /**
   * The unit returns a function (`debounce`, `memoize`, a factory): the parameters of that function.
   * Each case then calls the returned function and runs the timers it set, under fake timers.
   */
  returnedFunction?: ParameterInfo[];
  /** 1-based line of the declaration, to keep the generated file in source order. */
  line: number;
}

/** A public instance method of a class unit. */
export interface MethodInfo {
  name: string;
  parameters: ParameterInfo[];
  isAsync: boolean;
  /** Declared to return something (not `void`): an `undefined` result is then worth asserting. */
  returnsValue: boolean;
}

/**
 * An exported class: constructed with inputs from its constructor's types, then driven through
 * sequences of public method calls; its public getters and fields are what tests observe.
 */
export interface ClassUnit {
  kind: 'class';
  name: string;
  exportName: string;
  /**
   * Built by calling the export instead of `new` (`createLruCache(2)` returning `{ get, set }`): a
   * factory's returned object is driven as an instance; `constructorParameters` are the factory's.
   */
  factory?: true;
  /**
   * The module reads the clock (`Date` is faked at a fixed instant): sequences may let time pass
   * between calls (`vi.advanceTimersByTime(…)`), so that what expires does.
   */
  readsClock?: true;
  /**
   * The class (or factory) sets timers (`setTimeout`, `setInterval`): its sequences run under fake
   * timers and may let time pass, so the callbacks those timers hold run in the test.
   */
  usesTimers?: true;
  constructorParameters: ParameterInfo[];
  methods: MethodInfo[];
  /** Public getters and fields, read after a sequence to assert the instance's state. */
  observers: string[];
  constants: MinedConstants;
  line: number;
}

export type Unit = FunctionUnit | ClassUnit;

/** What analysis found in one source file. */
export interface AnalyzedFile {
  /** Absolute path. */
  file: string;
  units: Unit[];
  /** Units left out and why (unsupported shapes or parameter types). */
  problems: Problem[];
  /**
   * The module reads the clock (`Date.now()`, `new Date()`): it is explored and tested with `Date` faked
   * at a fixed instant, so its results repeat.
   */
  readsClock: boolean;
  /** The Node built-ins with I/O the module imports (`node:fs`): mocked in exploration and in its tests. */
  ioModules: string[];
  /**
   * Those of {@link ioModules} the module reaches through `require()`: Vitest's `vi.mock` does not
   * reach `require`, so its tests replace the functions on the shared module object instead.
   */
  requiredIoModules?: string[];
  /**
   * It reaches the file system through a local module or a package it loads (`require('graceful-fs')`)
   * rather than binding `fs` itself: with memfs, its tests serve the shared `fs` from memory too.
   */
  fileSystemReached?: boolean;
  /** What the tests make those built-ins' functions return, by module (`existsSync` → `true`). */
  ioReturns: Record<string, MockReturn[]>;
  /** Local modules it imports that do I/O (`./store` writing through fs): mocked as a whole, like built-ins. */
  localIoModules: LocalMock[];
  /** Every name the module exports (to import error classes and enums into tests). */
  exportedNames: string[];
  /** Exported enums a generated test may need to import, to write arguments as `Enum.Member`. */
  enumNames: string[];
  /** The project resolves modules the Node16/NodeNext way, so relative imports need `.js`. */
  nodeNextResolution: boolean;
}

/** The property path from the module's exports to the unit's function: `['clamp']`, `['Text', 'camelCase']`. */
export function accessPath(unit: FunctionUnit): string[] {
  return unit.member === undefined ? [unit.exportName] : [unit.exportName, unit.member];
}

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
  /**
   * The function answers through its last argument, a node-style callback (`fs.readFile(p, cb)`): the
   * fake calls it with `(null, value)` (with an error for the empty value) and returns undefined.
   */
  callback?: true;
}

/** The error a callback-answering fake passes in calls made with the empty values (the file is missing). */
export const CALLBACK_ERROR = 'ENOENT: no such file or directory';

/** A call from a JSDoc `@example` and the result the example says it gives. */
export interface DocExample {
  /** The expression as written, e.g. `clamp(15, 0, 10)`. */
  call: string;
  /** The expected value as written (`10`), or the error it throws. */
  expected: { kind: 'value'; code: string } | { kind: 'throws'; error: string | undefined };
}

/**
 * Literal values the code compares against: the seeds that reach its branches. `x > 10` yields 10,
 * `s.startsWith('#')` yields '#', `opts.size === 3` yields 3 for properties named `size`,
 * `items.length < 2` yields the length 2.
 */
export interface MinedConstants {
  numbers: number[];
  strings: string[];
  lengths: number[];
  byProperty: Record<string, Array<number | string>>;
  /**
   * Regular expressions the code tests strings against, inline or through a module-level constant
   * (`const durationRe = /^(\d+)s$/`), as `[source, flags]`: inputs that match them reach the code
   * behind the match.
   */
  patterns: Array<[string, string]>;
}
