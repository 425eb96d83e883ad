import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { Project } from 'ts-morph';
import { describe, expect, test } from 'vitest';
import { type ArbitrarySpec, boundaryValues, sampleValues, toArbitrary } from '../src/index.js';
import {
  arbitraryFor,
  describeFunctions,
  parameterSpec,
  returnSpec,
  UnsupportedType,
} from '../src/typescript.js';
import * as fixtures from './fixtures/types.js';
import { matches, typedLiteral } from './helpers/values.js';

const FILE = join(import.meta.dirname, 'fixtures/types.ts');
const TYPE_NAMES = Object.keys(
  Object.fromEntries(
    [
      ...new Project({ compilerOptions: { strict: true } })
        .addSourceFileAtPath(FILE)
        .getExportedDeclarations(),
    ].filter(([, [d]]) => !d!.getKindName().startsWith('Enum') && !d!.getKindName().startsWith('Class')),
  ),
).concat(['Money']);

const resolveClass = (spec: { className: string }) =>
  (fixtures as unknown as Record<string, new (...args: never[]) => unknown>)[spec.className];
const SCOPE = { fc, Direction: fixtures.Direction, Color: fixtures.Color, Money: fixtures.Money };

/** Evaluates generated code with fast-check and the fixture's enums and classes in scope. */
function evaluate(code: string): fc.Arbitrary<unknown> {
  return new Function(...Object.keys(SCOPE), `return ${code};`)(...Object.values(SCOPE));
}

/** Same values, comparing functions by what they return. */
function sameValues(a: unknown[], b: unknown[]): boolean {
  const normal = (v: unknown): unknown => {
    if (typeof v === 'function') return ['fn', v(1), v('x')];
    // Requests and responses hold streams of their own: compared by what they were made with.
    if (v instanceof Request) return ['Request', v.url, v.method, [...v.headers]];
    if (v instanceof Response) return ['Response', v.status, v.statusText, [...v.headers]];
    if (v instanceof ReadableStream) return ['ReadableStream'];
    return v;
  };
  return isDeepStrictEqual(a.map(normal), b.map(normal));
}

describe.each(TYPE_NAMES)('%s', (typeName) => {
  const { spec, code, arbitrary } = arbitraryFor({ file: FILE, typeName }, { resolveClass });

  test('the live arbitrary only draws values of the type', () => {
    fc.assert(
      fc.property(arbitrary, (value) => matches(spec, value)),
      { numRuns: 200 },
    );
  });

  test('the generated code, evaluated, draws the same values as the live arbitrary for the same seed', () => {
    for (const seed of [1, 2, 3]) {
      const fromCode = fc.sample(evaluate(code), { seed, numRuns: 30 });
      const live = fc.sample(toArbitrary(spec, { resolveClass }), { seed, numRuns: 30 });
      expect(sameValues(fromCode, live)).toBe(true);
    }
  });

  test('the same seed gives the same values', () => {
    expect(
      sameValues(
        sampleValues(spec, { seed: 9, resolveClass }),
        sampleValues(spec, { seed: 9, resolveClass }),
      ),
    ).toBe(true);
  });

  test('every boundary value has the type', () => {
    const values = boundaryValues(spec, { resolveClass });
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) {
      // Boundaries of `number` include NaN and the infinities on purpose (exploration wants them).
      expect(matches(spec, value) || hasNonFinite(value)).toBe(true);
    }
  });

  test('readable values stay in the domain', () => {
    fc.assert(
      fc.property(toArbitrary(spec, { readable: true, resolveClass }), (value) => matches(spec, value)),
      {
        numRuns: 100,
      },
    );
  });
});

