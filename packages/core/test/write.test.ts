import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { OutputConflictError } from '../src/errors.js';
import { markerLine, readMarker } from '../src/write/marker.js';
import { importPathFor, inspectOutput, outputPathFor, writeGeneratedFile } from '../src/write/write-file.js';

describe('writeGeneratedFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-write-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('creates folders and writes the file', () => {
    const target = path.join(dir, 'a', 'b', 'x.assay.test.ts');
    writeGeneratedFile(target, `${markerLine('abc123')}\n`);
    expect(inspectOutput(target)).toEqual({ state: 'generated', inputHash: 'abc123' });
  });

  test('never overwrites a file without the marker, and names it in the error', () => {
    const target = path.join(dir, 'mine.test.ts');
    fs.writeFileSync(target, 'my own tests');
    expect(() => writeGeneratedFile(target, 'generated')).toThrow(OutputConflictError);
    expect(() => writeGeneratedFile(target, 'generated')).toThrow(target);
    expect(fs.readFileSync(target, 'utf8')).toBe('my own tests');
  });

  test('replaces its own earlier file and leaves no temporary file behind', () => {
    const target = path.join(dir, 'x.assay.test.ts');
    writeGeneratedFile(target, `${markerLine('0ne')}\n`);
    writeGeneratedFile(target, `${markerLine('7e0')}\n`);
    expect(readMarker(fs.readFileSync(target, 'utf8'))?.inputHash).toBe('7e0');
    expect(fs.readdirSync(dir)).toEqual(['x.assay.test.ts']);
  });
});

test('outputs go beside the source, or mirror the tree under outDir', () => {
  expect(outputPathFor('/p/src/a/b.ts', '/p', undefined)).toBe('/p/src/a/b.assay.test.ts');
  expect(outputPathFor('/p/src/a/b.ts', '/p', '/p/tests')).toBe('/p/tests/src/a/b.assay.test.ts');
  expect(outputPathFor('/p/lib/c.js', '/p', undefined)).toBe('/p/lib/c.assay.test.js');
});

test('import paths are relative, extensionless for bundler resolution and .js for NodeNext', () => {
  expect(importPathFor('/p/tests/src/a/b.assay.test.ts', '/p/src/a/b.ts', false)).toBe('../../../src/a/b');
  expect(importPathFor('/p/src/b.assay.test.ts', '/p/src/b.ts', true)).toBe('./b.js');
});
