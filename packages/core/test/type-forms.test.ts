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
`;

const project = (name: string) => sourceProject(name, { 'src/forms.ts': FORMS });

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
    report = await generateTests({ root, paths: ['src'], property: false, maxIterations: 0 });
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

  test('the file passes under real Vitest', () => {
    const result = runNode(root, [bin('vitest', 'vitest.mjs'), 'run', 'src']);
    expect(result.output).toMatch(/Test Files\s+1 passed/);
    expect(result.status).toBe(0);
  });
});

test('the same types under Jest', async () => {
  const root = project('forms-jest');
  try {
    makeJestProject(root, ['**/*.assay.test.ts']);
    const report = await generateTests({ root, paths: ['src'], property: false, maxIterations: 0 });
    expect(report.files[0]!.units.every((u) => u.tests > 0)).toBe(true);
    const result = runNode(root, [bin('jest', 'bin/jest.js'), '--ci']);
    expect(result.output).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(result.status).toBe(0);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
