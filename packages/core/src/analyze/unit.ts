import type { ArbitrarySpec } from '@assay/property';
import type { LocalMock } from '../explore/protocol.js';
import type { Problem } from '../report.js';
import type { MinedConstants } from './constants.js';
import type { DocExample } from './examples.js';

/** One parameter of a unit, with the arbitrary its type allows. */
export interface ParameterInfo {
  name: string;
  spec: ArbitrarySpec;
  /** `...rest`: the spec is an array spec, and the values are spread into the call. */
  rest: boolean;
  /** A `Promise<T>` parameter: the spec is `T`'s, and each value is passed as `Promise.resolve(value)`. */
  promised?: boolean;
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
