// A compact cache of every test's results, kept next to the run files so the end of a run reads one
// small file instead of every run file. The run files stay the truth: the index is checked against
// the folder on every load (names, sizes, modification times) and brought up to date, so concurrent
// writers, merges (files copied in), compactions, deleted files and a corrupt or missing index all
// cost at most a re-read of the files that changed.
import { open, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { AssayHistoryError, RunFileError } from './errors.js';
import { parseRunFile } from './parseRun.js';
import { displayPath } from './paths.js';
import { type CompactResult, RunStore } from './store.js';
import { fileOfTestId } from './testId.js';
import type { RunRecord, TestResult } from './types.js';
import { type ResultPoint, versionOfFile } from './verdicts.js';

/** Name of the index inside `.assay/runs/` (a dot file: run-file listings and merges skip it). */
export const INDEX_FILE = '.index.json';

/** Format tag of the index file; an index with another tag is rebuilt from the run files. */
export const INDEX_FORMAT = 'assay-index/3';

/** Rare parts of a result, present only when they are not the default (0 retries, not quarantined…). */
interface PointExtra {
  r?: number;
  a?: { passed: number; failed: number };
  q?: 1;
  e?: string;
}
type Code = 'P' | 'F' | 'S';

/**
 * One test's recorded results in run order, stored by column: the runs' keys, one P/F/S letter per
 * result (passed/failed/skipped), and the rare parts by position. A few objects per test rather than
 * one per result: the index is read and written on every run, and tens of thousands of small arrays
 * cost more to parse, check and collect than the rest of the run's bookkeeping.
 */
interface TestPoints {
  keys: number[];
  codes: string;
  /** Rare parts by position in `keys`; absent when no result has any. */
  extras?: Record<number, PointExtra>;
}

/** What the index keeps of one run file. */
interface IndexedRun {
  key: number;
  /** File name inside the runs folder, and its size and modification time when it was read. */
  file: string;
  size: number;
  mtimeMs: number;
  startedAt: string;
  /** `startedAt` in milliseconds: points are ordered by it, then by file name, as `collectResults` does. */
  time: number;
  /** Commit of a clean work tree (the code version's first half); absent when unknown or dirty. */
  cleanCommit?: string;
  /** Test file → content hash, for files without a module version (older records). */
  hashes: Record<string, string>;
  /** Test file → code version from the modules it loaded (`FileInfo.version`). */
  versions?: Record<string, string>;
  runId?: string;
  machine?: string;
  shard?: { index: number; count: number };
  /** Test entries of the file (skipped ones included). */
  entries: number;
  /** Entries the run file had that were not valid, as `parseRunFile` describes them. */
  dropped?: string[];
}

interface IndexData {
  format: typeof INDEX_FORMAT;
  nextKey: number;
  runs: IndexedRun[];
  tests: [id: string, keys: number[], codes: string, extras?: Record<number, PointExtra>][];
}

const CODES = /^[PFS]*$/;

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** The index's content if it is one this version wrote and whole; otherwise undefined (rebuild). */
function validIndex(data: unknown): IndexData | undefined {
  const d = data as IndexData;
  if (typeof d !== 'object' || d === null || d.format !== INDEX_FORMAT || !isCount(d.nextKey))
    return undefined;
  if (!Array.isArray(d.runs) || !Array.isArray(d.tests)) return undefined;
  const keys = new Set<number>();
  for (const run of d.runs) {
    if (
      typeof run !== 'object' ||
      run === null ||
      !isCount(run.key) ||
      run.key >= d.nextKey ||
      typeof run.file !== 'string' ||
      !isCount(run.size) ||
      !isCount(run.mtimeMs) ||
      typeof run.startedAt !== 'string' ||
      !Number.isFinite(run.time) ||
      !isCount(run.entries) ||
      typeof run.hashes !== 'object' ||
      run.hashes === null ||
      (run.versions !== undefined && (typeof run.versions !== 'object' || run.versions === null))
    ) {
      return undefined;
    }
    keys.add(run.key);
  }
  for (const entry of d.tests) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1])) return undefined;
    const [, points, codes, extras] = entry;
    if (typeof codes !== 'string' || codes.length !== points.length || !CODES.test(codes)) return undefined;
    for (const key of points) if (!keys.has(key)) return undefined;
    if (extras !== undefined) {
      if (typeof extras !== 'object' || extras === null) return undefined;
      for (const [at, extra] of Object.entries(extras)) {
        const position = Number(at);
        if (!Number.isInteger(position) || position < 0 || position >= points.length) return undefined;
        if (typeof extra !== 'object' || extra === null) return undefined;
      }
    }
  }
  return d;
}

