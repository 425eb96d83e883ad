/**
 * The intermediate description of an arbitrary. `@assay/property/typescript` produces it from a
 * TypeScript type; this package renders it two ways, a live `fc.Arbitrary` (for exploration) and
 * fast-check source code (for generated tests), both from one plan so the two always agree.
 * Specs are plain data (JSON-like, except bigint constants), so they can cross process boundaries.
 */
export type ArbitrarySpec =
  | BooleanSpec
  | NumberSpec
  | StringSpec
  | BigIntSpec
  | ConstantSpec
  | UnionSpec
  | ArraySpec
  | TupleSpec
  | ObjectSpec
  | AnythingSpec
  | TemplateSpec
  | DateSpec
  | MapSpec
  | SetSpec
  | RecursiveSpec
  | RefSpec
  | BrandedSpec
  | InstanceSpec
  | FunctionSpec
  | BinarySpec
  | ErrorSpec
  | RegExpSpec
  | PromiseSpec
  | PlatformSpec;

export interface BooleanSpec {
  kind: 'boolean';
}

export interface NumberSpec {
  kind: 'number';
  /** Only whole numbers (from `@integer`, or a name such as `count`/`index`). */
  integer?: boolean;
  min?: number;
  max?: number;
}

/** String formats understood by `@format` (and guessed from names such as `email`). */
export type StringFormat = 'email' | 'uuid' | 'url' | 'date-time';

export interface StringSpec {
  kind: 'string';
  minLength?: number;
  maxLength?: number;
  /** Only strings matching this regular expression source (from `@pattern`). */
  pattern?: string;
  format?: StringFormat;
}

export interface BigIntSpec {
  kind: 'bigint';
  min?: bigint;
  max?: bigint;
}

/** Exactly one value: a literal type, an enum member, `null` or `undefined`. */
export interface ConstantSpec {
  kind: 'constant';
  value: string | number | boolean | bigint | null | undefined;
  /** How to write the value in generated code when it is not a plain literal, e.g. `Color.Red`. */
  label?: string;
}

export interface UnionSpec {
  kind: 'union';
  members: ArbitrarySpec[];
}

export interface ArraySpec {
  kind: 'array';
  item: ArbitrarySpec;
  minLength?: number;
  maxLength?: number;
  /** `readonly T[]`: the same values; kept so generated code can say so. */
  readonly?: boolean;
}

/**
 * A tuple: `items` in order, of which the first `required` are always present (default: all), then
 * optionally `rest` values, then `after` (elements after a rest element, `[...string[], number]`).
 */
export interface TupleSpec {
  kind: 'tuple';
  items: ArbitrarySpec[];
  /** How many of `items` are always present; the others are optional elements (`[a, b?]`). */
  required?: number;
  rest?: ArbitrarySpec;
  after?: ArbitrarySpec[];
}

export interface ObjectSpec {
  kind: 'object';
  properties: PropertySpec[];
  /** An index signature (`[key: string]: V`, `Record<string, V>`): extra keys with values of `value`. */
  index?: IndexSpec;
}

export interface PropertySpec {
  name: string;
  spec: ArbitrarySpec;
  optional: boolean;
}

export interface IndexSpec {
  /** `string` keys, or `number` keys (written as numeric strings, as JavaScript does). */
  key: 'string' | 'number';
  value: ArbitrarySpec;
}

/** `unknown`/`any`: any JSON-like value. */
export interface AnythingSpec {
  kind: 'anything';
}

/** A template literal type: the parts' values (constants and holes) joined as text. */
export interface TemplateSpec {
  kind: 'template';
  parts: ArbitrarySpec[];
}

/** Valid `Date` objects (between `min` and `max`, epoch milliseconds, when given). */
export interface DateSpec {
  kind: 'date';
  min?: number;
  max?: number;
}

export interface MapSpec {
  kind: 'map';
  key: ArbitrarySpec;
  value: ArbitrarySpec;
  maxSize?: number;
}

export interface SetSpec {
  kind: 'set';
  item: ArbitrarySpec;
  maxSize?: number;
}

