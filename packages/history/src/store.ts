import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { TEMP_PREFIX, writeFileAtomic } from './atomic.js';
import { AssayHistoryError, RunFileError } from './errors.js';
import { parseRunFile } from './parseRun.js';
import { ASSAY_DIR, displayPath, runsDir } from './paths.js';
import type { RunRecord, StoredRun } from './types.js';

/** What reading a history gives: the runs oldest first, and what could not be read. */
export interface HistoryRead {
  runs: StoredRun[];
  /** Files that were skipped, each with a message naming it and what to do. */
  problems: RunFileError[];
  /** Single test entries left out of otherwise valid files. */
  warnings: string[];
}

/** A fresh random run id (12 hex digits). */
export function newRunId(): string {
  return randomBytes(6).toString('hex');
}

/**
 * The file name of a run record: start time first so names sort by time, then the run id, then the
 * shard. Two runs or two shards never share a name, so writers never touch each other's files.
 */
export function runFileName(record: Pick<RunRecord, 'startedAt' | 'runId' | 'shard'>): string {
  const stamp = new Date(record.startedAt).toISOString().replace(/[-:]/g, '').replace('.', '');
  const shard = record.shard ? `-shard${record.shard.index}of${record.shard.count}` : '';
  return `${stamp}-${record.runId}${shard}.json`;
}

function byTime(a: StoredRun, b: StoredRun): number {
  const ta = Date.parse(a.record.startedAt);
  const tb = Date.parse(b.record.startedAt);
  if (ta !== tb) return ta - tb;
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

function isRunFileName(name: string): boolean {
  return name.endsWith('.json') && !name.startsWith(TEMP_PREFIX) && !name.startsWith('.');
}

/** The run records of one project: the files under `.assay/runs/`. */
export class RunStore {
  /** Folder holding the run files. */
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** The store of the project at `root` (`<root>/.assay/runs`). */
  static forRoot(root: string): RunStore {
    return new RunStore(runsDir(root));
  }

  /** Writes one run record atomically under a name no other run or shard uses; returns its path. */
  async write(record: RunRecord): Promise<string> {
    const file = join(this.dir, runFileName(record));
    await writeFileAtomic(file, `${JSON.stringify(record)}\n`);
    return file;
  }

  /** Names of the run files currently in the store, oldest first by name. */
  async list(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names.filter(isRunFileName).sort();
  }

  /**
   * Reads every run file. A corrupt, truncated or hand-edited file costs only itself: it is reported
   * in `problems` and the rest is read.
   */
  async read(): Promise<HistoryRead> {
    const names = await this.list();
    const runs: StoredRun[] = [];
    const problems: RunFileError[] = [];
    const warnings: string[] = [];
    await Promise.all(
      names.map(async (name) => {
        const file = join(this.dir, name);
        let text: string;
        try {
          text = await readFile(file, 'utf8');
        } catch (error) {
          // Removed by a concurrent compaction between listing and reading: nothing was lost.
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
          problems.push(new RunFileError(displayPath(file), `cannot be read (${(error as Error).message})`));
          return;
        }
        try {
          const parsed = parseRunFile(displayPath(file), text);
          runs.push({ file, record: parsed.record });
          for (const dropped of parsed.droppedTests) {
            warnings.push(`${displayPath(file)}: ${dropped}; that entry was ignored`);
          }
        } catch (error) {
          if (error instanceof RunFileError) problems.push(error);
          else throw error;
        }
      }),
    );
    runs.sort(byTime);
    problems.sort((a, b) => (a.file < b.file ? -1 : 1));
    return { runs, problems, warnings };
  }

  /**
   * Keeps the last `keep` results of every test and drops older ones: records are rewritten
   * atomically without them, and records left with no tests are deleted. Leftover temporary files
   * older than an hour (from a crashed writer) are removed. Unreadable files are left alone.
   */
  async compact(options: { keep: number }): Promise<CompactResult> {
    const keep = options.keep;
    if (!Number.isInteger(keep) || keep < 1) {
      throw new AssayHistoryError('ASSAY_OPTION_INVALID', `compact keep: ${keep} is not a whole number ≥ 1`);
    }
    const { runs } = await this.read();
    const seen = new Map<string, number>();
    const keepEntry = new Map<StoredRun, boolean[]>();
    // Walk newest first: a test's first `keep` results met are its last `keep` results.
    for (let r = runs.length - 1; r >= 0; r--) {
      const run = runs[r]!;
      keepEntry.set(
        run,
        run.record.tests.map((test) => {
          const count = (seen.get(test.id) ?? 0) + 1;
          seen.set(test.id, count);
          return count <= keep;
        }),
      );
    }
    let removedResults = 0;
    let removedFiles = 0;
    let rewrittenFiles = 0;
    for (const run of runs) {
      const flags = keepEntry.get(run)!;
      const kept = run.record.tests.filter((_, i) => flags[i]);
      const dropped = run.record.tests.length - kept.length;
      if (dropped === 0) continue;
      removedResults += dropped;
      if (kept.length === 0) {
        await rm(run.file, { force: true });
        removedFiles++;
      } else {
        const files: RunRecord['files'] = {};
        for (const test of kept) {
          const file = test.id.slice(0, test.id.indexOf('::'));
          const info = run.record.files[file];
          if (info) files[file] = info;
        }
        await writeFileAtomic(run.file, `${JSON.stringify({ ...run.record, files, tests: kept })}\n`);
        rewrittenFiles++;
      }
    }
    await this.removeStaleTemps();
    return { removedResults, removedFiles, rewrittenFiles };
  }

  /** Removes temporary files older than an hour: left behind by a writer that crashed mid-write. */
  async removeStaleTemps(): Promise<void> {
    let names: string[] = [];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    const hourAgo = Date.now() - 3_600_000;
    for (const name of names.filter((n) => n.startsWith(TEMP_PREFIX))) {
      const file = join(this.dir, name);
      const info = await stat(file).catch(() => undefined);
      if (info && info.mtimeMs < hourAgo) await rm(file, { force: true });
    }
  }
}

/** What a compaction did. */
export interface CompactResult {
  removedResults: number;
  removedFiles: number;
  rewrittenFiles: number;
}

/** What a merge did. */
export interface MergeResult {
  /** Run files copied into the target. */
  copied: string[];
  /** Files already present with the same content (merging twice is harmless). */
  duplicates: string[];
  /** Files present under the same name with other content, copied under a new name. */
  renamed: string[];
  /** Files that are not valid run records: not copied. */
  problems: RunFileError[];
}

/**
 * Finds the run files of a merge source: a project root (`<dir>/.assay/runs`), an `.assay` folder
 * (`<dir>/runs`), or a folder of run files.
 */
export async function resolveRunsSource(dir: string): Promise<string> {
  for (const candidate of [join(dir, ASSAY_DIR, 'runs'), join(dir, 'runs'), dir]) {
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isDirectory()) return candidate;
  }
  throw new AssayHistoryError(
    'ASSAY_MERGE_SOURCE_MISSING',
    `${displayPath(dir)} does not exist or is not a folder. Give the folder your CI job downloaded the ` +
      'run files into (a project root, an .assay folder or a folder of run files).',
  );
}

