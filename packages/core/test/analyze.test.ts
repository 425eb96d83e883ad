import { Project, ts } from 'ts-morph';
import { describe, expect, test } from 'vitest';
import { analyzeFile, ParseError } from '../src/analyze/analyze-file.js';
import { builtInReturns } from '../src/analyze/built-in-returns.js';
import { parseExample } from '../src/analyze/examples.js';
import { findInSpec } from '../src/analyze/find-in-spec.js';
import { ProjectPool } from '../src/analyze/project.js';
import type { ClassUnit, FunctionUnit } from '../src/model/unit.js';
import { FIXTURE, fixtureFile } from './helpers.js';

const analyze = (file: string) =>
  analyzeFile(new ProjectPool().projectFor(fixtureFile(file), FIXTURE), fixtureFile(file));

describe('analyzeFile', () => {
  const result = analyze('shapes.ts');
  const unit = (name: string) => result.units.find((u) => u.name === name) as FunctionUnit | undefined;

  test('finds exported function declarations and arrow functions in source order', () => {
    expect(result.units.map((u) => u.name)).toEqual([
      'area',
      'describeSize',
      'sum',
      'pair',
      'delayedDouble',
      'withCallback',
      'total',
      'settled',
      'Counter',
    ]);
  });

  test('describes a Promise parameter by what it resolves to, passed as a promise', () => {
    expect(unit('settled')?.parameters[0]).toEqual({
      name: 'value',
      spec: { kind: 'number' },
      rest: false,
      promised: true,
    });
  });

  test('describes an Iterable parameter as an array, the iterable a test can write', () => {
    expect(unit('total')?.parameters[0]?.spec).toEqual({ kind: 'array', item: { kind: 'number' } });
  });

  test('describes an object parameter with its optional property', () => {
    expect(unit('area')?.parameters[0]?.spec).toEqual({
      kind: 'object',
      properties: [
        { name: 'width', spec: { kind: 'number' }, optional: false },
        { name: 'height', spec: { kind: 'number' }, optional: false },
        { name: 'label', spec: { kind: 'string' }, optional: true },
      ],
    });
  });

  test('describes an exported string enum by member name', () => {
    expect(unit('describeSize')?.parameters[1]?.spec).toEqual({
      kind: 'union',
      members: [
        { kind: 'constant', value: 'metric', label: 'Unit.Metric' },
        { kind: 'constant', value: 'imperial', label: 'Unit.Imperial' },
      ],
    });
  });

  test('marks rest parameters and describes tuples', () => {
    expect(unit('sum')?.parameters[0]).toMatchObject({
      rest: true,
      spec: { kind: 'array', item: { kind: 'number' } },
    });
    expect(unit('pair')?.parameters[0]?.spec).toEqual({
      kind: 'tuple',
      items: [{ kind: 'string' }, { kind: 'boolean' }],
    });
  });

  test('sees async functions', () => {
    expect(unit('delayedDouble')?.isAsync).toBe(true);
    expect(unit('area')?.isAsync).toBe(false);
  });

  test('mines the constants of conditions, with property names', () => {
    expect(unit('describeSize')?.constants.numbers).toEqual(expect.arrayContaining([100, 0]));
    expect(unit('area')?.constants.byProperty).toEqual({ width: [0], height: [0] });
  });

  test('takes callbacks as function specs, and leaves error classes out', () => {
    expect(result.problems).toEqual([]);
    expect(unit('withCallback')?.parameters[0]?.spec).toMatchObject({
      kind: 'function',
      returns: { kind: 'number' },
    });
    expect(result.units.map((u) => u.name)).not.toContain('ValidationError');
  });

  test('lists exported names so tests can import error classes and enums', () => {
    expect(result.exportedNames).toEqual(expect.arrayContaining(['Unit', 'ValidationError', 'area']));
  });

  test('throws a ParseError naming the file and line for a syntax error', () => {
    expect(() => analyze('broken.ts')).toThrow(ParseError);
    expect(() => analyze('broken.ts')).toThrow(/broken\.ts:1: ',' expected/);
  });
});