/**
 * A recursive type. Inside `spec`, `{ kind: 'ref', name }` stands for the whole; values have at most
 * `maxDepth` levels, the top one included (the innermost level takes the non-recursive choices:
 * `null`, `[]`, an absent optional property).
 */
export interface RecursiveSpec {
  kind: 'recursive';
  /** An identifier, unique among the recursive specs it is nested in. */
  name: string;
  spec: ArbitrarySpec;
  /** At least 2 (the top level and a leaf). @default 4 */
  maxDepth?: number;
}

export interface RefSpec {
  kind: 'ref';
  name: string;
}

/**
 * A branded type (`string & { __brand: 'Email' }`): values of `spec`; the brand only exists for the
 * type checker. `typeName` (when the type has one) lets generated code cast to it.
 */
export interface BrandedSpec {
  kind: 'branded';
  spec: ArbitrarySpec;
  typeName?: string;
}

/**
 * An instance of a class, built through its constructor with arguments drawn from `args`. Live
 * arbitraries need the class itself (`ArbitraryOptions.resolveClass`); generated code needs it in scope.
 */
export interface InstanceSpec {
  kind: 'instance';
  className: string;
  /** Absolute path of the file that declares the class, when known. */
  module?: string;
  args: ArbitrarySpec[];
}

/** A function value (`fc.func`): returns values of `returns`, the same for the same arguments. */
export interface FunctionSpec {
  kind: 'function';
  returns: ArbitrarySpec;
  /** The function returns a promise of `returns` (`() => Promise<T>`). */
  async?: boolean;
  /**
   * What the signature says the function does, for callers that stand in a function of their own
   * (assay's recorded stubs): `compare` for `(a: T, b: T) => number`, `identity` for a conversion
   * `(raw: R) => E` between type parameters or `(x: T) => T`. Arbitraries ignore it.
   */
  like?: 'compare' | 'identity';
}

/** The typed arrays, and `ArrayBuffer` and `DataView` (their bytes written as a `Uint8Array`'s). */
export type BinaryType =
  | 'ArrayBuffer'
  | 'Uint8Array'
  | 'Uint8ClampedArray'
  | 'Int8Array'
  | 'Uint16Array'
  | 'Int16Array'
  | 'Uint32Array'
  | 'Int32Array'
  | 'Float32Array'
  | 'Float64Array'
  | 'BigInt64Array'
  | 'BigUint64Array'
  | 'DataView';

/** Binary data: a typed array of a few items (`new Uint8Array([1, 2])`), or an `ArrayBuffer` of a few bytes. */
export interface BinarySpec {
  kind: 'binary';
  type: BinaryType;
}

/** The error classes of the language: an error of one of them is made from a message alone. */
export type ErrorType =
  | 'Error'
  | 'TypeError'
  | 'RangeError'
  | 'SyntaxError'
  | 'ReferenceError'
  | 'EvalError'
  | 'URIError';

/** An error of a built-in class with a message (`new TypeError('a')`). */
export interface ErrorSpec {
  kind: 'error';
  type: ErrorType;
}

/** Regular expressions (`/a+/g`): a few of the usual shapes, with and without flags. */
export interface RegExpSpec {
  kind: 'regexp';
}

/**
 * A promise of a value of `value` (`Promise<T>[]`, a record of promises). Arbitraries resolve it;
 * boundary values also hold one rejected with an `Error`.
 */
export interface PromiseSpec {
  kind: 'promise';
  value: ArbitrarySpec;
}

/** The web platform classes Node has as globals (`fetch`'s `Request`, `URL`, `AbortSignal` …). */
export type PlatformType =
  | 'URL'
  | 'URLSearchParams'
  | 'Headers'
  | 'Request'
  | 'Response'
  | 'Blob'
  | 'FormData'
  | 'AbortSignal'
  | 'AbortController'
  | 'ReadableStream';

/**
 * A web platform object, made by its constructor from a few typical arguments (`new Request('https://
 * example.com/a', { method: 'POST' })`); a `ReadableStream` from chunks of `item`.
 */
export interface PlatformSpec {
  kind: 'platform';
  type: PlatformType;
  /** The chunks of a `ReadableStream<T>`. */
  item?: ArbitrarySpec;
}