test('values drawn for every type form type-check against their declarations', () => {
  const lines = [`import { ${TYPE_NAMES.join(', ')}, Direction, Color } from '../fixtures/types.js';`];
  let checked = 0;
  for (const typeName of TYPE_NAMES) {
    const { spec, arbitrary } = arbitraryFor({ file: FILE, typeName }, { resolveClass });
    fc.sample(arbitrary, { seed: 5, numRuns: 25 }).forEach((value, i) => {
      const literal = typedLiteral(spec, value);
      if (literal === undefined) return;
      lines.push(`export const ${typeName}_${i}: ${typeName} = ${literal};`);
      checked++;
    });
  }
  const dir = join(import.meta.dirname, '.tmp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'typed-values.ts');
  writeFileSync(file, lines.join('\n'));
  const project = new Project({
    compilerOptions: { strict: true, target: 9, module: 199, moduleResolution: 99, noEmit: true },
  });
  project.addSourceFileAtPath(join(import.meta.dirname, 'fixtures/types.ts'));
  const source = project.addSourceFileAtPath(file);
  const diagnostics = project.getPreEmitDiagnostics().filter((d) => d.getSourceFile() === source);
  expect(
    diagnostics.map((d) => `${d.getLineNumber()}: ${d.getMessageText().toString().slice(0, 200)}`),
  ).toEqual([]);
  expect(checked).toBeGreaterThan(TYPE_NAMES.length * 20);
});

test('the TypeScript code of every type form type-checks as fc.Arbitrary of the type', () => {
  const lines = [
    "import fc from 'fast-check';",
    `import { ${TYPE_NAMES.join(', ')}, Direction, Color } from '../fixtures/types.js';`,
  ];
  for (const typeName of TYPE_NAMES) {
    const { code } = arbitraryFor({ file: FILE, typeName }, { typescript: true });
    lines.push(`export const ${typeName}Arbitrary: fc.Arbitrary<${typeName}> = ${code};`);
  }
  const dir = join(import.meta.dirname, '.tmp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'typed-arbitraries.ts');
  writeFileSync(file, lines.join('\n'));
  const project = new Project({
    compilerOptions: {
      strict: true,
      target: 9,
      module: 199,
      moduleResolution: 99,
      noEmit: true,
      skipLibCheck: true,
    },
  });
  project.addSourceFileAtPath(FILE);
  const source = project.addSourceFileAtPath(file);
  const diagnostics = project.getPreEmitDiagnostics().filter((d) => d.getSourceFile() === source);
  expect(diagnostics.map((d) => `${d.getLineNumber()}: ${flatten(d.getMessageText())}`)).toEqual([]);
});

function flatten(message: string | { getMessageText(): string }): string {
  return (typeof message === 'string' ? message : message.getMessageText()).slice(0, 200);
}

test('a class instance is built through its constructor', () => {
  const { arbitrary } = arbitraryFor({ file: FILE, typeName: 'Money' }, { resolveClass });
  for (const money of fc.sample(arbitrary, { seed: 1, numRuns: 20 })) {
    expect(money).toBeInstanceOf(fixtures.Money);
    expect(['EUR', 'USD']).toContain((money as fixtures.Money).currency);
  }
});

test('JSDoc constraints and property names narrow the arbitrary', () => {
  const { spec } = arbitraryFor({ file: FILE, typeName: 'Constrained2' });
  const property = (name: string) =>
    spec.kind === 'object' ? spec.properties.find((p) => p.name === name)?.spec : undefined;
  expect(property('rating')).toEqual({ kind: 'number', integer: true, min: 1, max: 10 });
  expect(property('code')).toEqual({ kind: 'string', minLength: 2, maxLength: 5 });
  expect(property('slug')).toEqual({ kind: 'string', pattern: '^[a-z]+-\\d{2}$' });
  expect(property('contact')).toEqual({ kind: 'string', format: 'email' });
  expect(property('created')).toEqual({ kind: 'string', format: 'date-time' });
  expect(property('port')).toEqual({ kind: 'number', integer: true, min: 0, max: 65535 });
  expect(property('itemCount')).toEqual({ kind: 'number', integer: true, min: 0 });
});

test('recursive types are depth-limited', () => {
  const { spec } = arbitraryFor({ file: FILE, typeName: 'Tree' });
  expect(spec.kind).toBe('recursive');
  const arbitrary = toArbitrary({ ...spec, maxDepth: 4 } as ArbitrarySpec);
  const depth = (t: fixtures.Tree): number => 1 + Math.max(0, ...t.children.map(depth));
  for (const tree of fc.sample(arbitrary, { seed: 3, numRuns: 200 })) {
    expect(depth(tree as fixtures.Tree)).toBeLessThanOrEqual(4);
  }
});

test('generics are instantiated from their defaults and constraints', () => {
  expect(arbitraryFor({ file: FILE, typeName: 'Box' }).spec).toEqual({
    kind: 'object',
    properties: [{ name: 'content', spec: { kind: 'number' }, optional: false }],
  });
  expect(arbitraryFor({ file: FILE, typeName: 'StringBox' }).code).toBe(
    'fc.record({ content: fc.string() }, { noNullPrototype: true })',
  );
});

test('keyof, indexed access and conditional types of type parameters take their constraints', () => {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
  const source = project.createSourceFile(
    'generic.ts',
    `export function pick<T, K extends keyof T>(obj: T, keys: K[], key: keyof T, value: T[K]): void {}
export function check<T>(flag: T extends string ? 'text' : 'other'): void {}`,
  );
  const [, keys, key, value] = source.getFunctionOrThrow('pick').getParameters();
  // symbol, the third member of keyof's constraint, has no literal a test can show.
  expect(parameterSpec(key!)).toEqual({ kind: 'union', members: [{ kind: 'string' }, { kind: 'number' }] });
  expect(parameterSpec(keys!)).toEqual({
    kind: 'array',
    item: { kind: 'union', members: [{ kind: 'string' }, { kind: 'number' }] },
  });
  expect(parameterSpec(value!)).toEqual({ kind: 'anything' });
  const [flag] = source.getFunctionOrThrow('check').getParameters();
  expect(parameterSpec(flag!)).toEqual({
    kind: 'union',
    members: [
      { kind: 'constant', value: 'text' },
      { kind: 'constant', value: 'other' },
    ],
  });
});

test('a lib method named like an Object.prototype member is not mistaken for a refusal', () => {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
  const source = project.createSourceFile(
    'wrappers.ts',
    'export function same(a: Number | String, b: { toString(): string }): boolean { return a === b; }',
  );
  for (const parameter of source.getFunctionOrThrow('same').getParameters()) {
    expect(() => parameterSpec(parameter)).not.toThrow();
  }
});

test('branded types draw values of their base type and keep the type name', () => {
  expect(arbitraryFor({ file: FILE, typeName: 'Email' }).spec).toEqual({
    kind: 'branded',
    spec: { kind: 'string' },
    typeName: 'Email',
  });
});

describe('unsupported types get a reason instead of a crash', () => {
  const project = new Project({ compilerOptions: { strict: true } });
  const file = project.createSourceFile(
    'unsupported.ts',
    `export type Loop = { next: Loop };
     export type Never = never;
     export type Sym = symbol;
     export type Upper = Uppercase<string>;`,
  );
  test.each([
    ['Loop', /Loop has no finite value/],
    ['Never', /never/],
    ['Sym', /symbol/],
    ['Upper', /string mapping/],
  ])('%s', (typeName, reason) => {
    const declaration = file.getTypeAliasOrThrow(typeName);
    expect(() => arbitraryFor({ type: declaration.getType(), at: declaration })).toThrow(UnsupportedType);
    expect(() => arbitraryFor({ type: declaration.getType(), at: declaration })).toThrow(reason);
  });
});

test('a Record over a key type parameter takes records with keys of what the parameter allows', () => {
  const project = new Project({ compilerOptions: { strict: true } });
  const file = project.createSourceFile(
    'records.ts',
    `export function mapValues<V, K extends string | number | symbol>(obj: Record<K, V>) {}
     export function byIndex<K extends number>(obj: Record<K, string>) {}`,
  );
  const [obj] = file.getFunctionOrThrow('mapValues').getParameters();
  expect(parameterSpec(obj!)).toEqual({
    kind: 'object',
    properties: [],
    index: { key: 'string', value: { kind: 'anything' } },
  });
  const [indexed] = file.getFunctionOrThrow('byIndex').getParameters();
  expect(parameterSpec(indexed!)).toEqual({
    kind: 'object',
    properties: [],
    index: { key: 'number', value: { kind: 'string' } },
  });
});

test('an Iterable parameter takes arrays, which a test can write', () => {
  const project = new Project({ compilerOptions: { strict: true, lib: ['lib.es2022.d.ts'] } });
  const file = project.createSourceFile(
    'iterable.ts',
    `export function sum(values: Iterable<number>, labels?: Iterable<string>): number { return 0; }`,
  );
  const [values, labels] = file.getFunctionOrThrow('sum').getParameters();
  expect(parameterSpec(values!)).toEqual({ kind: 'array', item: { kind: 'number' } });
  const optional = parameterSpec(labels!);
  expect(optional.kind === 'union' ? optional.members : [optional]).toContainEqual({
    kind: 'array',
    item: { kind: 'string' },
  });
});

test('data-only conversion refuses functions and class instances, and leaves out optional callbacks', () => {
  const project = new Project({ compilerOptions: { strict: true } });
  const file = project.createSourceFile(
    'data.ts',
    `export class C { constructor(public n: number) {} }
     export type Fn = () => void;
     export type Options = { retries: number; onError?: (e: Error) => void };`,
  );
  const at = (name: string) => {
    const d = file.getTypeAlias(name) ?? file.getClassOrThrow(name);
    return { type: d.getType(), at: d };
  };
  expect(() => arbitraryFor(at('Fn'), { dataOnly: true })).toThrow(/function type/);
  expect(() => arbitraryFor(at('C'), { dataOnly: true })).toThrow(/class instance C/);
  const options: ArbitrarySpec = arbitraryFor(at('Options'), { dataOnly: true }).spec;
  expect(options).toEqual({
    kind: 'object',
    properties: [{ name: 'retries', spec: { kind: 'number', integer: true, min: 0 }, optional: false }],
  });
});

function hasNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(hasNonFinite);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasNonFinite);
  return false;
}

