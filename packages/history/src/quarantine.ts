import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { AssayHistoryError, OptionError, QuarantineFileError } from './errors.js';
import { displayPath, quarantineFile } from './paths.js';
import { parseTestId } from './testId.js';

/** One quarantined test in `.assay/quarantine.json`. */
export interface QuarantineEntry {
  /** Test id (`file::describe > test`). */
  id: string;
  /** Why it is quarantined; shown in reports. */
  reason: string;
  /** Date it was quarantined (ISO, e.g. `2026-11-21`). */
  since: string;
  /** Who is looking after it. */
  owner?: string;
  /** Link to the issue tracking the fix. */
  issue?: string;
  /** Set when a policy quarantined the test (so a release policy may take it out again). */
  auto?: boolean;
}

/**
 * How quarantined tests are treated:
 * - `report` (default): the test runs and is recorded; its failure does not fail the build.
 * - `skip`: the test does not run.
 * - `off`: the quarantine list is ignored.
 */
export type QuarantineMode = 'report' | 'skip' | 'off';

export const QUARANTINE_MODES: readonly QuarantineMode[] = ['report', 'skip', 'off'];

/** Environment variable that overrides the configured quarantine mode. */
export const QUARANTINE_ENV = 'ASSAY_QUARANTINE';

/**
 * The quarantine mode in effect: `ASSAY_QUARANTINE` when set, else the configured mode, else
 * `report`. Throws an {@link OptionError} for a value that is not a mode.
 */
export function resolveQuarantineMode(
  configured: string | undefined,
  env: string | undefined = process.env[QUARANTINE_ENV],
): QuarantineMode {
  const check = (value: string, source: string): QuarantineMode => {
    if ((QUARANTINE_MODES as readonly string[]).includes(value)) return value as QuarantineMode;
    throw new OptionError(
      source,
      `"${value}" is not a quarantine mode; use one of ${QUARANTINE_MODES.join(', ')}`,
      'ASSAY_QUARANTINE_MODE_INVALID',
    );
  };
  if (env !== undefined && env.trim() !== '') return check(env.trim(), QUARANTINE_ENV);
  if (configured !== undefined) return check(configured, 'quarantine.mode');
  return 'report';
}

/** Content of `.assay/quarantine.json`. */
export interface QuarantineFile {
  tests: QuarantineEntry[];
}

function problemOf(entry: unknown, index: number): string | undefined {
  const where = `tests[${index}]`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return `${where} is not an object`;
  const e = entry as Record<string, unknown>;
  if (typeof e.id !== 'string') return `${where} has no "id"`;
  try {
    parseTestId(e.id);
  } catch {
    return `${where}.id "${e.id}" is not a test id ("file::describe > test")`;
  }
  if (typeof e.reason !== 'string' || e.reason.trim() === '') return `${where} (${e.id}) has no "reason"`;
  if (typeof e.since !== 'string' || Number.isNaN(Date.parse(e.since))) {
    return `${where} (${e.id}) has no valid "since" date`;
  }
  for (const key of ['owner', 'issue'] as const) {
    if (e[key] !== undefined && typeof e[key] !== 'string') return `${where}.${key} must be a string`;
  }
  return undefined;
}

/** Parses the text of a quarantine file; throws a {@link QuarantineFileError} naming what is wrong. */
export function parseQuarantine(file: string, text: string): QuarantineFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new QuarantineFileError(file, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { tests?: unknown }).tests)) {
    throw new QuarantineFileError(file, 'expected an object with a "tests" array');
  }
  const tests = (data as { tests: unknown[] }).tests;
  const problems = tests.map(problemOf).filter((p): p is string => p !== undefined);
  const ids = new Set<string>();
  for (const t of tests as QuarantineEntry[]) {
    if (ids.has(t.id)) problems.push(`"${t.id}" is listed twice`);
    ids.add(t.id);
  }
  if (problems.length) throw new QuarantineFileError(file, problems.join('; '));
  return { tests: tests as QuarantineEntry[] };
}

/** Reads the quarantine list of a project; an absent file is an empty list. */
export async function readQuarantine(root: string): Promise<QuarantineFile> {
  const file = quarantineFile(root);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { tests: [] };
    throw error;
  }
  return parseQuarantine(displayPath(file), text);
}

/** Writes the list sorted by id, two-space indented, so diffs stay small in review. */
export async function writeQuarantine(root: string, list: QuarantineFile): Promise<void> {
  const tests = [...list.tests].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await writeFileAtomic(quarantineFile(root), `${JSON.stringify({ tests }, null, 2)}\n`);
}

/**
 * Reads, changes and writes the quarantine list under a lock file, so the command line and policies
 * of parallel runs do not overwrite each other's changes.
 */
export async function updateQuarantine(
  root: string,
  change: (list: QuarantineFile) => QuarantineFile | Promise<QuarantineFile>,
): Promise<QuarantineFile> {
  const lock = `${quarantineFile(root)}.lock`;
  await acquireLock(lock);
  try {
    const next = await change(await readQuarantine(root));
    await writeQuarantine(root, next);
    return next;
  } finally {
    await rm(lock, { force: true });
  }
}

async function acquireLock(lock: string, timeoutMs = 10_000, staleMs = 30_000): Promise<void> {
  await mkdir(dirname(lock), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const info = await stat(lock).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > staleMs) {
        await rm(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new AssayHistoryError(
          'ASSAY_LOCK_TIMEOUT',
          `${displayPath(lock)} is held by another process. If no assay command or test run is running, delete it.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** Adds a test to the list. Throws when it is already there (the message shows the existing entry). */
export function addEntry(list: QuarantineFile, entry: QuarantineEntry): QuarantineFile {
  parseTestId(entry.id);
  if (!entry.reason.trim())
    throw new OptionError('--reason', 'a quarantine needs a reason; say why the test is quarantined');
  const existing = list.tests.find((t) => t.id === entry.id);
  if (existing) {
    throw new AssayHistoryError(
      'ASSAY_QUARANTINE_ENTRY_EXISTS',
      `${entry.id} is already quarantined since ${existing.since} (${existing.reason}). ` +
        'Remove it first to change the entry.',
    );
  }
  return { tests: [...list.tests, entry] };
}

/** Removes a test from the list. Throws when it is not there. */
export function removeEntry(list: QuarantineFile, id: string): QuarantineFile {
  if (!list.tests.some((t) => t.id === id)) {
    throw new AssayHistoryError(
      'ASSAY_QUARANTINE_ENTRY_MISSING',
      `${id} is not quarantined. Run \`assay quarantine list\` to see the quarantined ids.`,
    );
  }
  return { tests: list.tests.filter((t) => t.id !== id) };
}

/** Today's date as `YYYY-MM-DD`. */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
