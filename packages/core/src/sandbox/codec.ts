import { BINARY_TYPES, isPlatformObject, platformMaker } from '@assay/property';
import { OutsideValue } from '../inputs/outside.js';
import { BuiltValue, PlatformValue, PromisedValue, StubValue } from '../inputs/stub.js';
import { madeFromMessage } from '../model/errors.js';
import { templateStrings } from '../model/template.js';
import type { Encoded, StubBehaviour } from '../model/value.js';

/** Items read from a returned iterator at most; a longer (or endless) one stays opaque. */
const MAX_ITERATED = 1000;

/**
 * What a method returned, with an iterator (a generator, `values()`, a class implementing
 * `IterableIterator`) read to its end, as the test's `[...list.values()]` will: its items are what
 * the method computes, and a generator's body only runs when read.
 */
export function encodeResult(instance: object, value: unknown): Encoded {
  if (!isIterator(value)) return encodeFrom(instance, value);
  const items: Encoded[] = [];
  for (const item of value) {
    if (items.length >= MAX_ITERATED)
      return { $: 'opaque', what: `iterator of more than ${MAX_ITERATED} items` };
    items.push(encodeFrom(instance, item));
  }
  return { $: 'iterated', v: items };
}

function isIterator(value: unknown): value is IterableIterator<unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (value instanceof Map || value instanceof Set) return false;
  const candidate = value as { next?: unknown; [Symbol.iterator]?: unknown };
  return typeof candidate.next === 'function' && typeof candidate[Symbol.iterator] === 'function';
}

const MAX_DEPTH = 20;
/** Items of a typed array (or bytes of an ArrayBuffer) written out at most; a longer one stays opaque. */
const MAX_BINARY = 256;

/** The items of a typed array of a built-in class, or the bytes of an ArrayBuffer; else undefined. */
function binaryItems(object: object): unknown[] | undefined {
  if (object instanceof ArrayBuffer) return [...new Uint8Array(object)];
  if (object instanceof DataView && object.constructor === DataView)
    return [...new Uint8Array(object.buffer, object.byteOffset, object.byteLength)];
  if (!ArrayBuffer.isView(object) || object instanceof DataView) return undefined;
  const ctor = object.constructor;
  // Subclasses (Node's Buffer is one) are not made by `new Uint8Array([…])`.
  if (!(ctor?.name in TYPED_ARRAYS) || ctor !== TYPED_ARRAYS[ctor.name]) return undefined;
  return [...(object as unknown as Iterable<unknown>)];
}

const TYPED_ARRAYS: Record<string, unknown> = Object.fromEntries(
  BINARY_TYPES.filter((name) => name !== 'ArrayBuffer' && name !== 'DataView').map((name) => [
    name,
    globalThis[name],
  ]),
);

/** What a test checks of a platform object a unit returns (`toMatchObject({ status: 204 })`). */
const PLATFORM_FIELDS: Record<string, readonly string[]> = {
  Response: ['status', 'statusText', 'ok', 'bodyUsed'],
  Request: ['method', 'url', 'bodyUsed'],
  URL: ['href'],
  Blob: ['size', 'type'],
  AbortSignal: ['aborted'],
  ReadableStream: ['locked'],
};

/** Encodes a method's result, recognising the instance itself. */
export function encodeFrom(instance: object, value: unknown): Encoded {
  return value === instance ? { $: 'self' } : encode(value);
}

