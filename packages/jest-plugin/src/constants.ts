// Constants and message shapes shared by every entry. Imports nothing: the setup file and the runtime
// marker load it inside each test file's module registry, where every import costs time per file.

/**
 * Folder (made by the reporter, inherited by Jest's workers) where the environment leaves one small
 * JSON file per test file: what the reporter cannot read from Jest's results.
 */
export const CHANNEL_ENV = 'ASSAY_JEST_CHANNEL';

/** Property the in-code marker puts on the test function it returns (a registry symbol: it crosses realms). */
export const MARKER = Symbol.for('assay.jest.quarantined');

/** Global the environment sets in each test file's context for `@assay/jest-plugin/setup`. */
export const WORKER_CONFIG = Symbol.for('assay.jest.config');

/** What the environment gives the setup file, and the setup file gives back. */
export interface WorkerConfig {
  retry: number;
  /**
   * Set by the setup file: the paths of the modules the test file's module registry holds
   * (`require.cache` inside Jest lists them, on Jest 29 and 30). The environment reads it when the
   * file's tests end, for the file's code version.
   */
  loaded?: () => string[];
}

/** What the environment tells the reporter about one test file (see {@link CHANNEL_ENV}). */
export interface ChannelMessage {
  /** Absolute path of the test file. */
  file: string;
  /** `JEST_WORKER_ID` of the worker that ran it. */
  worker: string;
  /**
   * Peak resident set size of the worker process so far, in bytes. Absent in band (the file ran in
   * the reporter's own process): the reporter reads that process's peak once, at the end of the run.
   */
  rss?: number;
  /** Peak V8 heap used seen while the file ran, in bytes. */
  heap: number;
  /**
   * Resident size and heap used when the first file of this worker process was set up: the fresh
   * worker's size (later files only find it bigger, so it is measured once per process).
   */
  base?: { rss: number; heap: number };
  /**
   * Heap still in use after a full collection at the file's end, before its environment is torn
   * down: what the file kept alive. Measured only under a memory budget (a collection costs time).
   */
  live?: number;
  /** Tests quarantined by the in-code marker: names joined by " > " → reason. */
  markers: Record<string, string>;
  /** Time of tests that ran more than once, all attempts added: names → ms. */
  durations: Record<string, number>;
  /**
   * The project modules (outside `node_modules`, absolute paths) the test file loaded, when the setup
   * file was there to list them: the file's code version.
   */
  modules?: string[];
}

/**
 * Global the reporter sets in its own process: when the environment runs there too (Jest runs in
 * band with one worker, the default on two cores), it hands its message over in memory instead of
 * writing a channel file the reporter would read back.
 */
export const INBOX = Symbol.for('assay.jest.inbox');

/** What {@link INBOX} holds: the reporter's channel folder and the messages handed over, by test file. */
export interface Inbox {
  channel: string;
  messages: Map<string, ChannelMessage>;
}

/** Name of the channel file of a test file. */
export function channelName(file: string, hash: (text: string) => string): string {
  return `${hash(file).slice(0, 24)}.json`;
}
