import fs from 'node:fs';
import path from 'node:path';
import { OutputConflictError } from '../errors.js';
import { redact } from '../sandbox/guard/redact.js';
import { readMarker } from './marker.js';

export type ExistingOutput = { state: 'absent' } | { state: 'generated'; inputHash: string | undefined };

/**
 * What is at the output path now.
 * @throws OutputConflictError when a file there was not written by assay.
 */
export function inspectOutput(outputPath: string): ExistingOutput {
  let firstLine: string;
  try {
    const fd = fs.openSync(outputPath, 'r');
    try {
      const buffer = Buffer.alloc(512);
      const bytes = fs.readSync(fd, buffer, 0, buffer.length, 0);
      firstLine = buffer.subarray(0, bytes).toString('utf8').split('\n')[0] ?? '';
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
    throw error;
  }
  const marker = readMarker(firstLine);
  if (!marker) throw new OutputConflictError(outputPath);
  return { state: 'generated', inputHash: marker.inputHash };
}

/**
 * Writes a generated file atomically (temp file + rename), after checking once more that whatever is
 * there was written by assay: a crash or a concurrent edit never leaves half a file or loses the user's.
 */
export function writeGeneratedFile(outputPath: string, content: string): void {
  inspectOutput(outputPath);
  // A value of an environment variable never lands in a test (the runner validates what is written).
  content = redact(content);
  fs.mkdirSync(path.dirname(outputPath), { recursive: true });
  const temp = `${outputPath}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temp, content);
  try {
    fs.renameSync(temp, outputPath);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** Where the generated test for `source` goes: beside it, or mirrored under `outDir`. */
export function outputPathFor(source: string, root: string, outDir: string | undefined): string {
  const ext = path.extname(source);
  const testExt = ext === '.ts' || ext === '.tsx' || ext === '.mts' || ext === '.cts' ? '.ts' : '.js';
  const base = `${path.basename(source, ext)}.assay.test${testExt}`;
  const dir = outDir ? path.join(outDir, path.relative(root, path.dirname(source))) : path.dirname(source);
  return path.join(dir, base);
}

/** The module specifier a test at `outputPath` uses to import `source`. */
export function importPathFor(outputPath: string, source: string, nodeNextResolution: boolean): string {
  let relative = path.relative(path.dirname(outputPath), source).split(path.sep).join('/');
  if (!relative.startsWith('.')) relative = `./${relative}`;
  const ext = path.extname(source);
  if (ext === '.ts' || ext === '.tsx')
    return relative.slice(0, -ext.length) + (nodeNextResolution ? '.js' : '');
  if (ext === '.mts') return `${relative.slice(0, -4)}.mjs`;
  if (ext === '.cts') return `${relative.slice(0, -4)}.cjs`;
  return relative;
}
