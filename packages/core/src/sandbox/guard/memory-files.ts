import { createRequire } from 'node:module';
import { type FileChange, fileChanges } from '../../model/file-fixture.js';

type Memfs = typeof import('memfs');

type Files = Readonly<Record<string, string | null>>;

/**
 * The in-memory file system of this sandbox, and the files each request starts from: memfs's own `vol`
 * and `fs`, which the tests use (a `new Volume()` resolves some paths differently: `existsSync('')`).
 */
let memory: { volume: Memfs['vol']; fs: Memfs['fs']; files: Files } | undefined;

/**
 * Serves `fs`/`fs/promises` from memory from now on (see {@link memoryFunction}), holding `files`.
 * memfs is loaded here, not on import: most sandboxes never serve files, and it costs each start.
 */
export function installMemoryFiles(files: Files): void {
  const { fs, vol } = createRequire(import.meta.url)('memfs') as Memfs;
  memory = { volume: vol, fs, files };
  resetMemoryFiles();
}

/**
 * Back to the starting files, as the test's `beforeEach` does: every entry removed, then the files
 * written again. Descriptors an earlier call left open stay valid, as on a disk (`vol.reset()` would
 * close them, and a stream still finishing would fail with EBADF in the next test).
 */
export function resetMemoryFiles(): void {
  if (!memory) return;
  for (const entry of memory.volume.readdirSync('/') as string[])
    memory.volume.rmSync(`/${entry}`, { recursive: true, force: true });
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

/** Callback-style file operations started and not yet answered (memfs answers on later turns). */
let pending = 0;

/** How many callback-style file operations are still to answer: later work the sandbox waits for. */
export function pendingFileOperations(): number {
  return pending;
}

/** Counts belong to one call: an earlier call's operation answering later does not count down this one's. */
let generation = 0;

/** Forgets operations of earlier calls that never answered. */
export function resetPendingFileOperations(): void {
  pending = 0;
  generation++;
}

/**
 * Calls memfs's `fn`, counting a node-style callback (the last argument) as pending until memfs calls
 * it: a chain of callbacks (a folder walked entry by entry) is later work, even between the turns
 * where nothing the test can see changes.
 */
export function callCounted(fn: (...args: unknown[]) => unknown, args: unknown[]): unknown {
  const last = args.length - 1;
  const callback = args[last];
  if (typeof callback !== 'function') return fn(...args);
  const started = generation;
  let answered = false;
  const done = () => {
    if (!answered && started === generation) pending--;
    answered = true;
  };
  const counted = [...args];
  counted[last] = function answer(this: unknown, ...results: unknown[]) {
    done();
    return (callback as (...a: unknown[]) => unknown).apply(this, results);
  };
  pending++;
  try {
    return fn(...counted);
  } catch (error) {
    done();
    throw error;
  }
}
