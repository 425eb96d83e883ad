import { describe, expect, test, vi } from 'vitest';
import { automock } from '../src/sandbox/guard/automock.js';
import * as mocked from './fixtures/automock/exports.js';

vi.mock('./fixtures/automock/exports.js');

/**
 * The properties of the function itself (and of vi.fn()'s own API), not of the export. `constructor`
 * too: Vitest fakes the one an async function or an instance inherits, Jest does not, and code under
 * test does not call it.
 */
const MOCK_SLOTS = new Set([
  'length',
  'name',
  'prototype',
  'constructor',
  ...Object.getOwnPropertyNames(vi.fn()),
]);

/** What a test can observe of a module: each export's kind, and what calling or reading it gives. */
function observe(module: Record<string, unknown>): Record<string, unknown> {
  const seen: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(module)) {
    if (name === '__esModule') continue;
    if (typeof value === 'function') {
      const instance = new (value as new (...args: unknown[]) => Record<string, unknown>)('d');
      seen[name] = {
        call: (value as (...args: unknown[]) => unknown)('x'),
        statics: Object.getOwnPropertyNames(value).filter((k) => !MOCK_SLOTS.has(k)),
        instance: Object.fromEntries(['dir', 'size', 'put'].map((k) => [k, typeof instance[k]])),
        put: typeof instance.put === 'function' ? (instance.put as () => unknown)() : 'none',
      };
    } else if (value instanceof Map) seen[name] = ['map', [...value]];
    else
      seen[name] = JSON.parse(
        JSON.stringify(value, (key, v) =>
          key === 'constructor' ? undefined : typeof v === 'function' ? `fn:${v()}` : v,
        ),
      );
  }
  return seen;
}

describe('automock', () => {
  test('gives the code under test the module vi.mock gives the generated test', async () => {
    const actual = await vi.importActual<Record<string, unknown>>('./fixtures/automock/exports.js');
    const calls: Array<[string, unknown[]]> = [];
    const sandboxed = automock(actual, (path, args) => calls.push([path, args]));
    expect(observe(sandboxed)).toEqual(observe(mocked as unknown as Record<string, unknown>));
  });

  test('records each call under the path the test asserts it by', () => {
    const calls: Array<[string, unknown[]]> = [];
    const fakes = automock(
      {
        save: (f: string) => f,
        Store: class {
          put() {}
        },
        config: { nested: { fn() {} } },
      },
      (path, args) => calls.push([path, args]),
    ) as {
      save(f: string): unknown;
      Store: new (d: string) => { put(k: string): void };
      config: { nested: { fn(n: number): void } };
    };
    expect(fakes.save('a')).toBeUndefined();
    new fakes.Store('dir').put('k');
    fakes.config.nested.fn(1);
    expect(calls).toEqual([
      ['save', ['a']],
      ['Store', ['dir']],
      ['Store.prototype.put', ['k']],
      ['config.nested.fn', [1]],
    ]);
  });

  test('reads the getters of a compiled ES module, as Jest does, and drops others', () => {
    const exportsObject = Object.defineProperties(
      {},
      {
        __esModule: { value: true, enumerable: true },
        run: { get: () => () => 1, enumerable: true },
      },
    );
    const withGetter = {
      get computed() {
        return 1;
      },
      kept: 2,
    };
    expect(typeof automock(exportsObject, () => {}).run).toBe('function');
    expect(automock({ withGetter }, () => {}).withGetter).toEqual({ kept: 2 });
  });
});
