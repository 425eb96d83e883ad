import path from 'node:path';
import { ProjectPool } from './analyze/project.js';
import { detectFramework } from './detect-framework.js';
import { discoverSources } from './discover.js';
import { generateForFile } from './generate-file.js';
import { type GenerateOptions, resolveOptions } from './options.js';
import type { FileReport, GenerateReport } from './report.js';

/**
 * Generates test files for TypeScript/JavaScript sources: finds their exported functions, runs them in a
 * sandbox on inputs built from their types and conditions, and writes tests asserting what they really
 * do. Never overwrites a file it did not write; problems with one file are reported, not thrown.
 *
 * @example
 * ```ts
 * import { generateTests } from '@assay/core';
 *
 * const report = await generateTests({ paths: ['src'], outDir: 'test/generated' });
 * for (const file of report.files) console.log(file.source, file.status, file.tests);
 * ```
 * @throws AssayError for bad options or when no source file is found.
 */
export async function generateTests(options: GenerateOptions): Promise<GenerateReport> {
  const started = Date.now();
  const resolved = resolveOptions(options);
  const framework = resolved.framework ?? detectFramework(resolved.root);
  const sources = discoverSources(resolved.paths);
  const projects = new ProjectPool();
  const relative = (file: string) => path.relative(resolved.root, file).split(path.sep).join('/');

  resolved.onProgress({ phase: 'discover', done: 0, total: sources.length });
  let done = 0;
  const files = await mapPool(sources, resolved.concurrency, async (source) => {
    resolved.onProgress({ phase: 'file-start', file: relative(source), done, total: sources.length });
    const report = await generateForFile(source, { ...resolved, framework }, projects).catch(
      (error: unknown): FileReport => ({
        source: relative(source),
        status: 'failed',
        units: [],
        tests: 0,
        problems: [
          {
            code: 'sandbox-crash',
            message: `assay failed on this file: ${error instanceof Error ? error.stack : String(error)}`,
          },
        ],
        durationMs: 0,
      }),
    );
    done++;
    resolved.onProgress({ phase: 'file-done', file: relative(source), done, total: sources.length });
    return report;
  });

  return {
    root: resolved.root,
    framework,
    files,
    totals: {
      files: files.length,
      written: files.filter((f) => f.status === 'written').length,
      unchanged: files.filter((f) => f.status === 'unchanged').length,
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
