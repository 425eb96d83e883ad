/**
 * The files a module that does file I/O finds, in memory (memfs), when assay explores it and when its
 * generated tests run: the same small tree for every module, so that reads find text, JSON, nested
 * folders and an empty one, and writes land somewhere a later read sees them. The code never reaches
 * the disk. `null` is an empty directory (memfs's `vol.fromJSON` format).
 */
export const FILE_FIXTURE: Readonly<Record<string, string | null>> = {
  '/data/notes.txt': 'first line\nsecond line\n',
  '/data/config.json': '{\n  "name": "example",\n  "version": 1,\n  "tags": ["a", "b"]\n}\n',
  '/data/docs/readme.md': '# Title\n\nSome text.\n',
  '/data/docs/empty.txt': '',
  '/data/empty': null,
};

/**
 * Paths worth passing as string inputs to code that does file I/O: the fixture's files and folders,
 * a file and a folder that do not exist yet (a write target; the missing-file branch).
 */
export const FIXTURE_PATHS: readonly string[] = [
  '/data',
  '/data/notes.txt',
  '/data/config.json',
  '/data/docs',
  '/data/empty',
  '/data/missing.txt',
  '/data/out/new.json',
];

/** The built-ins served by the in-memory file system: `fs` and `fs/promises`, with or without `node:`. */
export const FILE_SYSTEM_MODULE = /^(node:)?fs(\/promises)?$/;

/** How one path differs after a call from the {@link FILE_FIXTURE}: written, made a folder, or removed. */
export type FileChange =
  | { path: string; kind: 'file'; text: string }
  | { path: string; kind: 'directory' }
  | { path: string; kind: 'removed' };

/**
 * The changes between two `vol.toJSON()` states, sorted by path. A new folder shows as its own entry
 * only when empty (its files show otherwise), as in `toJSON`.
 */
export function fileChanges(
  before: Readonly<Record<string, string | null>>,
  after: Readonly<Record<string, string | null>>,
): FileChange[] {
  const changes: FileChange[] = [];
  for (const [path, text] of Object.entries(after)) {
    if (path in before && before[path] === text) continue;
    changes.push(text === null ? { path, kind: 'directory' } : { path, kind: 'file', text });
  }
  for (const path of Object.keys(before)) {
    // A folder that was empty and now holds files is still there.
    if (path in after || (before[path] === null && Object.keys(after).some((p) => p.startsWith(`${path}/`))))
      continue;
    changes.push({ path, kind: 'removed' });
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
