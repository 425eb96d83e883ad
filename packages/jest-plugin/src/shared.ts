// Shared by the main process (reporter) and the workers (environment, setup, runtime): constants, the
// message the environment leaves for the reporter, and option lookup. Never imports the reporter.
import {
  OptionError,
  type QuarantineMode,
  readQuarantine,
  resolvePolicy,
  resolveQuarantineMode,
  resolveThresholds,
} from '@assay/history';
import { AssayJestError } from './errors.js';
import type { AssayJestOptions } from './options.js';

/**
 * Folder (made by the reporter, inherited by Jest's workers) where the environment leaves one small
 * JSON file per test file: what the reporter cannot read from Jest's results.
 */
export const CHANNEL_ENV = 'ASSAY_JEST_CHANNEL';

/** Property the in-code marker puts on the test function it returns (a registry symbol: it crosses realms). */
export const MARKER = Symbol.for('assay.jest.quarantined');

/** Global the environment sets in each test file's context for `@assay/jest-plugin/setup`. */
export const WORKER_CONFIG = Symbol.for('assay.jest.config');

/** What the environment gives the setup file. */
export interface WorkerConfig {
  retry: number;
}

/** What the environment tells the reporter about one test file (see {@link CHANNEL_ENV}). */
export interface ChannelMessage {
  /** Absolute path of the test file. */
  file: string;
  /** `JEST_WORKER_ID` of the worker that ran it. */
  worker: string;
  /** Peak resident set size of the worker process so far, in bytes. */
  rss: number;
  /** Peak V8 heap used seen while the file ran, in bytes. */
  heap: number;
  /** Tests quarantined by the in-code marker: names joined by " > " → reason. */
  markers: Record<string, string>;
  /** Time of tests that ran more than once, all attempts added: names → ms. */
  durations: Record<string, number>;
}

/** Name of the channel file of a test file. */
export function channelName(file: string, hash: (text: string) => string): string {
  return `${hash(file).slice(0, 24)}.json`;
}

const REPORTER_PATH = /[\\/]jest-plugin[\\/]dist[\\/]reporter\.(c?js|mjs)$/;

type ReporterEntry = string | [string, Record<string, unknown>] | readonly unknown[];

/** The options given to `@assay/jest-plugin/reporter` in Jest's `reporters`, if it is listed. */
export function findReporterOptions(reporters: readonly ReporterEntry[] | undefined | null): {
  listed: boolean;
  options: AssayJestOptions;
} {
  for (const entry of reporters ?? []) {
    const path = typeof entry === 'string' ? entry : entry[0];
    if (typeof path === 'string' && REPORTER_PATH.test(path)) {
      const options = (typeof entry === 'string' ? undefined : entry[1]) as AssayJestOptions | undefined;
      return { listed: true, options: options ?? {} };
    }
  }
  return { listed: false, options: {} };
}

const WHERE = "['@assay/jest-plugin/reporter', { ... }]";

/** Checks the options once, so a typo fails before any test runs, naming the option. */
export function validateOptions(options: AssayJestOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new OptionError(WHERE, 'the reporter options must be an object');
  }
  resolveThresholds(options.thresholds, `${WHERE} thresholds`);
  resolvePolicy(options.quarantine, `${WHERE} quarantine`);
  resolveQuarantineMode(options.quarantine?.mode);
  if (options.keep !== undefined && !(Number.isInteger(options.keep) && options.keep >= 1)) {
    throw new OptionError(`${WHERE} keep`, `${options.keep} is not a whole number ≥ 1`);
  }
  if (options.retry !== undefined && !(Number.isInteger(options.retry) && options.retry >= 0)) {
    throw new OptionError(`${WHERE} retry`, `${options.retry} is not a whole number ≥ 0`);
  }
  if (options.earlyFlakeDetection) {
    throw new AssayJestError(
      'ASSAY_JEST_OPTION_UNSUPPORTED',
      `${WHERE} earlyFlakeDetection: early flake detection is not available with Jest yet ` +
        '(jest-circus cannot run a passing test again). Remove the option, or use `retry` to catch ' +
        'flaky tests that fail.',
    );
  }
}

/** Quarantined ids and their reasons from `.assay/quarantine.json`; empty in mode `off`. */
export async function loadQuarantined(root: string, mode: QuarantineMode): Promise<Map<string, string>> {
  const quarantined = new Map<string, string>();
  if (mode === 'off') return quarantined;
  for (const entry of (await readQuarantine(root)).tests) quarantined.set(entry.id, entry.reason);
  return quarantined;
}
