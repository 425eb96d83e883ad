import { RunFileError } from './errors.js';
import { type FileInfo, RUN_FORMAT, type RunRecord, type TestResult, type WorkerMemory } from './types.js';

const STATES = new Set(['passed', 'failed', 'skipped']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Result of reading one run file: the record, plus problems with single entries that were dropped. */
export interface ParsedRun {
  record: RunRecord;
  /** Entries of `tests` that were not valid and were left out, described for the user. */
  droppedTests: string[];
}

/**
 * Checks a run file's text and returns its record. A file that is not JSON or not a run record throws
 * a {@link RunFileError} naming the file; a valid file with a few malformed test entries keeps the
 * valid ones and lists the others in `droppedTests`.
 */
export function parseRunFile(file: string, text: string): ParsedRun {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const truncated = text.trim().length === 0 || !text.trimEnd().endsWith('}');
    throw new RunFileError(
      file,
      `not valid JSON (${(error as Error).message})${truncated ? '; it looks cut short, e.g. by a crash or a full disk' : ''}`,
    );
  }
  if (!isObject(data)) throw new RunFileError(file, 'not a run record (expected a JSON object)');
  if (data.format !== RUN_FORMAT) {
    throw new RunFileError(
      file,
      `unknown format ${JSON.stringify(data.format)} (expected "${RUN_FORMAT}"); ` +
        'it may come from a newer assay, or not be an assay run file at all',
    );
  }
  for (const key of ['runId', 'startedAt', 'finishedAt'] as const) {
    if (typeof data[key] !== 'string' || data[key] === '') {
      throw new RunFileError(file, `"${key}" must be a non-empty string`);
    }
  }
  if (Number.isNaN(Date.parse(data.startedAt as string))) {
    throw new RunFileError(file, `"startedAt" is not a date: ${JSON.stringify(data.startedAt)}`);
  }
  if (!Array.isArray(data.tests)) throw new RunFileError(file, '"tests" must be an array');
  const runner = isObject(data.runner) ? data.runner : {};
  const tests: TestResult[] = [];
  const droppedTests: string[] = [];
  data.tests.forEach((entry: unknown, index: number) => {
    const problem = testProblem(entry);
    if (problem) droppedTests.push(`tests[${index}]: ${problem}`);
    else tests.push(entry as TestResult);
  });
  const files: Record<string, FileInfo> = isObject(data.files)
    ? (data.files as Record<string, FileInfo>)
    : {};
  const workers: WorkerMemory[] = Array.isArray(data.workers)
    ? data.workers.filter(
        (w): w is WorkerMemory => isObject(w) && isCount(w.peakRssBytes) && isCount(w.peakHeapBytes),
      )
    : [];
  const shard =
    isObject(data.shard) && isCount(data.shard.index) && isCount(data.shard.count)
      ? { index: data.shard.index, count: data.shard.count }
      : undefined;
  const record: RunRecord = {
    format: RUN_FORMAT,
    runId: data.runId as string,
    startedAt: data.startedAt as string,
    finishedAt: data.finishedAt as string,
    runner: {
      name: typeof runner.name === 'string' ? runner.name : 'unknown',
      version: typeof runner.version === 'string' ? runner.version : 'unknown',
    },
    files,
    workers,
    tests,
  };
  if (typeof data.commit === 'string' && data.commit) record.commit = data.commit;
  if (typeof data.dirty === 'boolean') record.dirty = data.dirty;
  if (typeof data.machine === 'string' && data.machine) record.machine = data.machine;
  if (shard) record.shard = shard;
  if (isObject(data.main) && isCount(data.main.peakRssBytes)) {
    record.main = { peakRssBytes: data.main.peakRssBytes };
  }
  if (isObject(data.thresholds)) {
    const thresholds = Object.fromEntries(
      Object.entries(data.thresholds).filter(([, v]) => typeof v === 'number' || typeof v === 'boolean'),
    ) as Record<string, number | boolean>;
    record.thresholds = thresholds;
  }
  return { record, droppedTests };
}

function testProblem(entry: unknown): string | undefined {
  if (!isObject(entry)) return 'not an object';
  if (typeof entry.id !== 'string' || !entry.id.includes('::'))
    return '"id" must be a test id ("file::names")';
  if (typeof entry.state !== 'string' || !STATES.has(entry.state)) {
    return `"state" of ${entry.id} must be passed, failed or skipped`;
  }
  if (!isCount(entry.durationMs)) return `"durationMs" of ${entry.id} must be a number ≥ 0`;
  if (!isCount(entry.retries)) return `"retries" of ${entry.id} must be a number ≥ 0`;
  if (entry.attempts !== undefined) {
    const a = entry.attempts;
    if (!isObject(a) || !isCount(a.passed) || !isCount(a.failed)) {
      return `"attempts" of ${entry.id} must be { passed, failed } counts`;
    }
  }
  return undefined;
}
