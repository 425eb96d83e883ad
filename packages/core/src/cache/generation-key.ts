import { projectHas } from '../analyze/project-dependency.js';
import type { FileOptions } from '../model/options.js';
import { inputHash } from '../write/marker.js';

/** Options that do not change what is generated for a file (where it goes is checked separately). */
const NOT_IN_KEY = new Set([
  'paths',
  'root',
  'outDir',
  'concurrency',
  'onProgress',
  'exclude',
  'templates',
  'fileBudgetMs',
]);

/** Optional libraries whose presence in the project changes the generated tests. */
const TEST_LIBRARIES = ['fast-check', '@fast-check/vitest', 'memfs'];

/**
 * The key a source's generated test (and cached result) is valid for: assay's version, every option
 * that changes the output (new options count automatically unless listed in NOT_IN_KEY), the template
 * code, the optional test libraries the project has, and the hash of the source with everything it imports.
 */
export function generationKey(version: string, options: FileOptions, closureHash: string): string {
  const relevant = Object.entries(options)
    .filter(([name, value]) => !NOT_IN_KEY.has(name) && typeof value !== 'function')
    .sort(([a], [b]) => a.localeCompare(b));
  return inputHash([
    version,
    JSON.stringify(relevant),
    // Templates change the output: their code is part of what the file was generated from.
    ...Object.entries(options.templates ?? {}).map(([name, hook]) => `${name}:${String(hook)}`),
    closureHash,
    // Libraries the tests use only when the project has them (property tests, in-memory files).
    TEST_LIBRARIES.filter((name) => projectHas(options.root, name)).join(','),
  ]);
}
