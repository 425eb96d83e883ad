import fs from 'node:fs/promises';
import path from 'node:path';
import { collectResults, ID_FILE_SEPARATOR, RunStore } from '@assay/history';
import { criteriaOf, type SpecDocument } from './document.js';
import { toPosix } from './write.js';

/** One test linked to a criterion, with its last recorded outcome. */
export interface TraceLink {
  /** The test id (`<file>::<describe > test>`) from the history, or `<file>::<test title>` from the source. */
  test: string;
  /** `passed`/`failed`: last recorded result; `todo`: a `test.todo`; `not-run`: in the source, never recorded. */
  state: 'passed' | 'failed' | 'todo' | 'not-run';
  /** When the last recorded result was taken (ISO time). */
  at?: string;
}

/**
 * - `covered`: linked tests ran and the last result of each passed;
 * - `failing`: the last result of some linked test is a failure;
 * - `not-run`: linked tests exist but no run of them is recorded yet;
 * - `untested`: no test mentions the criterion (a `test.todo` does not count).
 */
export type TraceStatus = 'covered' | 'failing' | 'not-run' | 'untested';

export interface TraceRow {
  feature: string;
  /** Criterion id within the document (`1.2`) and its tag (`auth#1.2`). */
  id: string;
  tag: string;
  text: string;
  status: TraceStatus;
  tests: TraceLink[];
}

export interface TraceReport {
  rows: TraceRow[];
  counts: Record<TraceStatus, number>;
  /** Recorded runs read from `.assay/runs/`. */
  runs: number;
  /** Test files searched for criterion ids. */
  testFiles: number;
  /** Unreadable run files and the like: reported, not fatal. */
  warnings: string[];
}

const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', 'coverage', '.git', '.assay']);
/** `test('…'`, `it.skip("…"`, `test.todo(`…``: the chain and the title. */
const TEST_CALL = /\b(?:test|it)((?:\.\w+)*)\s*\(\s*(['"`])((?:\\.|(?!\2)[^\\\n])*)\2/g;

/**
 * The traceability table: for every criterion, the tests whose name carries its tag (`auth#1.2`), from
 * the recorded runs under `.assay/runs/` and from the test files' source, and the status that follows.
 *
 * @example
 * ```ts
 * const report = await traceCriteria('/repo', [doc]);
 * report.rows[0]; // { tag: 'auth#1.1', status: 'covered', tests: [{ test: 'test/auth.test.ts::login > auth#1.1 …', state: 'passed' }] }
 * ```
 */
export async function traceCriteria(root: string, docs: readonly SpecDocument[]): Promise<TraceReport> {
  const history = await RunStore.forRoot(root).read();
  const results = collectResults(history.runs);
  const latest = [...results].map(([id, points]) => ({ id, point: points[points.length - 1] }));
  const files = await findTestFiles(root);
  const titles = (await Promise.all(files.map((file) => titlesIn(root, file)))).flat();
  const rows: TraceRow[] = [];
  for (const doc of docs) {
    for (const criterion of criteriaOf(doc)) {
      const mentions = tagPattern(criterion.tag);
      const tests: TraceLink[] = [];
      for (const { id, point } of latest) {
        if (!point || !mentions.test(id)) continue;
        tests.push({ test: id, state: point.state === 'failed' ? 'failed' : 'passed', at: point.at });
      }
      for (const title of titles) {
        if (!mentions.test(title.title)) continue;
        const recorded = tests.some(
          (t) => t.test.startsWith(`${title.file}${ID_FILE_SEPARATOR}`) && t.test.endsWith(title.title),
        );
        if (!recorded)
          tests.push({
            test: `${title.file}${ID_FILE_SEPARATOR}${title.title}`,
            state: title.todo ? 'todo' : 'not-run',
          });
      }
      rows.push({
        feature: doc.feature,
        id: criterion.id,
        tag: criterion.tag,
        text: criterion.text,
        status: statusOf(tests),
        tests,
      });
    }
  }
  const counts: Record<TraceStatus, number> = { covered: 0, failing: 0, 'not-run': 0, untested: 0 };
  for (const row of rows) counts[row.status]++;
  return {
    rows,
    counts,
    runs: history.runs.length,
    testFiles: files.length,
    warnings: [...history.problems.map((p) => p.message), ...history.warnings],
  };
}

function statusOf(tests: readonly TraceLink[]): TraceStatus {
  if (tests.some((t) => t.state === 'failed')) return 'failing';
  if (tests.some((t) => t.state === 'passed')) return 'covered';
  if (tests.some((t) => t.state === 'not-run')) return 'not-run';
  return 'untested';
}

/** The tag as a whole word: `auth#1.1` matches in "auth#1.1 logs in" but not in "auth#1.10" or "xauth#1.1". */
export function tagPattern(tag: string): RegExp {
  const escaped = tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\w.#-])${escaped}(?![\\w-]|\\.\\d)`);
}

interface SourceTitle {
  file: string;
  title: string;
  todo: boolean;
}

async function titlesIn(root: string, file: string): Promise<SourceTitle[]> {
  const text = await fs.readFile(path.join(root, file), 'utf8').catch(() => '');
  if (!text.includes('#')) return [];
  return [...text.matchAll(TEST_CALL)].map((m) => ({
    file,
    title: (m[3] as string).replace(/\\(.)/g, '$1'),
    todo: (m[1] as string).split('.').includes('todo'),
  }));
}

/** Test files under the root (relative, posix), outside node_modules, build output and hidden folders. */
async function findTestFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (SKIPPED_DIRS.has(entry.name) || entry.name.startsWith('.')) continue;
        await walk(path.join(dir, entry.name));
      } else if (entry.isFile() && TEST_FILE.test(entry.name)) {
        found.push(toPosix(path.relative(root, path.join(dir, entry.name))));
      }
    }
  };
  await walk(root);
  return found.sort();
}
