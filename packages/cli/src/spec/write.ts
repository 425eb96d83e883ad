import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '@assay/history';
import type { SpecDocument } from './document.js';
import { renderSpecTests, SPEC_MARKER_PREFIX, type SpecFramework, specMarkerLine } from './render.js';

/** What happened to one document's test file. */
export type SpecFileStatus = 'written' | 'unchanged' | 'conflict';

export interface SpecFileResult {
  /** The test file, relative to the root (posix). */
  output: string;
  status: SpecFileStatus;
  /** For `conflict`: what is in the way and what to do. */
  message?: string;
}

/**
 * Folder for spec tests when `--out-dir` is not given: `spec/` under the project's test folder
 * (`test/`, `tests/` or `__tests__/`, the first that exists), else `test/spec/`.
 */
export function defaultSpecDir(root: string): string {
  const tests = ['test', 'tests', '__tests__'].find((d) => isDirectory(path.join(root, d))) ?? 'test';
  return path.join(root, tests, 'spec');
}

/** `<dir>/<feature>.requirements.test.ts` (`.js` in a project without tsconfig.json). */
export function specTestPath(doc: SpecDocument, root: string, dir: string): string {
  const ext = fs.existsSync(path.join(root, 'tsconfig.json')) ? '.ts' : '.js';
  return path.join(dir, `${doc.feature}.requirements.test${ext}`);
}

/**
 * Writes the document's test file unless a file the user owns (no assay marker on its first line) is
 * there, atomically, and leaves a file that would not change untouched.
 */
export async function writeSpecTests(
  doc: SpecDocument,
  options: { root: string; outputPath: string; framework: SpecFramework },
): Promise<SpecFileResult> {
  const output = toPosix(path.relative(options.root, options.outputPath));
  const documentPath = toPosix(path.relative(options.root, path.resolve(doc.file)));
  const draft = renderSpecTests(doc, { framework: options.framework, documentPath, marker: '' });
  const hash = createHash('sha1').update(draft).digest('hex').slice(0, 12);
  const content = renderSpecTests(doc, {
    framework: options.framework,
    documentPath,
    marker: specMarkerLine(hash),
  });
  let existing: string | undefined;
  try {
    existing = fs.readFileSync(options.outputPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (existing !== undefined && !existing.startsWith(SPEC_MARKER_PREFIX)) {
    return {
      output,
      status: 'conflict',
      message: `${output} exists and was not written by assay spec (no marker on its first line): it was left as it is. Move it, or pass --out-dir <dir>.`,
    };
  }
  if (existing === content) return { output, status: 'unchanged' };
  fs.mkdirSync(path.dirname(options.outputPath), { recursive: true });
  await writeFileAtomic(options.outputPath, content);
  return { output, status: 'written' };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
