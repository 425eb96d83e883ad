/** Called by every fake of an automocked module with the fake's path (`save`, `Store.prototype.put`). */
export type RecordCall = (path: string, args: unknown[]) => void;

/** What the fake at a path returns (undefined, as automock's, unless the test sets a return value). */
export type ReturnFor = (path: string) => unknown;

/** Own properties of functions that automock leaves alone, as Jest's module mocker does. */
const FUNCTION_SLOTS = new Set(['length', 'name', 'arguments', 'caller', 'prototype']);

/**
 * The module `vi.mock(path)` and `jest.mock(path)` give when there is no factory, built from the real
 * exports (both runners load the real module for this too). Checked against Vitest 4 and Jest 30,
 * which agree: functions (and classes, and the methods on their prototypes, and static members) become
 * fakes that return undefined; arrays become empty; objects and class instances are copied with their
 * methods faked and getters dropped (except on compiled ES modules' exports); primitives, Maps, Sets and Dates stay as they are.
 */
export function automock(
  exports: object,
  record: RecordCall,
  returnFor: ReturnFor = () => undefined,
): Record<string, unknown> {
  return mockObject(exports, '', { record, returnFor }, new Map(), true) as Record<string, unknown>;
}

interface Fakes {
  record: RecordCall;
  returnFor: ReturnFor;
}

function mockValue(value: unknown, path: string, record: Fakes, seen: Map<object, unknown>): unknown {
  if (typeof value === 'function') return mockFunction(value, path, record, seen);
  if (Array.isArray(value)) return [];
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Map || value instanceof Set || value instanceof Date || value instanceof RegExp)
    return value;
  return mockObject(value, `${path}.`, record, seen);
}

function mockFunction(original: object, path: string, record: Fakes, seen: Map<object, unknown>): unknown {
  if (seen.has(original)) return seen.get(original);
  // A plain function, so that `new Store()` works on the fake as it does on a runner's mock.
  const fake = function mocked(...args: unknown[]) {
    record.record(path, args);
    return record.returnFor(path);
  };
  seen.set(original, fake);
  for (const key of Object.getOwnPropertyNames(original)) {
    if (FUNCTION_SLOTS.has(key)) continue;
    const value = dataValue(original, key);
    if (value.found)
      (fake as unknown as Record<string, unknown>)[key] = mockValue(
        value.value,
        `${path}.${key}`,
        record,
        seen,
      );
  }
  const prototype = (original as { prototype?: object }).prototype;
  if (prototype) {
    for (const key of methodNames(prototype)) {
      const method = dataValue(prototype, key, true);
      if (method.found && typeof method.value === 'function')
        fake.prototype[key] = mockFunction(method.value, `${path}.prototype.${key}`, record, seen);
    }
  }
  return fake;
}

function mockObject(
  original: object,
  prefix: string,
  record: Fakes,
  seen: Map<object, unknown>,
  exportsObject = false,
): object {
  if (seen.has(original)) return seen.get(original) as object;
  const copy: Record<string, unknown> = {};
  seen.set(original, copy);
  // A module's exports are read by value, getters included: compiled ES modules (esbuild, swc, tsc)
  // export through getters, and Jest reads those.
  const esModule = exportsObject || Boolean((original as { __esModule?: unknown }).__esModule);
  // Own fields, then the methods of the object's class (an exported instance: `export const db = new Db()`).
  for (const key of [...Object.keys(original), ...methodNames(Object.getPrototypeOf(original))]) {
    if (key in copy) continue;
    const value = esModule ? readValue(original, key) : dataValue(original, key, true);
    if (value.found) copy[key] = mockValue(value.value, `${prefix}${key}`, record, seen);
  }
  return copy;
}

/** Names on a prototype chain up to (not including) Object.prototype, constructors left out. */
function methodNames(prototype: object | null): string[] {
  const names: string[] = [];
  for (
    let p = prototype;
    p && p !== Object.prototype && p !== Function.prototype;
    p = Object.getPrototypeOf(p)
  )
    for (const key of Object.getOwnPropertyNames(p)) if (key !== 'constructor') names.push(key);
  return names;
}

/** A property's value when it is a data property (getters are not run: automock drops them). */
function dataValue(target: object, key: string, inherited = false): { found: boolean; value?: unknown } {
  for (let p: object | null = target; p; p = inherited ? Object.getPrototypeOf(p) : null) {
    const descriptor = Object.getOwnPropertyDescriptor(p, key);
    if (descriptor)
      return 'value' in descriptor ? { found: true, value: descriptor.value } : { found: false };
  }
  return { found: false };
}

function readValue(target: object, key: string): { found: boolean; value?: unknown } {
  try {
    return { found: true, value: (target as Record<string, unknown>)[key] };
  } catch {
    // An export still in its temporal dead zone, or a getter that throws.
    return { found: false };
  }
}
