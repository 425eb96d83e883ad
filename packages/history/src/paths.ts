import { isAbsolute, join, relative } from 'node:path';

/** Folder of assay's files inside a project. */
export const ASSAY_DIR = '.assay';

/** `.assay/runs` under a project root. */
export function runsDir(root: string): string {
  return join(root, ASSAY_DIR, 'runs');
}

/** `.assay/quarantine.json` under a project root. */
export function quarantineFile(root: string): string {
  return join(root, ASSAY_DIR, 'quarantine.json');
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