describe('functions inside exported namespaces and objects', () => {
  const result = analyze('members.ts');

  test('become units named by their path', () => {
    expect(result.units.map((u) => [u.name, u.exportName, (u as FunctionUnit).member])).toEqual([
      ['Duration.parse', 'Duration', 'parse'],
      ['Duration.isZero', 'Duration', 'isZero'],
      ['flags.has', 'flags', 'has'],
      ['flags.hex', 'flags', 'hex'],
      ['flags.tiny', 'flags', 'tiny'],
      ['percent', 'percent', undefined],
      ['isEven', 'isEven', undefined],
    ]);
  });

  test('mine the regular expressions they test strings against, inline or through a constant', () => {
    const pattern = (name: string) => result.units.find((u) => u.name === name)?.constants.patterns;
    expect(pattern('Duration.parse')).toEqual([['^(\\d+)(?:\\.(\\d+))?s$', '']]);
    expect(pattern('flags.hex')).toEqual([['^#[0-9a-f]{6}$', 'i']]);
  });

  test('describe bigint literal types as constants', () => {
    expect((result.units.find((u) => u.name === 'flags.tiny') as FunctionUnit).parameters[0]?.spec).toEqual({
      kind: 'union',
      members: [
        { kind: 'constant', value: 0n },
        { kind: 'constant', value: 1n },
      ],
    });
  });
});

describe('classes', () => {
  const result = analyze('structures.ts');
  const unit = (name: string) => result.units.find((u) => u.name === name);

  test('become units with their constructor, public methods and observable state', () => {
    const stack = unit('Stack') as ClassUnit;
    expect(stack.kind).toBe('class');
    expect(stack.methods.map((m) => m.name)).toEqual(['push', 'pop', 'peek']);
    expect(stack.observers).toEqual(['size', 'isEmpty']);
    const cache = unit('LruCache') as ClassUnit;
    expect(cache.constructorParameters.map((p) => p.name)).toEqual(['capacity']);
    expect(cache.observers).toEqual(['size', 'capacity']);
  });

  test('keep private members out and see async methods', () => {
    const query = unit('Query') as ClassUnit;
    expect(query.methods.map((m) => [m.name, m.isAsync])).toEqual([
      ['add', false],
      ['build', true],
    ]);
    expect(query.observers).toEqual([]);
  });

  test('keep a class whose optional constructor parameter cannot be built, calling it without; Iterable takes arrays; skip computed method names', () => {
    const bag = unit('Bag') as ClassUnit;
    expect(bag.constructorParameters[1]).toEqual({
      name: 'seen',
      spec: { kind: 'constant', value: undefined },
      rest: false,
    });
    expect(findInSpec(bag.constructorParameters[0]!.spec, (s) => s.kind === 'array')).toEqual({
      kind: 'array',
      item: { kind: 'string' },
    });
    expect(bag.methods.map((m) => m.name)).toEqual(['add']);
  });

  test('give their public static methods as function units', () => {
    expect(unit('Query.from')).toMatchObject({ kind: 'function', exportName: 'Query', member: 'from' });
  });
});

describe('parseExample', () => {
  test('reads results stated after the call or on the next line, and stated throws', () => {
    const text =
      '```ts\nadd(1, 2) // => 3\nadd(2, 2);\n// → 4\nadd(-1)\n// throws RangeError\nconsole.log(add(1, 1)) // => 2\n```';
    expect(parseExample(text, 'add')).toEqual([
      { call: 'add(1, 2)', expected: { kind: 'value', code: '3' } },
      { call: 'add(2, 2)', expected: { kind: 'value', code: '4' } },
      { call: 'add(-1)', expected: { kind: 'throws', error: 'RangeError' } },
    ]);
  });
});

describe('inherited and generic classes', () => {
  const result = analyze('structures.ts');
  const unit = (name: string) => result.units.find((u) => u.name === name) as ClassUnit;

  test('inherited public methods and getters belong to the subclass', () => {
    expect(unit('CountingStack').methods.map((m) => m.name)).toEqual(['pushAll', 'push', 'pop', 'peek']);
    expect(unit('CountingStack').observers).toEqual(expect.arrayContaining(['size', 'isEmpty']));
  });

  test("a generic class's elements are small integers, so that tests show which one came out", () => {
    expect(unit('Fifo').methods.find((m) => m.name === 'enqueue')?.parameters[0]?.spec).toEqual({
      kind: 'number',
      integer: true,
      min: 1,
      max: 99,
    });
  });
});

