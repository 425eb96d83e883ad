import path from 'node:path';
import { ProjectPool } from './analyze/project.js';
import { readProjectConfig } from './analyze/tsconfig.js';
import { GenerateCache } from './cache/generate-cache.js';
import { generationKey } from './cache/generation-key.js';
import { ImportGraph } from './cache/import-graph.js';
import { detectFramework } from './detect-framework.js';
import { detectOutDir } from './detect-layout.js';
import { discoverSources } from './discover.js';
import { generateForFile } from './generate-file.js';
import type { FileOptions } from './model/options.js';
import type { FileReport, GenerateReport } from './model/report.js';
import { type GenerateOptions, resolveOptions } from './options.js';
import { redactDeep, secretValues } from './sandbox/guard/redact.js';
import { VERSION } from './version.js';
import { outputPathFor } from './write/write-file.js';

/**
 * Generates test files for TypeScript/JavaScript sources: finds their exported functions, runs them in a
 * sandbox on inputs built from their types and conditions, and writes tests asserting what they really
 * do. Never overwrites a file it did not write; problems with one file are reported, not thrown.
 *
 * With no `paths`, works on the whole project (the sources its tsconfig includes). Files whose source,
 * local imports, options and assay version are unchanged since the last run are not processed again.
 *
 * @example
 * ```ts
 * import { generateTests } from '@assay/core';
 *
 * const report = await generateTests({ paths: ['src'], outDir: 'test/generated' });
 * for (const file of report.files) console.log(file.source, file.status, file.tests);
 * ```
 * @throws AssayError for bad options, an unreadable tsconfig, or when no source file is found.
 */
export async function generateTests(options: GenerateOptions = {}): Promise<GenerateReport> {
  const started = Date.now();
  const resolved = resolveOptions(options);
  const tsconfig = readProjectConfig(resolved.root);
  const sources = discoverSources(resolved.paths, {
    root: resolved.root,
    tsconfig,
    exclude: resolved.exclude,
  });
  const fileOptions: FileOptions = {
    ...resolved,
    framework: resolved.framework ?? detectFramework(resolved.root),
    outDir: resolved.outDir ?? detectOutDir(resolved.root),
  };
  const graph = new ImportGraph(tsconfig?.options);
  const cache = GenerateCache.load(resolved.root);
  const projects = new ProjectPool();
  const relative = (file: string) => path.relative(resolved.root, file).split(path.sep).join('/');
  const secrets = secretValues();

  const total = sources.length;
  resolved.onProgress({ phase: 'discover', done: 0, total });
  let done = 0;
  const files = await mapPool(sources, resolved.concurrency, async (source) => {
    const file = relative(source);
    resolved.onProgress({ phase: 'file-start', file, done, total });
    const key = generationKey(VERSION, fileOptions, graph.closureHash(source, resolved.root));
    let report = cache.lookup(
      file,
      key,
      resolved.root,
      outputPathFor(source, resolved.root, fileOptions.outDir),
    );
    if (!report) {
      report = await withinBudget(
        generateForFile(source, fileOptions, projects, key),
        // A hang guard: work is budgeted in counts, so only a file stuck far past them gets here.
        resolved.fileBudgetMs,
        file,
      ).catch((error: unknown) => crashReport(file, error));
      // No value of an environment variable reaches the report, its messages or the cache.
      report = redactDeep(report, secrets);
      cache.record(file, key, report);
    }
    done++;
    resolved.onProgress({ phase: 'file-done', file, done, total, report });
    return report;
  }).finally(() => cache.save());

  return {
    root: resolved.root,
    framework: fileOptions.framework,
    files,
    totals: {
      files: files.length,
      written: files.filter((f) => f.status === 'written').length,
      unchanged: files.filter((f) => f.status === 'unchanged').length,
      cached: files.filter((f) => f.cached).length,
      failed: files.filter((f) => f.status === 'failed').length,
      units: files.reduce((n, f) => n + f.units.length, 0),
      tests: files.reduce((n, f) => n + f.tests, 0),
      problems: files.reduce(
        (n, f) => n + f.problems.length + f.units.reduce((m, u) => m + u.problems.length, 0),
        0,
      ),
    },
    durationMs: Date.now() - started,
  };
}

function crashReport(file: string, error: unknown): FileReport {
  return {
    source: file,
    status: 'failed',
    units: [],
    tests: 0,
    problems: [
      {
        code: error instanceof FileBudgetError ? 'timeout' : 'sandbox-crash',
        ...(error instanceof FileBudgetError ? { hangGuard: true as const } : {}),
        message:
          error instanceof FileBudgetError
            ? `${error.message}; raise fileBudgetMs (--file-budget) or lower maxCandidates (--max-candidates).`
            : `assay failed on this file: ${error instanceof Error ? error.stack : String(error)}`,
      },
    ],
    durationMs: 0,
  };
}

class FileBudgetError extends Error {}

/** Rejects when `work` takes longer than `ms`, so one stuck file never holds up the run. */
function withinBudget<T>(work: Promise<T>, ms: number, file: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new FileBudgetError(
            `${file} took more than ${ms / 1000} s (fileBudgetMs, a hang guard) and was abandoned`,
          ),
        ),
      ms,
    );
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Maps with at most `limit` calls in flight; results keep the input order. */
async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