function codeOf(test: TestResult): Code {
  return test.state === 'passed' ? 'P' : test.state === 'failed' ? 'F' : 'S';
}

function extraOf(test: TestResult): PointExtra | undefined {
  if (test.retries <= 0 && !test.attempts && !test.quarantined && !test.error) return undefined;
  const extra: PointExtra = {};
  if (test.retries > 0) extra.r = test.retries;
  if (test.attempts) extra.a = { passed: test.attempts.passed, failed: test.attempts.failed };
  if (test.quarantined) extra.q = 1;
  if (test.error) extra.e = test.error;
  return extra;
}

/** A result that says nothing against the test: passed, first time, no failed attempt. */
function cleanPass(code: string, extra: PointExtra | undefined): boolean {
  return code === 'P' && (extra === undefined || (!extra.r && !extra.a?.failed));
}

/** The results of `points` whose run `keep` accepts, positions of the rare parts renumbered. */
function filterPoints(points: TestPoints, keep: (key: number) => boolean): TestPoints {
  const kept: TestPoints = { keys: [], codes: '' };
  for (let at = 0; at < points.keys.length; at++) {
    const key = points.keys[at]!;
    if (!keep(key)) continue;
    const extra = points.extras?.[at];
    if (extra) kept.extras = { ...kept.extras, [kept.keys.length]: extra };
    kept.keys.push(key);
    kept.codes += points.codes[at];
  }
  return kept;
}

/**
 * Every test's recorded results, read through the index `.assay/runs/.index.json`. Load it when a
 * run starts; add the run's own record at the end; ask for the results of the tests the summary needs.
 *
 * @example
 * const history = await HistoryIndex.load(RunStore.forRoot(root));
 * history.add(record, writtenFile);
 * const points = history.resultsOf('test/a.test.ts::adds');
 */
export class HistoryIndex {
  /** Run files that could not be read: reported, not indexed (read again next time). */
  readonly problems: RunFileError[] = [];
  private readonly dir: string;
  private readonly runs = new Map<number, IndexedRun>();
  private readonly tests = new Map<string, TestPoints>();
  private nextKey = 0;

  private constructor(dir: string) {
    this.dir = dir;
  }

  /** An empty index of a runs folder (nothing read): for callers that cannot read the history. */
  static empty(store: RunStore): HistoryIndex {
    return new HistoryIndex(store.dir);
  }

  /**
   * Reads the index of `store`, re-reads the run files that were added, changed or removed since it
   * was written, and saves it again when it changed. A missing, corrupt or foreign index is rebuilt
   * from the run files; a corrupt run file is reported in `problems` and costs only itself.
   */
  static async load(store: RunStore): Promise<HistoryIndex> {
    const index = new HistoryIndex(store.dir);
    const indexPath = join(store.dir, INDEX_FILE);
    const [names, saved] = await Promise.all([
      store.list(),
      readFile(indexPath, 'utf8')
        .then((text) => validIndex(JSON.parse(text)))
        .catch(() => undefined),
    ]);
    if (saved) index.restore(saved);
    const seen = await Promise.all(names.map((name) => stat(join(store.dir, name)).catch(() => undefined)));
    const current = new Map<string, { size: number; mtimeMs: number }>();
    names.forEach((name, i) => {
      const info = seen[i];
      if (info) current.set(name, { size: info.size, mtimeMs: info.mtimeMs });
    });
    const stale = [...index.runs.values()].filter((run) => {
      const now = current.get(run.file);
      return !now || now.size !== run.size || now.mtimeMs !== run.mtimeMs;
    });
    index.remove(new Set(stale.map((run) => run.key)));
    const indexed = new Set([...index.runs.values()].map((run) => run.file));
    const fresh = await Promise.all(
      [...current.keys()].filter((name) => !indexed.has(name)).map((name) => index.readRun(name)),
    );
    const added = fresh.filter((r) => r !== undefined);
    added.sort((a, b) => a.time - b.time || (a.file < b.file ? -1 : 1));
    for (const read of added) index.addRun(read.record, read.file, read.size, read.mtimeMs, read.dropped);
    index.problems.sort((a, b) => (a.file < b.file ? -1 : 1));
    // Nothing recorded yet: no index either (and no `.assay/runs/` made just for it).
    if (current.size > 0 && (!saved || stale.length > 0 || added.length > 0)) {
      // A cache: if it cannot be written (read-only checkout, full disk), the next load reads the files.
      await writeFileAtomic(indexPath, `${JSON.stringify(index.toJSON())}\n`).catch(() => undefined);
    }
    return index;
  }

