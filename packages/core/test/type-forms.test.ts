import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GenerateReport, generateTests } from '../src/index.js';
import { bin, makeJestProject, runNode, sourceProject } from './helpers.js';

// Parameter types that used to drop a whole function (issue 15): a key constrained by PropertyKey
// (symbol is one member of the union), `object`, a Promise parameter of a function that is not async,
// and records of unknown values.
const FORMS = `/** What kind of key a property key is. */
export function keyKind<K extends PropertyKey>(key: K): string {
  if (typeof key === 'number') return key >= 0 ? 'index' : 'negative';
  if (typeof key === 'string') return key.length > 0 ? 'name' : 'empty';
  return 'symbol';
}

/** Describes any non-primitive value. */
export function describeObject(value: object): string {
  if (Array.isArray(value)) return \`array of \${value.length}\`;
  const keys = Object.keys(value);
  return keys.length === 0 ? 'empty record' : \`record of \${keys.length}\`;
}

/** The promise's value, or the fallback when it rejects. */
export function orFallback<T>(promise: Promise<T>, fallback: T): Promise<T> {
  return promise.then(
    (value) => value,
    () => fallback,
  );
}

/** Counts the own keys of a record, plus one when \`extra\` is given. */
export function countKeys(record: Record<string, unknown>, extra: unknown): number {
  return Object.keys(record).length + (extra === undefined ? 0 : 1);
}

/** The keys of a record, none for a missing one (JavaScript callers may pass nothing). */
export function keysOf(record: Record<string, number>): string[] {
  if (!record) return [];
  return Object.keys(record);
}

/** The first key of a record: nothing guards against a missing one. */
export function firstKey(record: Record<string, number>): string | undefined {
  return Object.keys(record)[0];
}

/** The sum of the bytes, or -1 when there are none. */
export function byteSum(bytes: Uint8Array): number {
  return bytes.length === 0 ? -1 : bytes.reduce((sum, b) => sum + b, 0);
}

/** How big a buffer is. */
export function bufferSize(buffer: ArrayBuffer): string {
  return buffer.byteLength === 0 ? 'empty' : \`\${buffer.byteLength} bytes\`;
}

/** The largest value, never below zero. */
export function widest(values: BigInt64Array): bigint {
  let max = 0n;
  for (const value of values) if (value > max) max = value;
  return max;
}

/** An error as a line of a log. */
export function errorLine(error: Error): string {
  return error.message === '' ? \`\${error.name} without a message\` : \`\${error.name}: \${error.message}\`;
}

/** Every match of a global pattern; for other patterns, whether it matches. */
export function matches(pattern: RegExp, text: string): string[] | boolean {
  return pattern.global ? (text.match(pattern) ?? []) : pattern.test(text);
}

/** The settled values, 'failed' for a rejected promise. */
export async function settleAll(promises: Promise<number>[]): Promise<string[]> {
  const results = await Promise.allSettled(promises);
  return results.map((r) => (r.status === 'fulfilled' ? String(r.value) : 'failed'));
}

/** A query string of the values a record of promises resolves to. */
export async function resolveQuery(record: Record<string, Promise<string>>): Promise<string> {
  const keys = Object.keys(record);
  const values = await Promise.all(keys.map((key) => record[key]));
  return keys.map((key, i) => \`\${key}=\${values[i]}\`).join('&');
}
`;

// Forms that reach code through calls of their own (issue 15 item 2): a tag function called as a tagged
// template, Promise parameters of a constructor and a method, and instances of the module's own class.
const CALLS = `/** Joins a template, upper-casing every substitution. */
export function shout(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += String(value).toUpperCase() + (strings[i + 1] ?? '');
  });
  return out;
}

/** The raw text of a template with one substitution; escapes are marked. */
export function rawOf(strings: TemplateStringsArray, value: number): string {
  const raw = strings.raw.join(\`<\${value}>\`);
  return raw.includes('\\\\') ? \`escaped:\${raw}\` : raw;
}

/** Jobs whose names arrive later. */
export class Jobs {
  private readonly names: string[] = [];
  constructor(private readonly ready: Promise<boolean>) {}

  /** Waits for the name; a rejected one is recorded as failed. */
  async add(name: Promise<string>): Promise<number> {
    if (!(await this.ready)) return -1;
    try {
      this.names.push(await name);
    } catch {
      this.names.push('failed');
    }
    return this.names.length;
  }

  get size(): number {
    return this.names.length;
  }
}

/** A sorted bag of numbers. */
export class Bag {
  private readonly items: number[];
  constructor(items: number[] = []) {
    this.items = [...items].sort((a, b) => a - b);
  }

  /** Moves every item of \`other\` into this bag. */
  merge(other: Bag): number {
    for (const item of other.toArray()) this.items.push(item);
    this.items.sort((a, b) => a - b);
    return this.items.length;
  }

  toArray(): number[] {
    return [...this.items];
  }
}

/** Splits at an index; with the index alone, a function that splits what it is given (data last). */
export function splitAt<T>(data: readonly T[], index: number): [T[], T[]];
export function splitAt(index: number): <T>(data: readonly T[]) => [T[], T[]];
export function splitAt(...args: unknown[]): unknown {
  if (args.length === 1) return (data: unknown[]) => splitAt(data, args[0] as number);
  const [data, index] = args as [unknown[], number];
  return index < 0 ? [[], [...data]] : [data.slice(0, index), data.slice(index)];
}

/** The larger of two bags' sizes. */
export function larger(a: Bag, b: Bag): number {
  return Math.max(a.toArray().length, b.toArray().length);
}
`;

