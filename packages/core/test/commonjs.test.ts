import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyzeFile } from '../src/analyze/analyze-file.js';
import { ProjectPool } from '../src/analyze/project.js';
import { generateTests } from '../src/index.js';
import type { FunctionUnit } from '../src/model/unit.js';
import { bin, runNode } from './helpers.js';

// JavaScript as it is on npm: CommonJS exports in every form, untyped parameters, a default export
// that is also a named one, an object of functions as the default export.
const FIXTURE = fileURLToPath(new URL('./fixtures/commonjs', import.meta.url));

const analyze = (name: string) => {
  const file = path.join(FIXTURE, name);
  return analyzeFile(new ProjectPool().projectFor(file, FIXTURE), file);
};
const functions = (name: string) => analyze(name).units as FunctionUnit[];
const kinds = (unit: FunctionUnit | undefined) => unit?.parameters.map((p) => p.spec.kind);

describe('CommonJS exports', () => {
  test('module.exports = { … } exports each property by name, shorthand, function values and methods alike', () => {
    const units = functions('object-export.js');
    expect(units.map((u) => [u.name, u.exportName, u.member])).toEqual([
      ['add', 'add', undefined],
      ['sub', 'sub', undefined],
      ['scale', 'scale', undefined],
      ['shout', 'shout', undefined],
    ]);
  });

  test('module.exports = function … is the default export, named by the function', () => {
    expect(functions('function-export.js').map((u) => [u.name, u.exportName])).toEqual([
      ['plural', 'default'],
    ]);
  });

  test('exports.x =, module.exports.x = and Object.defineProperty(exports, …) are named exports', () => {
    expect(functions('named-exports.js').map((u) => u.exportName)).toEqual(['size', 'first', 'last']);
  });
});

describe('module wrappers', () => {
  test('a UMD wrapper exports what its definition function returns, with the functions set on it', () => {
    expect(functions('umd.js').map((u) => [u.name, u.exportName, u.member])).toEqual([
      ['Doubler', 'default', undefined],
      ['Doubler.shout', 'default', 'shout'],
      ['Doubler.half', 'default', 'half'],
    ]);
  });

  test('module.exports = (function () { … return fn; })() exports the returned function', () => {
    expect(functions('iife.js').map((u) => [u.name, u.exportName])).toEqual([['exclaim', 'default']]);
  });

  test('a constructor exported through new Proxy(Ctor, …) is the class', () => {
    const [tally] = analyze('proxy.js').units;
    expect(tally).toMatchObject({ kind: 'class', name: 'Tally', exportName: 'default' });
  });
});

describe('untyped parameters', () => {
  test('take the types their use implies: arithmetic and comparisons → number, string methods → string', () => {
    const units = functions('object-export.js');
    expect(kinds(units.find((u) => u.name === 'scale'))).toEqual(['number', 'number']);
    expect(kinds(units.find((u) => u.name === 'shout'))).toEqual(['string']);
    expect(kinds(functions('function-export.js')[0])).toEqual(['string', 'number']);
  });

  test('an options object is built with the properties the body reads', () => {
    const [label] = functions('untyped.mjs');
    expect(kinds(label)?.slice(0, 2)).toEqual(['string', 'number']);
    expect(JSON.stringify(label?.parameters[2]?.spec)).toContain('"short"');
  });

  test('lines stay those of the original file', () => {
    expect(functions('function-export.js')[0]?.line).toBe(1);
    expect(functions('untyped.mjs')[0]?.line).toBe(2);
  });
});

describe('constructor functions', () => {
  test('with methods on the prototype become classes: constructor parameters, methods, this-fields', () => {
    const [queue] = analyze('queue.js').units;
    expect(queue).toMatchObject({ kind: 'class', name: 'Queue', exportName: 'default' });
    if (queue?.kind !== 'class') throw new Error('not a class');
    expect(queue.constructorParameters.map((p) => p.name)).toEqual(['limit']);
    expect(queue.methods.map((m) => [m.name, m.parameters.length, m.returnsValue])).toEqual([
      ['push', 1, true],
      ['shift', 0, true],
      ['size', 0, true],
    ]);
    expect(queue.observers).toEqual(['limit', 'items']);
  });
});