export function encode(value: unknown, seen: Set<object> = new Set(), depth = 0): Encoded {
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) return { $: 'number', v: 'NaN' };
      if (value === Number.POSITIVE_INFINITY) return { $: 'number', v: 'Infinity' };
      if (value === Number.NEGATIVE_INFINITY) return { $: 'number', v: '-Infinity' };
      return Object.is(value, -0) ? { $: 'number', v: '-0' } : value;
    case 'string':
    case 'boolean':
      return value;
    case 'undefined':
      return { $: 'undefined' };
    case 'bigint':
      return { $: 'bigint', v: value.toString() };
    case 'symbol':
      return { $: 'opaque', what: `symbol ${value.description ?? ''}`.trim() };
    case 'function':
      return { $: 'opaque', what: `function ${value.name || '(anonymous)'}` };
  }
  if (value === null) return null;
  const object = value as object;
  if (seen.has(object)) return { $: 'opaque', what: 'circular reference' };
  if (depth > MAX_DEPTH) return { $: 'opaque', what: `value nested deeper than ${MAX_DEPTH}` };
  seen.add(object);
  try {
    const inner = (v: unknown) => encode(v, seen, depth + 1);
    if (Array.isArray(object)) {
      // Named properties on an array (`Object.assign([], { a: 1 })`) take part in toEqual but not in
      // an array literal: such an array cannot be written as one.
      if (Object.keys(object).length !== object.filter(() => true).length)
        return { $: 'opaque', what: 'array with named properties' };
      return object.map(inner);
    }
    const tag = Object.prototype.toString.call(object);
    if (tag === '[object Arguments]')
      return { $: 'arguments', v: Array.from(object as ArrayLike<unknown>, inner) };
    if (object instanceof Date) return { $: 'date', v: object.getTime() };
    if (Buffer.isBuffer(object)) return { $: 'buffer', v: object.toString('base64') };
    const binary = binaryItems(object);
    if (binary) {
      if (binary.length > MAX_BINARY)
        return { $: 'opaque', what: `${object.constructor.name} of ${binary.length} items` };
      return { $: 'binary', ctor: object.constructor.name, v: binary.map(inner) };
    }
    if (object instanceof RegExp) return { $: 'regexp', source: object.source, flags: object.flags };
    if (object instanceof OutsideValue)
      return {
        $: 'outside',
        v: object.value === null ? null : { $: 'undefined' },
        ...(object.cast ? {} : { plain: true as const }),
      };
    if (object instanceof PlatformValue)
      return { $: 'platform', make: object.maker, v: object.args.map(inner) };
    if (object instanceof PromisedValue)
      return object.rejected
        ? { $: 'rejected', v: inner(object.value) }
        : { $: 'resolved', v: inner(object.value) };
    if (object instanceof StubValue)
      return {
        $: 'stub',
        id: '',
        returns: inner(object.returns),
        ...(object.async ? { async: true } : {}),
        ...(object.like ? { like: object.like } : {}),
      };
    if (object instanceof BuiltValue)
      return { $: 'construct', ctor: object.className, v: object.args.map(inner) };
    if (object instanceof Map) return { $: 'map', v: [...object].map(([k, v]) => [inner(k), inner(v)]) };
    if (object instanceof Set) return { $: 'set', v: [...object].map(inner) };
    if (object instanceof Error) {
      const props = errorProps(object);
      return {
        $: 'error',
        name: object.name,
        message: object.message,
        ctor: object.constructor?.name ?? 'Error',
        ...(props ? { props } : {}),
      };
    }
    const proto = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      const ctor = proto?.constructor?.name;
      if (!ctor) return { $: 'opaque', what: 'instance of an unnamed class' };
      const fields: Record<string, Encoded> = {};
      // Platform objects keep their state behind getters: the ones a test can read without awaiting.
      if (isPlatformObject(object)) {
        for (const key of PLATFORM_FIELDS[ctor] ?? [])
          fields[key] = inner((object as Record<string, unknown>)[key]);
        return { $: 'instance', ctor, v: fields };
      }
      for (const [key, v] of Object.entries(object)) fields[key] = inner(v);
      return { $: 'instance', ctor, v: fields };
    }
    // A plain-looking object with its own tag (Symbol.toStringTag, a module namespace) is not equal
    // to the plain literal of its fields: the test runners compare tags.
    if (tag !== '[object Object]') return { $: 'opaque', what: `${tag.slice(8, -1)} object` };
    const out: Record<string, Encoded> = {};
    for (const [key, v] of Object.entries(object)) out[key] = inner(v);
    return { $: 'object', v: out };
  } finally {
    seen.delete(object);
  }
}