test('describeFunctions reads parameter specs, return specs, async-ness and literals', () => {
  const dir = join(import.meta.dirname, '.tmp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'functions.ts');
  writeFileSync(
    file,
    `/**
 * @param port where to listen
 * @param name
 * @minLength 1
 */
export function listen(port: number, name: string, retries = 3): string { return name === 'x' ? '' : String(port + retries); }
export const later = async (email: string): Promise<number> => email.length;
export function withCallback(fn: () => void): void { fn(); }
export const notAFunction = 1;
export const Codec = { encode(text: string): string { return text; }, size: (text: string): number => text.length };
export namespace Hex { export function of(n: number): string { return n.toString(16); } }`,
  );
  const described = describeFunctions({ file }, { dataOnly: true });
  expect(described.functions.slice(0, 2)).toEqual([
    {
      name: 'listen',
      parameters: [
        { name: 'port', spec: { kind: 'number', integer: true, min: 0, max: 65535 } },
        { name: 'name', spec: { kind: 'string', minLength: 1 } },
        { name: 'retries', spec: { kind: 'number', integer: true, min: 0 }, optional: true },
      ],
      returns: { kind: 'string' },
    },
    {
      name: 'later',
      parameters: [{ name: 'email', spec: { kind: 'string', format: 'email' } }],
      returns: { kind: 'number' },
      isAsync: true,
    },
  ]);
  expect(described.skipped).toEqual([
    { name: 'withCallback', reason: expect.stringMatching(/function type/) },
  ]);
  expect(described.literals.strings).toContain('x');
  expect(described.literals.numbers).toEqual(expect.arrayContaining([3, 1]));
});

test('constraints come from a comment on the parameter and from the type alias it names', () => {
  const project = new Project({ compilerOptions: { strict: true } });
  const file = project.createSourceFile(
    'aliases.ts',
    `/** @minLength 1 @maxLength 20 */
     export type Name = string;
     export function greet(/** @minimum 1 @integer */ times: number, name: Name): string { return name.repeat(times); }`,
  );
  const [times, name] = file.getFunctionOrThrow('greet').getParameters();
  expect(parameterSpec(times!)).toEqual({ kind: 'number', integer: true, min: 1 });
  expect(parameterSpec(name!)).toEqual({ kind: 'string', minLength: 1, maxLength: 20 });
});

test('JSDoc constraints win over what the name suggests', () => {
  const project = new Project({ compilerOptions: { strict: true } });
  const file = project.createSourceFile(
    'wins.ts',
    `/**
      * @param port
      * @minimum 1024
      */
     export function listen(port: number): void {}`,
  );
  expect(parameterSpec(file.getFunctionOrThrow('listen').getParameters()[0]!)).toEqual({
    kind: 'number',
    min: 1024,
  });
});

test('returnSpec awaits promises and gives no spec for types without an arbitrary', () => {
  const project = new Project({ compilerOptions: { strict: true } });
  const file = project.createSourceFile(
    'returns.ts',
    `export class Store { async load(key: string): Promise<string[]> { return [key]; } }
     export function id(): symbol { return Symbol(); }`,
  );
  expect(returnSpec(file.getClassOrThrow('Store').getMethodOrThrow('load'))).toEqual({
    spec: { kind: 'array', item: { kind: 'string' } },
    isAsync: true,
  });
  expect(returnSpec(file.getFunctionOrThrow('id'))).toEqual({ spec: undefined, isAsync: false });
});

test('Iterable<T> takes arrays; comparator and conversion callbacks say so in `like`', () => {
  const project = new Project({ compilerOptions: { strict: true } });
  const file = project.createSourceFile(
    'callbacks.ts',
    `export type Items = Iterable<number>;
     export type Compare<T> = (a: T, b: T) => number;
     export type Convert<R, E> = (raw: R) => E;
     export type Same = (text: string) => string;
     export type Predicate = (n: number) => boolean;
     export type Both = { compare: Compare<string>; toItem: Convert<unknown, number> };`,
  );
  const spec = (name: string) => {
    const d = file.getTypeAliasOrThrow(name);
    return arbitraryFor({ type: d.getType(), at: d }).spec;
  };
  expect(spec('Items')).toEqual({ kind: 'array', item: { kind: 'number' } });
  expect(spec('Same')).toMatchObject({ kind: 'function', like: 'identity' });
  expect(spec('Predicate')).not.toHaveProperty('like');
  expect(spec('Both')).toMatchObject({
    properties: [
      { name: 'compare', spec: { kind: 'function', returns: { kind: 'number' }, like: 'compare' } },
      { name: 'toItem', spec: { kind: 'function' } },
    ],
  });
  // A conversion between type parameters is an identity stand-in only while both are parameters.
  const generic = file.getTypeAliasOrThrow('Convert');
  expect(arbitraryFor({ type: generic.getType(), at: generic }).spec).toMatchObject({ like: 'identity' });
});
