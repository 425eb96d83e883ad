import os from 'node:os';
import path from 'node:path';
import { InvalidOptionError } from './errors.js';
import type { Framework, ProgressEvent, ResolvedOptions } from './model/options.js';
import type { TestTemplates } from './model/templates.js';
import { DEFAULT_SANDBOX_HEAP_MB } from './sandbox/host/sandbox.js';

/** Options of {@link generateTests}. All are optional. */
export interface GenerateOptions {
  /**
   * Source files or folders to generate tests for. A folder gives the files of the project's tsconfig
   * under it (every `.ts`/`.tsx`/`.js` file under it when the tsconfig includes none); tests, declaration
   * files, generated files, configs and `node_modules` are left out. Relative paths start at `root`.
   * @default [] — the whole project: every source its tsconfig.json includes
   * @example ['src/math.ts', 'src/utils']
   */
  paths?: string[];
  /**
   * Sources to leave out, as glob patterns relative to `root` (picomatch syntax).
   * @default []
   * @example ['src/generated/**', '**\/*.stories.tsx']
   */
  exclude?: string[];
  /** The project root: the folder holding package.json and tsconfig.json. @default process.cwd() */
  root?: string;
  /**
   * Test framework of the generated files.
   * @default detected from the project's package.json (vitest unless only jest is found)
   */
  framework?: Framework;
  /**
   * Folder for generated tests, mirroring the source tree under it. Relative paths start at `root`.
   * @default where the project keeps its tests: a top-level `test/`, `tests/` or `__tests__/` folder when
   * most existing tests are there, otherwise beside each source file (`src/math.ts` → `src/math.assay.test.ts`)
   */
  outDir?: string;
  /**
   * Source files processed at once, each in its own sandbox process.
   * @default the CPU count, lowered so each file has 512 MB of the free memory, between 1 and 8
   */
  concurrency?: number;
  /**
   * Limit of one call of the code under test, in milliseconds of the sandbox's CPU time (a call that
   * waits without computing is stopped after ten times this on the wall clock, at least 30 s).
   * @default 2000
   */
  callTimeoutMs?: number;
  /**
   * Hang guard of one unit's exploration, in milliseconds of wall-clock time. Exploration is budgeted
   * in work (`maxCandidates`), so the same sources give the same tests on an idle or a saturated
   * machine; this limit only stops a unit stuck far beyond that, and the report then says so
   * (a `timeout` problem naming the unit). Property inference gets twice this in CPU time.
   * @default 60000
   */
  unitBudgetMs?: number;
  /**
   * Hang guard of one source file, in milliseconds of wall-clock time: a file still running after it
   * is reported as failed (`timeout`) so the run goes on.
   * @default 600000
   */
  fileBudgetMs?: number;
  /**
   * Heap limit of each sandbox process, in MB (`--max-old-space-size`). A call that allocates without
   * end (`range(0, 1e9)`) ends its sandbox early and cleanly: that input is reported as a `crash`
   * problem, the sandbox restarts and exploration goes on with the other inputs and units.
   * @default 512
   */
  sandboxHeapMb?: number;
  /**
   * The exploration budget: argument tuples tried per function, call sequences run per class (and
   * again per coverage-loop iteration). Counted, never timed.
   * @default 150
   */
  maxCandidates?: number;
  /** Test cases kept per unit. @default 12 */
  maxCasesPerUnit?: number;
  /** Seed for every random choice: the same seed and sources give the same tests. @default 42 */
  seed?: number;
  /** Called as work advances. */
  onProgress?: (event: ProgressEvent) => void;
  /** Hooks that change how tests are written (see {@link TestTemplates}). */
  templates?: TestTemplates;
  /**
   * Look for properties (round trips, idempotence, commutativity, invariants…), check them on samples and
   * write those that hold as fast-check tests (`--no-property` turns it off).
   * @default true
   */
  property?: boolean;
  /**
   * Run the generated tests with the project's own runner (Vitest or Jest, from the project's
   * node_modules) `validateRuns` times with coverage; drop tests that fail in any run, then run the
   * coverage-gap loop. Off: tests are checked in the sandbox only.
   * @default true
   */
  validate?: boolean;
  /** Runs of the real runner per validation: a test must pass every one. @default 3 */
  validateRuns?: number;
  /**
   * Hang guard of one validation (all its runs), in milliseconds of wall-clock time: tests of a file
   * that does not finish in time are dropped, and the report says so.
   * @default 600000
   */
  validateTimeoutMs?: number;
  /**
   * Line coverage (percent) the coverage-gap loop aims for per file (`--coverage-target`).
   * @default 85
   */
  coverageTarget?: number;
  /**
   * Iterations of the coverage-gap loop after the first generation (`--max-iterations`); 0 validates
   * without looping.
   * @default 5
   */
  maxIterations?: number;
}

