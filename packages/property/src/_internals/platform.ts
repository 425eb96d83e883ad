import type { PlatformType } from '../spec.js';

/**
 * Web platform objects (`Request`, `URL`, `AbortSignal` …) are made, not drawn: each value is a
 * recipe, a maker and its plain arguments, so that callers that send values elsewhere (assay's
 * sandbox) can send the recipe and the test can write the same call.
 */

/** The platform types, by their global names. */
export const PLATFORM_TYPES: readonly PlatformType[] = [
  'URL',
  'URLSearchParams',
  'Headers',
  'Request',
  'Response',
  'Blob',
  'FormData',
  'AbortSignal',
  'AbortController',
  'ReadableStream',
];

/** How a platform value is made from its arguments, and the code that makes it from their literals. */
interface Maker {
  make: (args: readonly unknown[]) => unknown;
  code: (args: readonly string[]) => string;
}

const construct = (name: string): Maker => ({
  make: (args) => new (globalThis[name as 'URL'] as unknown as new (...a: unknown[]) => unknown)(...args),
  code: (args) => `new ${name}(${args.join(', ')})`,
});

const MAKERS: Record<string, Maker> = {
  URL: construct('URL'),
  URLSearchParams: construct('URLSearchParams'),
  Headers: construct('Headers'),
  Request: construct('Request'),
  Response: construct('Response'),
  Blob: construct('Blob'),
  AbortController: construct('AbortController'),
  'AbortSignal.abort': { make: () => AbortSignal.abort(), code: () => 'AbortSignal.abort()' },
  'AbortController.signal': {
    make: () => new AbortController().signal,
    code: () => 'new AbortController().signal',
  },
  // Node's FormData takes no entries in its constructor: appended one by one (name, value pairs).
  FormData: {
    make: (args) => {
      const form = new FormData();
      for (let i = 0; i + 1 < args.length; i += 2) form.append(String(args[i]), String(args[i + 1]));
      return form;
    },
    code: (args) => {
      if (args.length < 2) return 'new FormData()';
      const appends = [];
      for (let i = 0; i + 1 < args.length; i += 2) appends.push(`form.append(${args[i]}, ${args[i + 1]});`);
      return `(() => { const form = new FormData(); ${appends.join(' ')} return form; })()`;
    },
  },
  // `ReadableStream.from` is not in TypeScript's lib (nor in Node before 20.6): a stream that
  // enqueues the chunks and closes.
  ReadableStream: {
    make: (args) =>
      new ReadableStream({
        start(controller) {
          for (const chunk of args[0] as unknown[]) controller.enqueue(chunk);
          controller.close();
        },
      }),
    code: (args) =>
      `new ReadableStream({ start(controller) { for (const chunk of ${args[0] ?? '[]'}) controller.enqueue(chunk); controller.close(); } })`,
  },
};

/** The maker of a platform value by name (see {@link PLATFORM_RECIPES}); undefined for an unknown name. */
export function platformMaker(name: string): Maker | undefined {
  return Object.hasOwn(MAKERS, name) ? MAKERS[name] : undefined;
}

/** One way to make a platform value: a maker's name and its arguments (plain data). */
export type PlatformRecipe = readonly [maker: string, args: readonly unknown[]];

const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * The values drawn for each platform type (all but `ReadableStream`, made from drawn chunks), the
 * most telling first: the plain one, then bodies, methods, statuses and headers code branches on.
 */
export const PLATFORM_RECIPES: Record<Exclude<PlatformType, 'ReadableStream'>, readonly PlatformRecipe[]> = {
  URL: [
    ['URL', ['https://example.com/']],
    ['URL', ['https://example.com/a/b?c=1&d=two#e']],
    ['URL', ['http://localhost:8080/x.json']],
    ['URL', ['file:///tmp/a.txt']],
  ],
  URLSearchParams: [
    ['URLSearchParams', ['a=1']],
    ['URLSearchParams', ['']],
    ['URLSearchParams', ['a=1&b=two&a=3']],
  ],
  Headers: [
    ['Headers', [JSON_HEADERS]],
    ['Headers', []],
    ['Headers', [{ accept: 'text/plain', 'x-request-id': '1' }]],
  ],
  Request: [
    ['Request', ['https://example.com/a']],
    ['Request', ['https://example.com/a', { method: 'POST', headers: JSON_HEADERS, body: '{"a":1}' }]],
    ['Request', ['https://example.com/b?c=1', { method: 'PUT', body: 'text' }]],
    ['Request', ['https://example.com/c', { method: 'DELETE' }]],
  ],
  Response: [
    ['Response', ['a']],
    ['Response', ['{"a":1}', { status: 200, headers: JSON_HEADERS }]],
    ['Response', [null, { status: 204 }]],
    ['Response', ['Not found', { status: 404, statusText: 'Not Found' }]],
    ['Response', ['', { status: 500 }]],
  ],
  Blob: [
    ['Blob', [['abc'], { type: 'text/plain' }]],
    ['Blob', [[]]],
    ['Blob', [['{"a":1}'], { type: 'application/json' }]],
  ],
  FormData: [
    ['FormData', ['a', '1']],
    ['FormData', []],
    ['FormData', ['name', 'Ada', 'tag', 'x', 'tag', 'y']],
  ],
  AbortSignal: [
    ['AbortController.signal', []],
    ['AbortSignal.abort', []],
  ],
  AbortController: [['AbortController', []]],
};

/**
 * Makes a platform value from its recipe. Callers that must see how a value was made (to send it
 * elsewhere, to write it in a test) pass their own (see `ArbitraryOptions.platform`).
 */
export type PlatformFactory = (maker: string, args: readonly unknown[]) => unknown;

export const realPlatform: PlatformFactory = (maker, args) => {
  const found = platformMaker(maker);
  if (!found) throw new TypeError(`no platform maker ${maker}`);
  return found.make(args);
};

/** Whether a value is an object of one of the platform classes (told apart by identity, never merged). */
export function isPlatformObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  return PLATFORM_TYPES.some((name) => {
    const Class = (globalThis as Record<string, unknown>)[name];
    return typeof Class === 'function' && value instanceof Class;
  });
}
