import type { ArbitrarySpec, BinaryType, ErrorType } from '../spec.js';

/**
 * What the built-in classes made from plain data need in one place: the items a typed array holds,
 * the few regular expressions drawn, how a promise is made when the caller has no factory of its own.
 */

/** Typed arrays and `ArrayBuffer`, by their global names. */
export const BINARY_TYPES: readonly BinaryType[] = [
  'ArrayBuffer',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int8Array',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
  'DataView',
];

/** The language's error classes made from a message alone, by their global names. */
export const ERROR_TYPES: readonly ErrorType[] = [
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'EvalError',
  'URIError',
];

/** The items of a typed array (for `ArrayBuffer`, its bytes): readable ones stay small. */
export function binaryItem(type: BinaryType, readable: boolean): ArbitrarySpec {
  switch (type) {
    case 'Float32Array':
    case 'Float64Array':
      return { kind: 'number', min: -1000, max: 1000 };
    case 'BigInt64Array':
      return readable
        ? { kind: 'bigint', min: -100n, max: 100n }
        : { kind: 'bigint', min: -(2n ** 63n), max: 2n ** 63n - 1n };
    case 'BigUint64Array':
      return readable
        ? { kind: 'bigint', min: 0n, max: 100n }
        : { kind: 'bigint', min: 0n, max: 2n ** 64n - 1n };
    default: {
      const [min, max] = INTEGER_RANGES[type];
      return { kind: 'number', integer: true, min, max: readable ? Math.min(max, 255) : max };
    }
  }
}

const INTEGER_RANGES: Record<Exclude<BinaryType, `Float${string}` | `Big${string}`>, [number, number]> = {
  ArrayBuffer: [0, 255],
  DataView: [0, 255],
  Uint8Array: [0, 255],
  Uint8ClampedArray: [0, 255],
  Int8Array: [-128, 127],
  Uint16Array: [0, 65535],
  Int16Array: [-32768, 32767],
  Uint32Array: [0, 2 ** 32 - 1],
  Int32Array: [-(2 ** 31), 2 ** 31 - 1],
};

/** A typed array (or ArrayBuffer, or DataView) of these items, and the code that makes it from `items`. */
export function binaryOf(type: BinaryType): { make: (items: unknown[]) => unknown; code: string } {
  if (type === 'ArrayBuffer')
    return {
      make: (items) => new Uint8Array(items as number[]).buffer,
      code: 'new Uint8Array(items).buffer',
    };
  if (type === 'DataView')
    return {
      make: (items) => new DataView(new Uint8Array(items as number[]).buffer),
      code: 'new DataView(new Uint8Array(items).buffer)',
    };
  const Ctor = globalThis[type] as unknown as new (items: unknown[]) => unknown;
  return { make: (items) => new Ctor(items), code: `new ${type}(items)` };
}

/** An error of a built-in class, and the code that makes it from `message`. */
export function errorOf(type: ErrorType): { make: (message: string) => Error; code: string } {
  const Ctor = globalThis[type] as ErrorConstructor;
  return { make: (message) => new Ctor(message), code: `new ${type}(message)` };
}

/** The regular expressions drawn, the most telling first: flags, anchors, classes, the empty one. */
export const REGEXPS: readonly RegExp[] = [/a+/g, /^\d+$/, /b/i, /(?:)/, /[a-z]+/gi, /\s/, /^a|b$/m, /./su];

/**
 * How a promise of a drawn value is made. Callers that send values elsewhere (assay's sandbox) pass
 * their own, to see what the promise settles with; by default a real promise, a rejected one already
 * marked as handled so that drawing it is not an unhandled rejection.
 */
export type PromiseMaker = (value: unknown, rejected: boolean) => unknown;

export const realPromise: PromiseMaker = (value, rejected) => {
  if (!rejected) return Promise.resolve(value);
  const promise = Promise.reject(value);
  promise.catch(() => {});
  return promise;
};