/** Builds the function that stands for a stub in the sandbox. */
export type StubFactory = (
  id: string,
  returns: unknown,
  async: boolean,
  like?: StubBehaviour,
) => (...args: unknown[]) => unknown;

/** What a stub that behaves like its signature returns for these arguments (as the test's `vi.fn` will). */
export function stubBehaviour(like: StubBehaviour, args: readonly unknown[]): unknown {
  if (like === 'identity') return args[0];
  const [a, b] = args as [never, never];
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The classes `{ $: 'construct' }` values name: the exports of the module under test. */
export type ClassResolver = (name: string) => unknown;

export function decode(
  encoded: Encoded,
  makeStub?: StubFactory,
  results?: readonly unknown[],
  classes?: ClassResolver,
): unknown {
  const inner = (e: Encoded) => decode(e, makeStub, results, classes);
  if (encoded === null || typeof encoded !== 'object') return encoded;
  if (Array.isArray(encoded)) return encoded.map(inner);
  switch (encoded.$) {
    case 'number':
      return encoded.v === '-0' ? -0 : Number(encoded.v);
    case 'undefined':
      return undefined;
    case 'bigint':
      return BigInt(encoded.v);
    case 'date':
      return new Date(encoded.v);
    case 'buffer':
      return Buffer.from(encoded.v, 'base64');
    case 'binary': {
      const items = encoded.v.map(inner);
      if (encoded.ctor === 'ArrayBuffer') return new Uint8Array(items as number[]).buffer;
      if (encoded.ctor === 'DataView') return new DataView(new Uint8Array(items as number[]).buffer);
      const Ctor = TYPED_ARRAYS[encoded.ctor] as (new (items: unknown[]) => unknown) | undefined;
      if (!Ctor) throw new TypeError(`cannot rebuild a ${encoded.ctor}`);
      return new Ctor(items);
    }
    case 'regexp':
      return new RegExp(encoded.source, encoded.flags);
    case 'platform': {
      // Made fresh for each call: a request's body or a stream is read once.
      const maker = platformMaker(encoded.make);
      if (!maker) throw new TypeError(`cannot make a ${encoded.make}`);
      return maker.make(encoded.v.map(inner));
    }
    case 'outside':
      return encoded.v === null ? null : undefined;
    case 'map':
      return new Map(encoded.v.map(([k, v]) => [inner(k), inner(v)]));
    case 'set':
      return new Set(encoded.v.map(inner));
    case 'arguments':
      return argumentsOf(encoded.v.map(inner));
    case 'object':
      return Object.fromEntries(Object.entries(encoded.v).map(([k, v]) => [k, inner(v)]));
    case 'resolved':
      return Promise.resolve(inner(encoded.v));
    case 'rejected':
      return rejectedArgument(inner(encoded.v));
    case 'stub':
      if (!makeStub) throw new TypeError('a stub needs a recorder to be rebuilt');
      return makeStub(encoded.id, inner(encoded.returns), encoded.async === true, encoded.like);
    case 'error': {
      const Ctor = madeFromMessage(encoded.ctor)
        ? (globalThis[encoded.ctor as 'Error'] as ErrorConstructor)
        : Error;
      const error = new Ctor(encoded.message);
      if (error.name !== encoded.name) error.name = encoded.name;
      return encoded.props ? Object.assign(error, encoded.props) : error;
    }
    case 'opaque':
      throw new TypeError(`cannot rebuild ${encoded.what}`);
    case 'self':
      throw new TypeError('cannot rebuild an instance reference');
    case 'iterated':
      return encoded.v.map(inner)[Symbol.iterator]();
    case 'template':
      return templateStrings(encoded.v);
    case 'construct': {
      const Class = classes?.(encoded.ctor);
      if (typeof Class !== 'function') throw new TypeError(`class ${encoded.ctor} is not exported`);
      return new (Class as new (...args: unknown[]) => unknown)(...encoded.v.map(inner));
    }
    case 'result':
      if (!results || encoded.step >= results.length)
        throw new TypeError(`no result of step ${encoded.step} to pass on`);
      return results[encoded.step];
    case 'instance':
      throw new TypeError(`cannot rebuild an instance of ${encoded.ctor}`);
  }
}

/**
 * A rejected promise passed as an argument that notes whether anything handled it: `await`,
 * `.then`/`.catch` and `Promise.all` all call `then` on a promise of a subclass. One the code never
 * handles fails the test run that passes it (an unhandled rejection), so such a call is not written.
 */
class ArgumentPromise<T> extends Promise<T> {
  handled = false;
  // Promises derived from this one (`.then(…)`) are plain ones.
  static override get [Symbol.species]() {
    return Promise;
  }
  // biome-ignore lint/suspicious/noThenProperty: the point is to see the code under test call it.
  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.handled = true;
    return super.then(onFulfilled, onRejected);
  }
}

