import fs from 'node:fs';
import path from 'node:path';
import libCoverage, {
  type CoverageMapData,
  type FileCoverage,
  type FileCoverageData,
} from 'istanbul-lib-coverage';
import type { CoverageCount, CoverageFigures } from '../model/report.js';

/**
 * The istanbul coverage of one source file out of a runner's coverage map (Vitest and Jest both key it
 * by absolute path), or undefined when the runner did not report the file.
 */
export function fileCoverageOf(data: CoverageMapData | undefined, source: string): FileCoverage | undefined {
  if (!data) return undefined;
  const wanted = realpath(source);
  const map = libCoverage.createCoverageMap(data);
  const key = map.files().find((file) => realpath(file) === wanted);
  return key === undefined ? undefined : map.fileCoverageFor(key);
}

/** Coverage of the same source from two test runs (existing tests and generated tests) together. */
export function mergeFileCoverage(
  a: FileCoverage | undefined,
  b: FileCoverage | undefined,
): FileCoverage | undefined {
  if (!a || !b) return a ?? b;
  const merged = libCoverage.createFileCoverage(a.toJSON() as FileCoverageData);
  merged.merge(b);
  return merged;
}

/** An empty coverage of a file (nothing ran): the figures before any test when the project has none. */
export function figuresOf(coverage: FileCoverage | undefined): CoverageFigures | undefined {
  if (!coverage) return undefined;
  const summary = coverage.toSummary();
  const count = (c: { covered: number; total: number }): CoverageCount => ({
    covered: c.covered,
    total: c.total,
    pct: c.total === 0 ? 100 : Math.round((c.covered / c.total) * 1000) / 10,
  });
  return {
    lines: count(summary.lines),
    branches: count(summary.branches),
    functions: count(summary.functions),
  };
}

/** Figures with nothing covered, for a file the runner measured but no test reached. */
export function zeroFigures(like: CoverageFigures): CoverageFigures {
  const zero = (c: CoverageCount): CoverageCount => ({
    covered: 0,
    total: c.total,
    pct: c.total === 0 ? 100 : 0,
  });
  return { lines: zero(like.lines), branches: zero(like.branches), functions: zero(like.functions) };
}

/** Whether `after` covers more than `before` (lines, then branches, then functions). */
export function coversMore(after: CoverageFigures | undefined, before: CoverageFigures | undefined): boolean {
  if (!after) return false;
  if (!before) return true;
  return (
    after.lines.covered > before.lines.covered ||
    after.branches.covered > before.branches.covered ||
    after.functions.covered > before.functions.covered
  );
}

function realpath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}