const project = (name: string) => sourceProject(name, { 'src/forms.ts': FORMS, 'src/calls.ts': CALLS });

describe('parameter types that used to leave a function out', () => {
  let root: string;
  let report: GenerateReport;
  let code: string;
  const block = (name: string) => {
    const start = code.indexOf(`describe('${name}'`);
    const end = code.indexOf('\ndescribe(', start + 1);
    return start < 0 ? '' : code.slice(start, end < 0 ? undefined : end);
  };

  beforeAll(async () => {
    root = project('forms');
    report = await generateTests({
      root,
      paths: ['src/forms.ts'],
      property: false,
      maxIterations: 0,
      validateRuns: 1,
    });
    code = fs.readFileSync(path.join(root, 'src/forms.assay.test.ts'), 'utf8');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('every function gets tests and none is reported unsupported', () => {
    const file = report.files[0]!;
    expect(file.units.map((u) => [u.name, u.tests > 0])).toEqual([
      ['keyKind', true],
      ['describeObject', true],
      ['orFallback', true],
      ['countKeys', true],
      ['keysOf', true],
      ['firstKey', true],
      ['byteSum', true],
      ['bufferSize', true],
      ['widest', true],
      ['errorLine', true],
      ['matches', true],
      ['settleAll', true],
      ['resolveQuery', true],
    ]);
    const codes = file.units.flatMap((u) => u.problems.map((p) => p.code));
    expect(codes).not.toContain('unsupported-parameter');
  });

  test('PropertyKey gives strings and numbers: the string and the number branches are asserted', () => {
    expect(block('keyKind')).toContain("'index'");
    expect(block('keyKind')).toContain("'name'");
  });

  test('object gives arrays and records', () => {
    expect(block('describeObject')).toMatch(/'array of \d+'/);
    expect(block('describeObject')).toMatch(/'(empty record|record of \d+)'/);
  });

  test('a Promise parameter is passed resolved and rejected values', () => {
    expect(block('orFallback')).toContain('Promise.resolve(');
    expect(block('orFallback')).toContain("Promise.reject(new Error('rejected'))");
  });

  test('a guard against null or undefined is reached by passing them outside the type, cast as never', () => {
    expect(block('keysOf')).toMatch(
      /keysOf\((null|undefined) as never\)\)\.toEqual\(\[\]\)|\[(null|undefined) as never, \[\]\]/,
    );
    // Without a guard the engine's TypeError only says the type was not met: no such test.
    expect(block('firstKey')).not.toContain('as never');
  });

  test('typed arrays and ArrayBuffer are written from their items', () => {
    expect(block('byteSum')).toMatch(/\[new Uint8Array\(\[\d+(, \d+)+\]\), \d+\]/);
    expect(block('byteSum')).toContain('[new Uint8Array([]), -1]');
    expect(block('bufferSize')).toMatch(/\[new Uint8Array\(\[\d+\]\)\.buffer, '\d+ bytes'\]/);
    expect(block('bufferSize')).toContain("[new Uint8Array([]).buffer, 'empty']");
    expect(block('widest')).toMatch(/widest\(new BigInt64Array\(\[-?\d+n(, -?\d+n)*\]\)\)\)\.toBe\(\d+n\)/);
  });

  test('errors are made from a message, regular expressions written as literals', () => {
    expect(block('errorLine')).toMatch(/\[new Error\('[^']+'\), 'Error: [^']+'\]/);
    expect(block('errorLine')).toContain("[new Error(''), 'Error without a message']");
    expect(block('matches')).toMatch(/\[\/a\+\/g, '[^']*', \[/);
    expect(block('matches')).toMatch(/\[\/[^/\n]+\/, '[^']*', (true|false)\]/);
  });

  test('promises inside arrays and records are passed resolved and rejected', () => {
    expect(block('settleAll')).toMatch(
      /settleAll\(\[Promise\.resolve\(\d+\), Promise\.reject\(new Error\('rejected'\)\)/,
    );
    expect(block('settleAll')).toContain("'failed'");
    expect(block('resolveQuery')).toMatch(/\{ [\w'" ]+: Promise\.resolve\('[^']*'\) \}/);
    expect(block('resolveQuery')).toMatch(/rejects\.toThrow\('rejected'\)/);
  });

  test('the file passes under real Vitest', () => {
    const result = runNode(root, [bin('vitest', 'vitest.mjs'), 'run', 'src']);
    expect(result.output).toMatch(/Test Files\s+1 passed/);
    expect(result.status).toBe(0);
  });
});

describe("tag functions, Promise parameters of classes, instances of the module's classes", () => {
  let root: string;
  let report: GenerateReport;
  let code: string;
  const block = (name: string) => {
    const start = code.indexOf(`describe('${name}'`);
    const end = code.indexOf('\ndescribe(', start + 1);
    return start < 0 ? '' : code.slice(start, end < 0 ? undefined : end);
  };

  beforeAll(async () => {
    root = project('calls');
    report = await generateTests({
      root,
      paths: ['src/calls.ts'],
      property: false,
      maxIterations: 0,
      validateRuns: 1,
    });
    code = fs.readFileSync(path.join(root, 'src/calls.assay.test.ts'), 'utf8');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('every unit and method gets tests and none is reported unsupported', () => {
    const file = report.files[0]!;
    expect(file.units.map((u) => [u.name, u.tests > 0])).toEqual([
      ['shout', true],
      ['rawOf', true],
      ['Jobs', true],
      ['Bag', true],
      ['splitAt', true],
      ['larger', true],
    ]);
    const codes = [...file.problems, ...file.units.flatMap((u) => u.problems)].map((p) => p.code);
    expect(codes).not.toContain('unsupported-parameter');
  });

  test('a tag function is called as a tagged template, never through a table', () => {
    expect(block('shout')).toMatch(/shout`[^`]*\$\{[^}]+\}[^`]*`/);
    expect(block('shout')).not.toContain('test.each');
    // `strings.raw` holds the chunks as written between the backticks.
    expect(block('rawOf')).toMatch(/expect\(rawOf`[^`]*\$\{-?\d+\}[^`]*`\)/);
  });

  test('Promise parameters of a constructor and a method are passed resolved and rejected', () => {
    expect(block('Jobs')).toMatch(/new Jobs\(Promise\.resolve\(true\)\)/);
    expect(block('Jobs')).toMatch(/\.add\(Promise\.resolve\(/);
    expect(block('Jobs')).toContain("Promise.reject(new Error('rejected'))");
  });

  test("instances of the module's class are built with its constructor", () => {
    expect(block('Bag')).toMatch(/\.merge\(new Bag\(/);
    expect(block('larger')).toMatch(/new Bag\(.*new Bag\(/);
  });

  test('an overloaded function with an untyped implementation is called as its widest overload says', () => {
    // Arrays and indexes, both branches: not `splitAt(undefined)` from `...args: unknown[]`.
    expect(block('splitAt')).toMatch(/\[\[\], \[/);
    expect(block('splitAt')).toMatch(/splitAt\(\[[^\]]*\], -?\d+\)|\[\[[^\]]*\], -?\d+,/);
  });

  test('the file passes under real Vitest', () => {
    const result = runNode(root, [bin('vitest', 'vitest.mjs'), 'run', 'src/calls.assay.test.ts']);
    expect(result.output).toMatch(/Test Files\s+1 passed/);
    expect(result.status).toBe(0);
  });
});

test('the same types under Jest', async () => {
  const root = project('forms-jest');
  try {
    makeJestProject(root, ['**/*.assay.test.ts']);
    const report = await generateTests({
      root,
      paths: ['src'],
      property: false,
      maxIterations: 0,
      validateRuns: 1,
    });
    expect(report.files.map((f) => [f.source, f.units.every((u) => u.tests > 0)])).toEqual([
      ['src/calls.ts', true],
      ['src/forms.ts', true],
    ]);
    const output = report.files.find((f) => f.source === 'src/calls.ts')!.output!;
    const code = fs.readFileSync(path.join(root, output), 'utf8');
    expect(code).toMatch(/shout`[^`]*\$\{/);
    expect(code).toMatch(/new Bag\(/);
    const result = runNode(root, [bin('jest', 'bin/jest.js'), '--ci']);
    expect(result.output).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(result.status).toBe(0);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
