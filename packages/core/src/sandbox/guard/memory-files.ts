import { fs, vol } from 'memfs';
import { type FileChange, fileChanges } from '../../model/file-fixture.js';

type Files = Readonly<Record<string, string | null>>;

/**
 * The in-memory file system of this sandbox, and the files each request starts from: memfs's own `vol`
 * and `fs`, which the tests use (a `new Volume()` resolves some paths differently: `existsSync('')`).
 */
let memory: { volume: typeof vol; fs: typeof fs; files: Files } | undefined;

/** Serves `fs`/`fs/promises` from memory from now on (see {@link memoryFunction}), holding `files`. */
export function installMemoryFiles(files: Files): void {
  memory = { volume: vol, fs, files };
  resetMemoryFiles();
}

/** Back to the starting files, as the test's `beforeEach` does with `vol.reset(); vol.fromJSON(files)`. */
export function resetMemoryFiles(): void {
  if (!memory) return;
  memory.volume.reset();
  memory.volume.fromJSON({ ...memory.files });
}

/**
 * memfs's function for `name` of the built-in `specifier` (`node:fs/promises` → `fs.promises`), or
 * undefined when files are not served from memory or memfs has no such function.
 */
export function memoryFunction(
  specifier: string,
  name: string,
): ((...args: unknown[]) => unknown) | undefined {
  if (!memory) return undefined;
  const target = (/promises$/.test(specifier) ? memory.fs.promises : memory.fs) as unknown as Record<
    string,
    unknown
  >;
  const fn = target[name];
  return typeof fn === 'function' ? (fn as (...args: unknown[]) => unknown) : undefined;
}

/** Whether the files are served from memory in this sandbox. */
export function servesMemoryFiles(): boolean {
  return memory !== undefined;
}

/** What changed since the last reset (written files, new folders, removed paths). */
export function memoryFileChanges(): FileChange[] {
  if (!memory) return [];
  return fileChanges(memory.files, memory.volume.toJSON() as Files);
}