  /** Number of run files the index holds (this run's record included once added). */
  get runCount(): number {
    return this.runs.size;
  }

  /** Ids of every test ever recorded, skipped-only ones included. */
  ids(): IterableIterator<string> {
    return this.tests.keys();
  }

  /** The most results any one test has (skipped ones included): compaction is due when above `keep`. */
  maxResultsPerTest(): number {
    let most = 0;
    for (const points of this.tests.values()) if (points.keys.length > most) most = points.keys.length;
    return most;
  }

  /** Warnings about single entries left out of otherwise valid run files. */
  get warnings(): string[] {
    const warnings: string[] = [];
    const runs = [...this.runs.values()].sort((a, b) => (a.file < b.file ? -1 : 1));
    for (const run of runs) {
      for (const dropped of run.dropped ?? []) {
        warnings.push(`${displayPath(join(this.dir, run.file))}: ${dropped}; that entry was ignored`);
      }
    }
    return warnings;
  }

  /**
   * Adds a run that was just written (by this process) without reading its file back. Given the
   * file's size and modification time (a `stat` after writing it), the run is indexed as a load would
   * index it and {@link save} can keep it; without them the next load reads the file.
   */
  add(record: RunRecord, file: string, written?: { size: number; mtimeMs: number }): void {
    const name = basename(file);
    for (const run of this.runs.values()) if (run.file === name) return;
    this.addRun(record, name, written?.size ?? -1, written?.mtimeMs ?? -1, []);
  }

  /**
   * Writes the index as it is now, so the next load reads no run file it holds (a run recorded at the
   * end of a run is then not read back by the next one). Skipped, returning false, when a run was
   * added without its file's size and time. A cache: a write that fails is ignored.
   */
  async save(): Promise<boolean> {
    for (const run of this.runs.values()) if (run.size < 0) return false;
    await writeFileAtomic(join(this.dir, INDEX_FILE), `${JSON.stringify(this.toJSON())}\n`).catch(
      () => undefined,
    );
    return true;
  }

  /**
   * One test's counted results, oldest first: what `collectResults(runs).get(id)` gives for the same
   * runs (skipped results are not counted). `without` leaves out the run recorded in that file.
   */
  resultsOf(id: string, without?: string): ResultPoint[] {
    const points = this.tests.get(id);
    if (!points) return [];
    const file = fileOfTestId(id);
    const skip = without === undefined ? undefined : basename(without);
    const results: ResultPoint[] = [];
    for (let at = 0; at < points.keys.length; at++) {
      const code = points.codes[at];
      if (code === 'S') continue;
      const extra = points.extras?.[at];
      const run = this.runs.get(points.keys[at]!)!;
      if (run.file === skip) continue;
      const point: ResultPoint = {
        state: code === 'P' ? 'passed' : 'failed',
        retries: extra?.r ?? 0,
        at: run.startedAt,
        quarantined: extra?.q === 1,
      };
      if (run.runId) point.runId = run.runId;
      if (run.machine) point.machine = run.machine;
      if (run.shard) point.shard = run.shard;
      if (extra?.a) point.attempts = { ...extra.a };
      const version = versionOfFile(
        { version: run.versions?.[file], hash: run.hashes[file] },
        run.cleanCommit,
      );
      if (version) point.version = version;
      if (extra?.e) point.error = extra.e;
      results.push(point);
    }
    return results;
  }