describe('overloaded functions', () => {
  // Written beside the fixtures (never on disk): analyzeFile takes the file the project already holds.
  const analyzeText = (code: string) => {
    const project = new Project({ compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022 } });
    const file = fixtureFile('overloads-probe.ts');
    project.createSourceFile(file, code, { overwrite: true });
    return analyzeFile(project, file);
  };

  test('one unit per overloaded function, described by its implementation when that is typed', () => {
    const result = analyzeText(`
      export function pad(text: string): string;
      export function pad(text: string, width: number): string;
      export function pad(text: string, width = 8): string { return text.padStart(width); }
      export function other(x: number): number { return x; }`);
    expect(result.units.map((u) => u.name)).toEqual(['pad', 'other']);
    expect((result.units[0] as FunctionUnit).parameters.map((p) => p.name)).toEqual(['text', 'width']);
  });

  test('an implementation taking ...args: unknown[] is described by its widest overload, constants from its body', () => {
    const result = analyzeText(`
      export function splitAt<T>(data: readonly T[], index: number): [T[], T[]];
      export function splitAt(index: number): <T>(data: readonly T[]) => [T[], T[]];
      export function splitAt(...args: unknown[]): unknown {
        if (args.length === 1) return (data: unknown[]) => splitAt(data, args[0] as number);
        const [data, index] = args as [unknown[], number];
        return index < 7 ? [[], [...data]] : [data.slice(0, index), data.slice(index)];
      }`);
    expect(result.units.map((u) => u.name)).toEqual(['splitAt']);
    const unit = result.units[0] as FunctionUnit;
    expect(unit.parameters.map((p) => [p.name, p.spec.kind])).toEqual([
      ['data', 'array'],
      ['index', 'number'],
    ]);
    expect(unit.constants.numbers).toContain(7);
  });

  test('when the widest overload cannot be built, the implementation describes the function', () => {
    const result = analyzeText(`
      export function pick(object: never, key: string): unknown;
      export function pick(key: string): (object: never) => unknown;
      export function pick(...args: unknown[]): unknown {
        return args.length;
      }`);
    expect(result.problems).toEqual([]);
    expect(result.units.map((u) => [u.name, (u as FunctionUnit).parameters.map((p) => p.name)])).toEqual([
      ['pick', ['args']],
    ]);
  });
});

describe('builtInReturns', () => {
  const returnsOf = (code: string) => {
    const project = new Project({
      useInMemoryFileSystem: false,
      compilerOptions: {
        esModuleInterop: true,
        strict: true,
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        types: ['node'],
      },
    });
    return builtInReturns(
      project.createSourceFile(fixtureFile('built-in-returns-probe.ts'), code, { overwrite: true }),
    );
  };

  test('a namespace import: the type of each call, awaited for fs/promises, bytes for a Buffer, none for a callback', () => {
    const returns = returnsOf(`
      import fs from 'node:fs';
      import * as fsp from 'node:fs/promises';
      export function probe(p: string) {
        fs.readFile(p, () => {});
        return [fs.existsSync(p), fs.readFileSync(p), fsp.readFile(p, 'utf8')];
      }`);
    expect(returns).toEqual({
      'node:fs': [
        { name: 'existsSync', value: true, empty: false, async: false },
        {
          name: 'readFileSync',
          value: { $: 'buffer', v: 'YQ==' },
          empty: { $: 'buffer', v: '' },
          async: false,
        },
      ],
      'node:fs/promises': [{ name: 'readFile', value: expect.any(String), empty: '', async: true }],
    });
  });

  test('text handed to JSON.parse through a const is JSON of the type the result is used as', () => {
    const returns = returnsOf(`
      import { readFileSync as read } from 'fs';
      interface Options { retries: number; verbose?: boolean }
      export function options(p: string): Options {
        const text = read(p, 'utf8');
        return JSON.parse(text);
      }
      export function anything(p: string) {
        return JSON.parse(read(p).toString());
      }`);
    const [read] = returns.fs!;
    expect(read!.name).toBe('readFileSync');
    expect(JSON.parse(read!.value as string)).toEqual({ retries: expect.any(Number), verbose: true });
    expect(returns.fs).toHaveLength(1);
  });
});
