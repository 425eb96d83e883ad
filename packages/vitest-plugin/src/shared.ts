// Shared by the main process and the workers: constants, the provided config's type and the test id.
// Imports nothing but `node:path`, so worker code can use it without pulling in main-process modules.
import { relative, sep } from 'node:path';

/** Key under which the plugin provides its worker config (read with `inject`). */
export const PROVIDE_KEY = '__assay';

/** Meta keys the worker writes on tasks; the reporter reads them. */
export const META_QUARANTINE = 'assayQuarantine';
export const META_ATTEMPTS = 'assayAttempts';
export const META_MEMORY = 'assayMemory';
/** The project modules a test file loaded (absolute paths), set by the setup file: its code version. */
export const META_MODULES = 'assayModules';
/** A file's wall time in its worker (ms), set by the setup file: see `fileCostMs`. */
export const META_FILE_TIME = 'assayFileTime';

/** What the worker needs to know, provided by the plugin for each run. */
export interface WorkerConfig {
  /** Project root that test ids are relative to. */
  root: string;
  /** Quarantine mode in effect. */
  mode: 'report' | 'skip' | 'off';
  /** Quarantined test ids and their reasons (empty when mode is `off`). */
  quarantined: Record<string, string>;
  /** Early flake detection: how many times to run tests the history has never seen. */
  efd?: { runs: number; known: string[] };
}

/** Test id `<posix path relative to root>::<describe > ... > test>`; same rule as `@assay/history`. */
export function idFor(root: string, file: string, names: readonly string[]): string {
  let rel = relative(root, file);
  if (sep !== '/') rel = rel.split(sep).join('/');
  return `${rel}::${names.join(' > ')}`;
}

/** Minimal shape of a runner task, common to Vitest 3 and 4. */
export interface TaskLike {
  name: string;
  type: string;
  suite?: TaskLike;
  file?: { filepath: string };
  filepath?: string;
}

/** Names of a task from the outermost describe to the task itself. */
export function namesOf(task: TaskLike): string[] {
  const names = [task.name];
  for (let s = task.suite; s && s.filepath === undefined; s = s.suite) names.unshift(s.name);
  return names;
}