/** The names of every option, as config files and the command line spell them. */
export const GENERATE_OPTION_NAMES = [
  'paths',
  'exclude',
  'framework',
  'outDir',
  'concurrency',
  'callTimeoutMs',
  'unitBudgetMs',
  'fileBudgetMs',
  'sandboxHeapMb',
  'maxCandidates',
  'maxCasesPerUnit',
  'seed',
  'templates',
  'property',
  'validate',
  'validateRuns',
  'validateTimeoutMs',
  'coverageTarget',
  'maxIterations',
] as const satisfies readonly (keyof GenerateOptions)[];
/** Memory one file in flight needs: its sandbox process and its share of the analysis. */
const MEMORY_PER_FILE = 512 * 1024 * 1024;

/** One file per CPU, as many as the free memory holds at 512 MB each, between 1 and 8. */
export function defaultConcurrency(): number {
  const byMemory = Math.floor(os.freemem() / MEMORY_PER_FILE);
  return Math.max(1, Math.min(8, os.availableParallelism(), byMemory));
}

/** The defaults, exported so docs and callers can show them. */
export const defaults = {
  concurrency: defaultConcurrency(),
  callTimeoutMs: 2000,
  unitBudgetMs: 60_000,
  fileBudgetMs: 600_000,
  sandboxHeapMb: DEFAULT_SANDBOX_HEAP_MB,
  maxCandidates: 150,
  maxCasesPerUnit: 12,
  seed: 42,
  validateRuns: 3,
  validateTimeoutMs: 600_000,
  coverageTarget: 85,
  maxIterations: 5,
} as const;

export function resolveOptions(options: GenerateOptions): ResolvedOptions {
  for (const name of ['paths', 'exclude'] as const) {
    const value = options[name];
    if (value !== undefined && (!Array.isArray(value) || value.some((p) => typeof p !== 'string'))) {
      throw new InvalidOptionError(name, 'expected an array of strings, e.g. ["src"].');
    }
  }
  if (options.framework !== undefined && options.framework !== 'vitest' && options.framework !== 'jest') {
    throw new InvalidOptionError(
      'framework',
      `"${options.framework}" is not supported; use "vitest" or "jest".`,
    );
  }
  const root = path.resolve(options.root ?? process.cwd());
  return {
    paths: (options.paths ?? []).map((p) => path.resolve(root, p)),
    exclude: options.exclude ?? [],
    root,
    framework: options.framework,
    outDir: options.outDir === undefined ? undefined : path.resolve(root, text('outDir', options.outDir)),
    concurrency: positiveInteger('concurrency', options.concurrency, defaultConcurrency()),
    callTimeoutMs: positiveInteger('callTimeoutMs', options.callTimeoutMs, defaults.callTimeoutMs),
    unitBudgetMs: positiveInteger('unitBudgetMs', options.unitBudgetMs, defaults.unitBudgetMs),
    fileBudgetMs: positiveInteger('fileBudgetMs', options.fileBudgetMs, defaults.fileBudgetMs),
    sandboxHeapMb: positiveInteger('sandboxHeapMb', options.sandboxHeapMb, defaults.sandboxHeapMb),
    maxCandidates: positiveInteger('maxCandidates', options.maxCandidates, defaults.maxCandidates),
    maxCasesPerUnit: positiveInteger('maxCasesPerUnit', options.maxCasesPerUnit, defaults.maxCasesPerUnit),
    seed: options.seed === undefined ? defaults.seed : integer('seed', options.seed),
    onProgress: options.onProgress ?? (() => {}),
    templates: options.templates,
    property: boolean('property', options.property, true),
    validate: boolean('validate', options.validate, true),
    validateRuns: positiveInteger('validateRuns', options.validateRuns, defaults.validateRuns),
    validateTimeoutMs: positiveInteger(
      'validateTimeoutMs',
      options.validateTimeoutMs,
      defaults.validateTimeoutMs,
    ),
    coverageTarget: percent('coverageTarget', options.coverageTarget, defaults.coverageTarget),
    maxIterations: wholeNumber('maxIterations', options.maxIterations, defaults.maxIterations),
  };
}

function text(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '')
    throw new InvalidOptionError(name, `expected a folder path, got ${JSON.stringify(value)}.`);
  return value;
}

function integer(name: string, value: unknown): number {
  if (!Number.isInteger(value))
    throw new InvalidOptionError(name, `expected a whole number, got ${String(value)}.`);
  return value as number;
}

function boolean(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    throw new InvalidOptionError(name, `expected true or false, got ${String(value)}.`);
  return value;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidOptionError(name, `expected a whole number of at least 1, got ${String(value)}.`);
  }
  return value;
}

function percent(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw new InvalidOptionError(name, `expected a percentage from 0 to 100, got ${String(value)}.`);
  }
  return value;
}

function wholeNumber(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidOptionError(name, `expected a whole number of at least 0, got ${String(value)}.`);
  }
  return value;
}