/** Whether two run files hold the same run (same id and shard), e.g. one a compacted copy of the other. */
function sameRun(a: string, b: string): boolean {
  try {
    const x = JSON.parse(a) as RunRecord;
    const y = JSON.parse(b) as RunRecord;
    return (
      typeof x.runId === 'string' &&
      x.runId === y.runId &&
      x.startedAt === y.startedAt &&
      x.shard?.index === y.shard?.index
    );
  } catch {
    return false;
  }
}

/**
 * Gathers run files from other machines or shards into `into`: merging histories is copying files,
 * because no two runs or shards share a file name. Invalid files are reported and not copied.
 */
export async function mergeHistories(sources: readonly string[], into: string): Promise<MergeResult> {
  const result: MergeResult = { copied: [], duplicates: [], renamed: [], problems: [] };
  await mkdir(into, { recursive: true });
  const resolved = await Promise.all(sources.map(resolveRunsSource));
  for (const source of resolved) {
    const store = new RunStore(source);
    for (const name of await store.list()) {
      const from = join(source, name);
      if (from === join(into, name)) continue;
      const text = await readFile(from, 'utf8');
      try {
        parseRunFile(displayPath(from), text);
      } catch (error) {
        if (error instanceof RunFileError) {
          result.problems.push(error);
          continue;
        }
        throw error;
      }
      let target = join(into, name);
      const existing = await readFile(target, 'utf8').catch(() => undefined);
      if (existing === text) {
        result.duplicates.push(from);
        continue;
      }
      if (existing !== undefined && sameRun(existing, text)) {
        // The same run, compacted on one side (CI shards restore a cached history and may compact it
        // before uploading): copying it again would count its results twice.
        result.duplicates.push(from);
        continue;
      }
      if (existing !== undefined) {
        target = join(into, `${basename(name, '.json')}-${newRunId()}.json`);
        result.renamed.push(from);
      }
      const temp = join(into, `${TEMP_PREFIX}${process.pid}-${newRunId()}-${name}`);
      await copyFile(from, temp);
      await rename(temp, target);
      result.copied.push(from);
    }
  }
  return result;
}