const rejectedArguments: Array<ArgumentPromise<unknown>> = [];

function rejectedArgument(reason: unknown): Promise<unknown> {
  const promise = new ArgumentPromise<unknown>((_, reject) => reject(reason));
  rejectedArguments.push(promise);
  return promise;
}

/**
 * Whether a rejected promise passed since the last look was never handled by the code; forgets them.
 * (The sandbox swallows the unhandled rejection itself; the test runner would not.)
 */
export function takeUnhandledRejections(): boolean {
  const unhandled = rejectedArguments.some((p) => !p.handled);
  rejectedArguments.length = 0;
  return unhandled;
}

/** The first part of a value that cannot be written as a literal, described for the report. */
export function opaqueInside(encoded: Encoded): string | undefined {
  if (encoded === null || typeof encoded !== 'object') return undefined;
  if (Array.isArray(encoded)) return firstDefined(encoded.map(opaqueInside));
  switch (encoded.$) {
    case 'opaque':
      return encoded.what;
    case 'instance':
      return `instance of ${encoded.ctor}`;
    case 'map':
      return firstDefined(encoded.v.flatMap(([k, v]) => [opaqueInside(k), opaqueInside(v)]));
    case 'set':
    case 'arguments':
    case 'iterated':
      return firstDefined(encoded.v.map(opaqueInside));
    case 'resolved':
    case 'rejected':
      return opaqueInside(encoded.v);
    case 'construct':
      return firstDefined(encoded.v.map(opaqueInside));
    case 'stub':
      // The stub's declaration writes what it returns.
      return opaqueInside(encoded.returns);
    case 'object':
      return firstDefined(Object.values(encoded.v).map(opaqueInside));
    default:
      return undefined;
  }
}

/** A real `arguments` object holding these values. */
function argumentsOf(values: unknown[]): unknown {
  return function collect() {
    // biome-ignore lint/complexity/noArguments: the point is to build an arguments object.
    return arguments;
  }.apply(undefined, values as never);
}

function firstDefined<T>(values: Array<T | undefined>): T | undefined {
  return values.find((v) => v !== undefined);
}

/** An error's own enumerable fields with primitive values (a system error's `code`, `errno`, `path`). */
function errorProps(error: Error): Record<string, string | number | boolean | null> | undefined {
  const props: Record<string, string | number | boolean | null> = {};
  for (const key of Object.keys(error)) {
    if (key === 'message' || key === 'name' || key === 'stack') continue;
    const value = (error as unknown as Record<string, unknown>)[key];
    if (value === null || typeof value === 'string' || typeof value === 'boolean') props[key] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) props[key] = value;
    else return undefined; // a field with no literal form: the error is written without fields, as before
  }
  return Object.keys(props).length > 0 ? props : undefined;
}