describe('default exports', () => {
  test('a class exported both by name and as default is one unit, under its name', () => {
    expect(analyze('dirent.mjs').units.map((u) => [u.name, u.exportName])).toEqual([['Dirent', 'Dirent']]);
  });

  test('the functions of a default-exported object are called through a binding named after the file', () => {
    expect(functions('defaults.mjs').map((u) => [u.name, u.exportName, u.member])).toEqual([
      ['defaults.twice', 'default', 'twice'],
    ]);
  });
});

describe('generated tests for CommonJS and untyped modules, run by Vitest', () => {
  let root: string;
  let report: Awaited<ReturnType<typeof generateTests>>;

  beforeAll(async () => {
    root = fileURLToPath(new URL(`./.tmp/commonjs-${process.pid}`, import.meta.url));
    fs.rmSync(root, { recursive: true, force: true });
    fs.cpSync(FIXTURE, root, { recursive: true });
    // A CommonJS package (no "type": "module"), as most of npm is.
    fs.writeFileSync(
      path.join(root, 'vitest.config.mjs'),
      "export default { test: { include: ['**/*.assay.test.js'] } };\n",
    );
    report = await generateTests({
      root,
      // Not iife.js and reexport.js: analysis above covers them; each generation costs CI time.
      paths: [
        'defaults.mjs',
        'dirent.mjs',
        'function-export.js',
        'named-exports.js',
        'object-export.js',
        'queue.js',
        'untyped.mjs',
        'umd.js',
        'proxy.js',
      ],
      framework: 'vitest',
      property: false,
      maxIterations: 0,
      // One validation run: the test below runs the kept tests twice more itself.
      validateRuns: 1,
    });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('every module gets a test file', () => {
    const written = report.files.filter((f) => f.status === 'written').map((f) => f.source);
    expect(written.sort()).toEqual([
      'defaults.mjs',
      'dirent.mjs',
      'function-export.js',
      'named-exports.js',
      'object-export.js',
      'proxy.js',
      'queue.js',
      'umd.js',
      'untyped.mjs',
    ]);
  });

  test('tests import CommonJS exports the way require() gives them', () => {
    const read = (name: string) => fs.readFileSync(path.join(root, name), 'utf8');
    expect(read('object-export.assay.test.js')).toContain(
      "import { add, scale, shout, sub } from './object-export.js';",
    );
    expect(read('function-export.assay.test.js')).toContain("import plural from './function-export.js';");
    expect(read('queue.assay.test.js')).toMatch(
      /import Queue from '.\/queue.js';[\s\S]*new Queue\([^)]*\)[\s\S]*\.push\(/,
    );
    expect(read('dirent.assay.test.js')).toContain("import { Dirent } from './dirent.mjs';");
    expect(read('defaults.assay.test.js')).toMatch(
      /import defaults from '.\/defaults.mjs';[\s\S]*defaults\.twice\(/,
    );
    // A UMD module's function and the functions set on it, called through the import.
    expect(read('umd.assay.test.js')).toMatch(/import Doubler from '.\/umd.js';[\s\S]*Doubler\.shout\(/);
    expect(read('umd.assay.test.js')).toMatch(/Doubler\.half\(/);
    // A constructor behind a Proxy is driven with `new`, its methods called.
    expect(read('proxy.assay.test.js')).toMatch(
      /import Tally from '.\/proxy.js';[\s\S]*new Tally\([\s\S]*\.add\(/,
    );
    // Typed inputs: the plural of a word, not of a random value.
    expect(read('function-export.assay.test.js')).toMatch(/plural\('[^']*', 1\)|\['[^']*', 1, '[^']*'\]/);
  });

  test('the tests pass under Vitest, three runs out of three (validation ran them once)', () => {
    for (let run = 0; run < 2; run++) {
      const result = runNode(root, [bin('vitest', 'vitest.mjs'), 'run']);
      expect(result.output).not.toMatch(/failed|Unhandled/i);
      expect(result.status).toBe(0);
    }
  });
});