  /** Every test's counted results: what `collectResults(runs)` gives for the same runs. */
  results(): Map<string, ResultPoint[]> {
    const all = new Map<string, ResultPoint[]>();
    for (const id of this.tests.keys()) {
      const points = this.resultsOf(id);
      if (points.length) all.set(id, points);
    }
    return all;
  }

  /**
   * True when the latest `window` counted results of the test are all clean passes (no failure, no
   * retry, no failed attempt): its verdict is then `stable` whatever the thresholds, and callers can
   * skip computing it.
   */
  passedCleanly(id: string, window: number): boolean {
    const points = this.tests.get(id);
    if (!points) return false;
    let counted = 0;
    for (let at = points.keys.length - 1; at >= 0 && counted < window; at--) {
      const code = points.codes[at]!;
      if (code === 'S') continue;
      if (!cleanPass(code, points.extras?.[at])) return false;
      counted++;
    }
    return counted > 0;
  }

  /**
   * Keeps the last `keep` results of every test, as `RunStore.compact` does, but reads only the run
   * files that lose results: a file that loses all of them is deleted unread, the others are read and
   * rewritten atomically. The index itself is brought up to date by the next load.
   */
  async compact(keep: number): Promise<CompactResult> {
    if (!Number.isInteger(keep) || keep < 1) {
      throw new AssayHistoryError('ASSAY_OPTION_INVALID', `compact keep: ${keep} is not a whole number ≥ 1`);
    }
    const losing = new Map<number, number>();
    for (const points of this.tests.values()) {
      for (let i = 0; i < points.keys.length - keep; i++) {
        const key = points.keys[i]!;
        losing.set(key, (losing.get(key) ?? 0) + 1);
      }
    }
    const result: CompactResult = { removedResults: 0, removedFiles: 0, rewrittenFiles: 0 };
    for (const [key, count] of losing) {
      const run = this.runs.get(key)!;
      const path = join(this.dir, run.file);
      if (count >= run.entries) {
        await rm(path, { force: true });
        result.removedFiles++;
        result.removedResults += count;
        continue;
      }
      const text = await readFile(path, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      let record: RunRecord;
      try {
        record = parseRunFile(displayPath(path), text).record;
      } catch {
        continue; // Replaced by something unreadable meanwhile: left alone, as RunStore.compact does.
      }
      // A result stays if fewer than `keep` results of its test are newer (in this file: before it).
      const newer = (id: string) => {
        const keys = this.tests.get(id)?.keys ?? [];
        let n = 0;
        for (let i = keys.length - 1; i >= 0 && keys[i] !== key; i--) n++;
        return n;
      };
      const seen = new Map<string, number>();
      const kept = record.tests.filter((test) => {
        const count = seen.get(test.id) ?? newer(test.id);
        seen.set(test.id, count + 1);
        return count < keep;
      });
      const dropped = record.tests.length - kept.length;
      if (dropped === 0) continue;
      result.removedResults += dropped;
      if (kept.length === 0) {
        await rm(path, { force: true });
        result.removedFiles++;
        continue;
      }
      const files: RunRecord['files'] = {};
      for (const test of kept) {
        const name = fileOfTestId(test.id);
        const info = record.files[name];
        if (info) files[name] = info;
      }
      await writeFileAtomic(path, `${JSON.stringify({ ...record, files, tests: kept })}\n`);
      result.rewrittenFiles++;
    }
    await new RunStore(this.dir).removeStaleTemps();
    return result;
  }

  private async readRun(
    name: string,
  ): Promise<
    | { record: RunRecord; file: string; size: number; mtimeMs: number; time: number; dropped: string[] }
    | undefined
  > {
    const path = join(this.dir, name);
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    let text: string;
    let size: number;
    let mtimeMs: number;
    try {
      // Size and time from the open file itself: a file replaced meanwhile (by a compaction) is
      // indexed with the fingerprint of the content read, so the next load notices the change.
      handle = await open(path, 'r');
      const info = await handle.stat();
      size = info.size;
      mtimeMs = info.mtimeMs;
      text = await handle.readFile('utf8');
    } catch (error) {
      // Removed by a concurrent compaction between listing and reading: nothing was lost.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      this.problems.push(new RunFileError(displayPath(path), `cannot be read (${(error as Error).message})`));
      return undefined;
    } finally {
      await handle?.close();
    }
    try {
      const parsed = parseRunFile(displayPath(path), text);
      const time = Date.parse(parsed.record.startedAt);
      return { record: parsed.record, file: name, size, mtimeMs, time, dropped: parsed.droppedTests };
    } catch (error) {
      if (error instanceof RunFileError) {
        this.problems.push(error);
        return undefined;
      }
      throw error;
    }
  }

  private restore(data: IndexData): void {
    this.nextKey = data.nextKey;
    for (const run of data.runs) this.runs.set(run.key, run);
    for (const [id, keys, codes, extras] of data.tests) {
      this.tests.set(id, extras === undefined ? { keys, codes } : { keys, codes, extras });
    }
  }

  private toJSON(): IndexData {
    const tests: IndexData['tests'] = [];
    for (const [id, { keys, codes, extras }] of this.tests) {
      tests.push(extras === undefined ? [id, keys, codes] : [id, keys, codes, extras]);
    }
    return { format: INDEX_FORMAT, nextKey: this.nextKey, runs: [...this.runs.values()], tests };
  }

  private remove(keys: ReadonlySet<number>): void {
    if (keys.size === 0) return;
    for (const key of keys) this.runs.delete(key);
    for (const [id, points] of this.tests) {
      if (!points.keys.some((key) => keys.has(key))) continue;
      const kept = filterPoints(points, (key) => !keys.has(key));
      if (kept.keys.length === 0) this.tests.delete(id);
      else this.tests.set(id, kept);
    }
  }

  private addRun(record: RunRecord, file: string, size: number, mtimeMs: number, dropped: string[]): void {
    const key = this.nextKey++;
    const hashes: Record<string, string> = {};
    const versions: Record<string, string> = {};
    for (const [name, info] of Object.entries(record.files)) {
      if (typeof info?.version === 'string' && info.version) versions[name] = info.version;
      else if (typeof info?.hash === 'string' && info.hash) hashes[name] = info.hash;
    }
    const run: IndexedRun = {
      key,
      file,
      size,
      mtimeMs,
      startedAt: record.startedAt,
      time: Date.parse(record.startedAt),
      hashes,
      entries: record.tests.length,
      runId: record.runId,
    };
    if (Object.keys(versions).length) run.versions = versions;
    if (record.machine) run.machine = record.machine;
    if (record.shard) run.shard = record.shard;
    if (record.commit !== undefined && record.dirty === false) run.cleanCommit = record.commit;
    if (dropped.length) run.dropped = dropped;
    this.runs.set(key, run);
    const after = (other: IndexedRun) =>
      other.time > run.time || (other.time === run.time && other.file > run.file);
    for (const test of record.tests) {
      const code = codeOf(test);
      const extra = extraOf(test);
      const points = this.tests.get(test.id);
      if (!points) {
        this.tests.set(
          test.id,
          extra ? { keys: [key], codes: code, extras: { 0: extra } } : { keys: [key], codes: code },
        );
        continue;
      }
      // Usually the newest run: appended. A run merged in from elsewhere may belong further back.
      let at = points.keys.length;
      while (at > 0 && after(this.runs.get(points.keys[at - 1]!)!)) at--;
      if (at < points.keys.length && points.extras) {
        // Inserted before the end: the rare parts after it move one place up.
        const moved: Record<number, PointExtra> = {};
        for (const [from, e] of Object.entries(points.extras))
          moved[Number(from) >= at ? Number(from) + 1 : Number(from)] = e;
        points.extras = moved;
      }
      points.keys.splice(at, 0, key);
      points.codes = points.codes.slice(0, at) + code + points.codes.slice(at);
      if (extra) points.extras = { ...points.extras, [at]: extra };
    }
  }
}
