import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type ArbitrarySpec,
  areInverseNames,
  bindModule,
  type CallableFunction,
  type FunctionDescription,
  inferProperties,
  type KeptProperty,
  propertyImports,
  renderProperties,
  renderProperty,
} from '../src/index.js';

const num: ArbitrarySpec = { kind: 'number' };
const int: ArbitrarySpec = { kind: 'number', integer: true };
const str: ArbitrarySpec = { kind: 'string' };
const numbers: ArbitrarySpec = { kind: 'array', item: num };

const unary = (name: string, input: ArbitrarySpec, returns: ArbitrarySpec): FunctionDescription => ({
  name,
  parameters: [{ name: 'x', spec: input }],
  returns,
});
const binary = (name: string, spec: ArbitrarySpec): FunctionDescription => ({
  name,
  parameters: [
    { name: 'a', spec },
    { name: 'b', spec },
  ],
  returns: spec,
});

const module = {
  subtract: (a: number, b: number) => a - b,
  addIntegers: (a: number, b: number) => a + b,
  round: (x: number) => Math.round(x),
  negate: (x: number) => -x,
  // Run-length encoding: digits in the text are read back as counts.
  compress: (text: string) => text.replace(/(.)\1*/g, (run, c: string) => `${c}${run.length}`),
  decompress: (text: string) => text.replace(/(\D)(\d+)/g, (_, c: string, n: string) => c.repeat(Number(n))),
  encode: (text: string) => Buffer.from(text).toString('base64'),
  decode: (text: string) => Buffer.from(text, 'base64').toString(),
  sortNumbers: (xs: number[]) => [...xs].sort((a, b) => a - b),
  noisy: (x: number) => x + Math.random(),
  strict: (text: string) => {
    if (text.includes('a')) throw new Error('no a');
    return text;
  },
  later: async (text: string) => text.trim(),
};

const functions: CallableFunction[] = bindModule(
  [
    binary('subtract', num),
    binary('addIntegers', int),
    unary('round', num, num),
    unary('negate', num, num),
    unary('compress', str, str),
    unary('decompress', str, str),
    unary('encode', str, str),
    unary('decode', str, str),
    unary('sortNumbers', numbers, numbers),
    unary('noisy', num, num),
    unary('strict', str, str),
    { ...unary('later', str, str), isAsync: true },
  ],
  module,
);

const report = await inferProperties(functions, { seed: 42, numRuns: 100 });
const kept = (kind: string, ...names: string[]) =>
  report.kept.find((p) => p.kind === kind && p.functions.join() === names.join());
const rejected = (kind: string, ...names: string[]) =>
  report.rejected.find((p) => p.kind === kind && p.functions.join() === names.join());

describe('inferProperties keeps what holds', () => {
  test.each([
    ['commutative', 'addIntegers'],
    ['associative', 'addIntegers'],
    ['idempotent', 'round'],
    ['involution', 'negate'],
    ['sorted', 'sortNumbers'],
    ['permutation', 'sortNumbers'],
    ['idempotent', 'sortNumbers'],
    ['length-preserved', 'sortNumbers'],
    ['deterministic', 'round'],
    ['idempotent', 'later'],
  ])('%s %s', (kind, name) => {
    expect(kept(kind, name)).toBeDefined();
  });

  test('a round trip found by name', () => {
    expect(kept('round-trip', 'encode', 'decode')).toMatchObject({ detail: 'name' });
  });

  test('the identity element of an operation', () => {
    expect(kept('identity-element', 'addIntegers')).toMatchObject({ detail: '0' });
  });
});

describe('inferProperties rejects near misses, with a counterexample', () => {
  test('subtraction is not commutative', () => {
    const property = rejected('commutative', 'subtract');
    expect(property).toBeDefined();
    const [a, b] = property!.counterexample as [number, number];
    expect(module.subtract(a, b)).not.toBe(module.subtract(b, a));
  });

  test('Math.round is not an involution', () => {
    const [x] = rejected('involution', 'round')!.counterexample as [number];
    expect(Math.round(Math.round(x))).not.toBe(x);
  });

  test('an encoder whose decoder loses information is not a round trip', () => {
    const [text] = rejected('round-trip', 'compress', 'decompress')!.counterexample as [string];
    expect(module.decompress(module.compress(text))).not.toBe(text);
  });

  test('a function using Math.random is not deterministic', () => {
    expect(rejected('deterministic', 'noisy')).toBeDefined();
  });

  test('a function that throws on some valid input is reported with the error', () => {
    expect(rejected('no-throw', 'strict')).toMatchObject({ error: 'Error: no a' });
  });

  test('nothing is both kept and rejected', () => {
    const key = (p: { kind: string; functions: string[]; detail?: string }) =>
      `${p.kind}:${p.functions.join()}:${p.detail ?? ''}`;
    const keptKeys = new Set(report.kept.map(key));
    expect(report.rejected.filter((p) => keptKeys.has(key(p)))).toEqual([]);
  });
});

test('checking uses the fixed seed: two runs give the same report', async () => {
  const again = await inferProperties(functions, { seed: 42, numRuns: 100 });
  expect(again.kept.map((p) => p.title)).toEqual(report.kept.map((p) => p.title));
  expect(again.rejected.map((p) => p.counterexample)).toEqual(report.rejected.map((p) => p.counterexample));
});

