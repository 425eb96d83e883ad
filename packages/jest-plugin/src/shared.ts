// Shared by the main process (reporter) and the workers (environment, setup, runtime): constants, the
// message the environment leaves for the reporter, and option lookup. Never imports the reporter.
import { statSync } from 'node:fs';
import {
  OptionError,
  type QuarantineMode,
  quarantineFile,
  readQuarantine,
  validateRunOptions,
} from '@assay/history/worker';
import { AssayJestError } from './errors.js';
import type { AssayJestOptions } from './options.js';

export * from './constants.js';

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

/** Options already checked, as JSON: the environment is made once per test file with the same ones. */
const validated = new Set<string>();

/** Checks the options once, so a typo fails before any test runs, naming the option. */
export function validateOptions(options: AssayJestOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new OptionError(WHERE, 'the reporter options must be an object');
  }
  const key = keyOf(options);
  if (key !== undefined && validated.has(key)) return;
  validateRunOptions(options, (field) => `${WHERE} ${field}`);
  if (options.earlyFlakeDetection) {
    throw new AssayJestError(
      'ASSAY_JEST_OPTION_UNSUPPORTED',
      `${WHERE} earlyFlakeDetection: early flake detection is not available with Jest yet ` +
        '(jest-circus cannot run a passing test again). Remove the option, or use `retry` to catch ' +
        'flaky tests that fail.',
    );
  }
  if (key !== undefined) validated.add(key);
}

function keyOf(options: AssayJestOptions): string | undefined {
  try {
    return JSON.stringify(options);
  } catch {
    return undefined; // Not JSON (a cycle): checked every time.
  }
}

/** The list last read from each quarantine file, with the file's stat when it was read. */
const quarantineCache = new Map<string, { stamp: string; quarantined: ReadonlyMap<string, string> }>();

/**
 * Quarantined ids and their reasons from `.assay/quarantine.json`; empty in mode `off`. The
 * environment asks once per test file: the file is read again only when its size, modification time
 * or inode changed. The map is shared between callers: read it, never change it.
 */
export async function loadQuarantined(
  root: string,
  mode: QuarantineMode,
): Promise<ReadonlyMap<string, string>> {
  if (mode === 'off') return new Map();
  const file = quarantineFile(root);
  const info = statSync(file, { throwIfNoEntry: false });
  if (!info) return new Map();
  const stamp = `${info.size}:${info.mtimeMs}:${info.ino}`;
  const cached = quarantineCache.get(file);
  if (cached?.stamp === stamp) return cached.quarantined;
  const quarantined = new Map<string, string>();
  for (const entry of (await readQuarantine(root)).tests) quarantined.set(entry.id, entry.reason);
  quarantineCache.set(file, { stamp, quarantined });
  return quarantined;
}
