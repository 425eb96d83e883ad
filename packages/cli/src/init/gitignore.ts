import fs from 'node:fs';
import path from 'node:path';
import type { InitStep } from './types.js';

/** What assay writes and nobody should commit (`.assay/quarantine.json` is committed). */
export const IGNORED = ['.assay/cache', '.assay/runs'] as const;

/** Adds the {@link IGNORED} folders to `.gitignore` (made if missing), unless a line already covers them. */
export function ignoreAssayFolders(root: string): InitStep {
  const file = path.join(root, '.gitignore');
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const lines = new Set(text.split(/\r?\n/).map((line) => line.trim().replace(/^\//, '').replace(/\/$/, '')));
  const missing = IGNORED.filter((entry) => !lines.has(entry) && !lines.has('.assay'));
  if (missing.length === 0) {
    return { file: '.gitignore', status: 'unchanged', notes: [`already ignores ${IGNORED.join(' and ')}`] };
  }
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  fs.writeFileSync(file, `${text}${separator}${missing.map((entry) => `${entry}/`).join('\n')}\n`);
  return {
    file: '.gitignore',
    status: 'changed',
    notes: [`added ${missing.map((m) => `${m}/`).join(', ')}`],
  };
}
