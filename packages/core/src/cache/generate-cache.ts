import fs from 'node:fs';
import path from 'node:path';
import type { FileReport, Problem } from '../model/report.js';
import { inspectOutput } from '../write/write-file.js';

/** Where the cache lives under the project root; safe to delete (the next run redoes everything). */
export const CACHE_FILE = '.assay/cache/generate.json';
const FORMAT = 1;

interface CacheEntry {
  /** {@link generationKey} of the source when it was processed. */
  key: string;
  report: FileReport;
}

interface CacheFile {
  format: number;
  entries: Record<string, CacheEntry>;
}

/**
 * What the last runs concluded for each source, keyed by everything the result depends on. It lets a
 * run skip files that gave no test or failed as well as those whose test file is up to date (whose
 * marker line already tells). Written atomically; an unreadable cache is ignored and rebuilt.
 */
export class GenerateCache {
  readonly #file: string;
  readonly #entries: Record<string, CacheEntry>;
  #dirty = 0;

  private constructor(file: string, entries: Record<string, CacheEntry>) {
    this.#file = file;
    this.#entries = entries;
  }

  static load(root: string): GenerateCache {
    const file = path.join(root, CACHE_FILE);
    return new GenerateCache(file, readEntries(file));
  }

  /**
   * The report of the last run for `source` when its key is the same and its test file (if it had one)
   * is still the one written then, where this run writes it (`output`, absolute: another `outDir` is
   * another file); the report then says `unchanged` (or its old status) and `cached`.
   */
  lookup(source: string, key: string, root: string, output: string): FileReport | undefined {
    const entry = this.#entries[source];
    if (!entry || entry.key !== key) return undefined;
    const { report } = entry;
    if (report.output) {
      if (path.resolve(root, report.output) !== path.resolve(output)) return undefined;
      try {
        const existing = inspectOutput(path.join(root, report.output));
        if (existing.state !== 'generated' || existing.inputHash !== key) return undefined;
      } catch {
        return undefined; // The file was replaced by the user's own: let the pipeline report it.
      }
    }
    const status = report.status === 'written' ? 'unchanged' : report.status;
    return { ...report, status, cached: true, durationMs: 0 };
  }

  /** Keeps the outcome of a file; outcomes that depend on something else than the inputs are not kept. */
  record(source: string, key: string, report: FileReport): void {
    const problems = [...report.problems, ...report.units.flatMap((u) => u.problems)];
    if (problems.some(dependsOnMoreThanInputs)) {
      delete this.#entries[source];
      return;
    }
    this.#entries[source] = { key, report: { ...report, cached: undefined } };
    // Saved every few files too, so an interrupted run keeps what it finished.
    if (++this.#dirty >= 20) this.save();
  }

  /** Writes the cache (temp file + rename), merged with entries another run wrote meanwhile. */
  save(): void {
    this.#dirty = 0;
    const merged = { ...readEntries(this.#file), ...this.#entries };
    const content: CacheFile = { format: FORMAT, entries: merged };
    fs.mkdirSync(path.dirname(this.#file), { recursive: true });
    const temp = `${this.#file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(content));
    fs.renameSync(temp, this.#file);
  }
}

/**
 * Problems that another run may not have: a user file in the way, and time limits hit while loading or
 * running a whole file (a busy machine); retried on the next run instead of remembered. An internal
 * error (`sandbox-crash`) is remembered: the same inputs give it again, and a new assay version (part of
 * the key) retries it.
 */
function dependsOnMoreThanInputs(problem: Problem): boolean {
  return (
    problem.code === 'output-conflict' ||
    problem.hangGuard === true ||
    (problem.code === 'timeout' && problem.unit === undefined) ||
    (problem.code === 'load-error' && /took longer than|did not finish in/.test(problem.message))
  );
}

function readEntries(file: string): Record<string, CacheEntry> {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CacheFile>;
    return parsed.format === FORMAT && parsed.entries && typeof parsed.entries === 'object'
      ? parsed.entries
      : {};
  } catch {
    return {};
  }
}
