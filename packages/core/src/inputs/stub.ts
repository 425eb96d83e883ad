import type { ArbitrarySpec, InstanceSpec } from '@assay/property';
import type { Encoded, StubBehaviour } from '../model/value.js';

/** A callback argument: in the sandbox a recording function returning `returns`, in tests a `vi.fn`. */
export class StubValue {
  constructor(
    readonly returns: unknown,
    /** Returns a promise of `returns` (a callback typed `() => Promise<T>`). */
    readonly async = false,
    /** Behaves as its signature says instead of returning `returns`: compares, or returns its argument. */
    readonly like?: StubBehaviour,
  ) {}
}

/**
 * An instance argument drawn for a class-typed parameter (`merge(other: Heap)`): the class the module
 * exports and the constructor arguments. The sandbox builds it with `new`, the test writes `new Heap(…)`.
 */
export class BuiltValue {
  constructor(
    readonly className: string,
    readonly args: readonly unknown[],
  ) {}
}

/**
 * A promise drawn for a `Promise<T>` inside an argument (`Promise<T>[]`, a record of promises), kept
 * as what it settles with: a real promise cannot be read synchronously to cross into the sandbox.
 */
export class PromisedValue {
  constructor(
    readonly value: unknown,
    readonly rejected: boolean,
  ) {}
}

/**
 * A web platform object drawn for a parameter (`Request`, `URL`, `AbortSignal` …), kept as how it is
 * made: a request's body cannot be read synchronously to cross into the sandbox, and the test writes
 * the same call (`new Request('https://example.com/a', { method: 'POST' })`).
 */
export class PlatformValue {
  constructor(
    /** A maker of `@assay/property`'s `platformMaker`. */
    readonly maker: string,
    readonly args: readonly unknown[],
  ) {}
}

/** Makes the {@link PlatformValue} of a drawn recipe (see `ArbitraryOptions.platform`). */
export const platformValue = (maker: string, args: readonly unknown[]): PlatformValue =>
  new PlatformValue(maker, args);

/** Makes the {@link PromisedValue} of a drawn value (see `ArbitraryOptions.promise`). */
export const promisedValue = (value: unknown, rejected: boolean): PromisedValue =>
  new PromisedValue(value, rejected);

/**
 * Stands for a class when drawing inputs outside the sandbox (which never loads user code): `new`
 * on it records the arguments as a {@link BuiltValue}.
 */
export function recordingClass(spec: InstanceSpec): new (...args: unknown[]) => object {
  // A constructor that returns an object makes `new` give that object.
  return function Recorded(...args: unknown[]) {
    return new BuiltValue(spec.className, args);
  } as unknown as new (
    ...args: unknown[]
  ) => object;
}

/**
 * Replaces the function values drawn for callback parameters (and callbacks inside objects and arrays)
 * by stubs that return what the function returned: functions cannot cross into the sandbox, and a
 * test needs a stub it can inspect anyway. The spec says which callbacks return promises.
 */
export function stubify(value: unknown, spec: ArbitrarySpec | undefined): unknown {
  if (typeof value === 'function') {
    const fn = memberOf(spec, 'function');
    return new StubValue(safeCall(value as () => unknown), fn?.async === true, fn?.like);
  }
  if (value === null || typeof value !== 'object' || value instanceof StubValue) return value;
  if (value instanceof BuiltValue) {
    const instance = memberOf(spec, 'instance');
    return new BuiltValue(
      value.className,
      value.args.map((arg, i) => stubify(arg, instance?.args[i])),
    );
  }
  if (Array.isArray(value)) {
    const list = memberOf(spec, 'array') ?? memberOf(spec, 'tuple');
    return value.map((item, i) =>
      stubify(item, list?.kind === 'array' ? list.item : list?.kind === 'tuple' ? list.items[i] : undefined),
    );
  }
  // Dates, maps, sets and class instances hold no callbacks drawn for a parameter.
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const object = memberOf(spec, 'object');
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    out[key] = stubify(inner, object?.properties.find((p) => p.name === key)?.spec);
  }
  return out;
}

/** The spec itself, or its union member, of a kind. */
function memberOf<K extends ArbitrarySpec['kind']>(
  spec: ArbitrarySpec | undefined,
  kind: K,
): Extract<ArbitrarySpec, { kind: K }> | undefined {
  if (spec?.kind === kind) return spec as Extract<ArbitrarySpec, { kind: K }>;
  if (spec?.kind === 'union') return spec.members.find((m) => m.kind === kind) as never;
  return undefined;
}

/**
 * Gives every stub an id (s1, s2, … in order of appearance), numbering several argument lists as one
 * (a class sequence: the constructor's arguments, then each step's), so that every stub of a test has
 * its own id.
 */
export function numberStubsAcross(lists: readonly Encoded[][]): Encoded[][] {
  let next = 1;
  const visit = (value: Encoded): Encoded => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(visit);
    if (value.$ === 'stub') return { ...value, id: `s${next++}` };
    if (value.$ === 'construct') return { ...value, v: value.v.map(visit) };
    if (value.$ === 'object')
      return { $: 'object', v: Object.fromEntries(Object.entries(value.v).map(([k, v]) => [k, visit(v)])) };
    return value;
  };
  return lists.map((args) => args.map(visit));
}

function safeCall(fn: () => unknown): unknown {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