test('literals of the code reject what random inputs rarely falsify', async () => {
  const unescapeHtml = (t: string) => t.replace(/&lt;/g, '<').replace(/&amp;/g, '&');
  const fns = bindModule([unary('unescapeHtml', str, str)], { unescapeHtml });
  const without = await inferProperties(fns, { kinds: ['involution'], numRuns: 100 });
  const withLiterals = await inferProperties(fns, {
    kinds: ['involution'],
    numRuns: 100,
    literals: { strings: ['&lt;', '&amp;'] },
  });
  expect(without.kept.map((p) => p.kind)).toEqual(['involution']);
  expect(withLiterals.rejected.map((p) => p.kind)).toEqual(['involution']);
});

describe('renderProperty', () => {
  const run = async (code: string, scope: Record<string, unknown>) => {
    const tests: Array<() => unknown> = [];
    const testFn = (_title: string, body: () => unknown) => tests.push(body);
    new Function('test', 'fc', 'isDeepStrictEqual', ...Object.keys(scope), code)(
      testFn,
      fc,
      isDeepStrictEqual,
      ...Object.values(scope),
    );
    return Promise.all(tests.map(async (t) => t()));
  };

  test('writes fc.assert with the seed and run count', () => {
    const code = renderProperty(kept('round-trip', 'encode', 'decode')!);
    expect(code).toBe(
      [
        "test('decode undoes encode: decode(encode(x)) equals x', () => {",
        '  fc.assert(fc.property(fc.string(), (x) => isDeepStrictEqual(decode(encode(x)), x)), { seed: 42, numRuns: 100 });',
        '});',
      ].join('\n'),
    );
  });

  test('writes test.prop for @fast-check/vitest', () => {
    expect(renderProperty(kept('commutative', 'addIntegers')!, { style: 'test.prop' })).toBe(
      "test.prop([fc.integer(), fc.integer()], { seed: 42, numRuns: 100 })('addIntegers is commutative: addIntegers(a, b) equals addIntegers(b, a)', (a, b) => isDeepStrictEqual(addIntegers(a, b), addIntegers(b, a)));",
    );
  });

  test('awaits async functions', () => {
    expect(renderProperty(kept('idempotent', 'later')!)).toContain('await fc.assert(fc.asyncProperty(');
  });

  test('every kept property, rendered, passes with new seeds', async () => {
    for (const property of report.kept) {
      const code = renderProperty(property, { seed: 7, numRuns: 300 });
      await expect(run(code, module)).resolves.toBeDefined();
    }
  });

  test('a rendered near miss fails', async () => {
    const property = { ...rejected('commutative', 'subtract')!, isAsync: false } as KeptProperty;
    await expect(run(renderProperty(property), module)).rejects.toThrow(/Property failed/);
  });

  test('lists the imports the code needs', () => {
    expect(propertyImports(report.kept)).toEqual([
      "import fc from 'fast-check';",
      "import { isDeepStrictEqual } from 'node:util';",
    ]);
    expect(propertyImports([], { style: 'test.prop' })).toEqual([
      "import { fc, test } from '@fast-check/vitest';",
    ]);
  });
});

test.each([
  ['encode', 'decode', true],
  ['encodeBase64', 'decodeBase64', true],
  ['serialize', 'parse', true],
  ['toJson', 'fromJson', true],
  ['escape', 'unescape', true],
  ['celsiusToFahrenheit', 'fahrenheitToCelsius', true],
  ['compress', 'decompress', true],
  ['encode', 'encodeAll', false],
  ['add', 'subtract', false],
])('areInverseNames(%s, %s) is %s', (forward, backward, expected) => {
  expect(areInverseNames(forward, backward)).toBe(expected);
});

test('a description that says it is synchronous is trusted even when calls return promises', async () => {
  const viaSandbox: CallableFunction[] = [
    { ...unary('negate', num, num), isAsync: false, call: async ([x]) => -(x as number) },
  ];
  const result = await inferProperties(viaSandbox, { kinds: ['involution'], numRuns: 50 });
  expect(result.kept).toMatchObject([{ kind: 'involution', isAsync: false }]);
  expect(renderProperty(result.kept[0]!)).toContain('fc.assert(fc.property(');
});

test('renderProperties writes one describe block with its imports', () => {
  const { imports, code } = renderProperties([kept('involution', 'negate')!], {
    reference: (name) => `lib.${name}`,
    title: 'negate properties',
  });
  expect(imports).toEqual(["import fc from 'fast-check';", "import { isDeepStrictEqual } from 'node:util';"]);
  expect(code).toBe(
    [
      "describe('negate properties', () => {",
      "  test('negate undoes itself: negate(negate(x)) equals x', () => {",
      '    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => isDeepStrictEqual(lib.negate(lib.negate(x)), x)), { seed: 42, numRuns: 100 });',
      '  });',
      '});',
    ].join('\n'),
  );
  expect(renderProperties([])).toEqual({ imports: [], code: '' });
});

test('bindModule finds members by path and calls them on their object', () => {
  const lib = {
    Codec: {
      prefix: '>',
      encode(this: { prefix: string }, text: string) {
        return this.prefix + text;
      },
    },
  };
  const [encode] = bindModule([unary('Codec.encode', str, str)], lib);
  expect(encode!.call(['a'])).toBe('>a');
  expect(() => bindModule([unary('Codec.missing', str, str)], lib)).toThrow(
    /Codec.missing is not a function/,
  );
});
