/** Values as they cross the sandbox boundary and reach the generated test. */

/** A stub that does what its signature says (see `FunctionSpec.like`). */
export type StubBehaviour = 'compare' | 'identity';

/**
 * Values crossing the sandbox boundary. JSON cannot carry NaN, -0, undefined, bigint, Map, Set, Date or
 * errors, and structured clone loses class names; this tagged form keeps all of them, and marks what
 * cannot be written as a literal (functions, symbols, class instances, cycles) instead of failing.
 */
export type Encoded =
  | null
  | boolean
  | string
  | number
  | Encoded[]
  | { $: 'number'; v: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { $: 'undefined' }
  | { $: 'bigint'; v: string }
  | { $: 'date'; v: number }
  /** A Node `Buffer`, its bytes in base64: written `Buffer.from('text')` when they are printable UTF-8. */
  | { $: 'buffer'; v: string }
  /**
   * A typed array's items (bigints for `BigInt64Array`), or an `ArrayBuffer`'s bytes: written
   * `new Uint8Array([1, 2])`, `new Uint8Array([1, 2]).buffer`.
   */
  | { $: 'binary'; ctor: string; v: Encoded[] }
  /**
   * `null` or `undefined` where the parameter's type excludes them: written `null as never`, or `null`
   * in a JavaScript test (`plain`).
   */
  | { $: 'outside'; v: null | { $: 'undefined' }; plain?: true }
  /**
   * A web platform object made by `make` (a maker of `@assay/property`'s `platformMaker`) from these
   * arguments: written `new Request('https://example.com/a', { method: 'POST' })`, `AbortSignal.abort()`.
   */
  | { $: 'platform'; make: string; v: Encoded[] }
  /** A regular expression, written as its literal (`/a+/g`). */
  | { $: 'regexp'; source: string; flags: string }
  | { $: 'map'; v: Array<[Encoded, Encoded]> }
  | { $: 'set'; v: Encoded[] }
  /** A function's `arguments` object: not an array, and not equal to a plain object either. */
  | { $: 'arguments'; v: Encoded[] }
  | { $: 'object'; v: Record<string, Encoded> }
  | {
      $: 'error';
      name: string;
      message: string;
      ctor: string;
      /**
       * Its own enumerable fields with primitive values (`code: 'ENOENT'`, `errno: -2`): Vitest's
       * `toEqual` compares them, so an error passed to a callback is written with them.
       */
      props?: Record<string, string | number | boolean | null>;
    }
  | { $: 'opaque'; what: string }
  /** An instance of a class, with its own enumerable fields: asserted with toBeInstanceOf + toMatchObject. */
  | { $: 'instance'; ctor: string; v: Record<string, Encoded> }
  /** The instance a method was called on (fluent APIs return `this`). */
  | { $: 'self' }
  /** A `Promise<T>` argument: `Promise.resolve(v)`, rebuilt fresh for each call. */
  | { $: 'resolved'; v: Encoded }
  /** A promise rejected with this value (a `Promise<T>` parameter's failure path). */
  | { $: 'rejected'; v: Encoded }
  /**
   * A callback argument: a recording function that returns `returns`, or that compares its first two
   * arguments or returns its first (`like`).
   */
  | { $: 'stub'; id: string; returns: Encoded; async?: true; like?: StubBehaviour }
  /** What an earlier step of the same sequence returned (a list's node passed back to `remove(node)`). */
  | { $: 'result'; step: number }
  /** An instance built with `new ctor(...v)`, `ctor` a class the module under test exports. */
  | { $: 'construct'; ctor: string; v: Encoded[] }
  /** A tag function's `TemplateStringsArray`, from these cooked chunks (see `model/template.ts`). */
  | { $: 'template'; v: string[] }
  /** An iterator a method returned (`values()`, a generator), read to its end: asserted as `[...call]`. */
  | { $: 'iterated'; v: Encoded[] };
