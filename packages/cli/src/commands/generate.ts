import path from 'node:path';
import type { GenerateOptions, GenerateReport } from '@assay/core';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { progressReporter } from '../output/generate-progress.js';
import { printGenerateSummary } from '../output/generate-summary.js';
import { missingCoverageTools } from '../preflight/coverage-tools.js';
import { missingPaths } from '../preflight/paths.js';
import { USAGE_EXIT_CODE } from '../usage-errors.js';

interface GenerateFlags {
  framework?: 'vitest' | 'jest';
  outDir?: string;
  exclude?: string[];
  concurrency?: number;
  callTimeout?: number;
  unitBudget?: number;
  fileBudget?: number;
  sandboxHeap?: number;
  maxCandidates?: number;
  maxCases?: number;
  seed?: number;
  json?: boolean;
  /** false with --no-property. */
  property?: boolean;
  coverageTarget?: number;
  maxIterations?: number;
  /** false with --no-validate. */
  validate?: boolean;
  validateRuns?: number;
}

/** `assay generate [paths...]`: writes test files for the given sources (see DESIGN.md's contract). */
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('Write unit tests for TypeScript/JavaScript sources by running their code in a sandbox.')
    .argument(
      '[paths...]',
      'source files or folders (default: generate.paths in assay.config.ts, else every source of tsconfig.json)',
    )
    .addOption(
      new Option('--framework <name>', 'test framework of the generated files (default: detected)').choices([
        'vitest',
        'jest',
      ]),
    )
    .option(
      '--out-dir <dir>',
      'write tests under this folder, mirroring the source tree (default: where the project keeps its tests)',
    )
    .option('--exclude <glob...>', 'leave out sources matching these globs (relative to the project root)')
    .option(
      '--concurrency <n>',
      'source files processed at once (default: CPU count, 512 MB of free memory each, at most 8)',
      positiveInteger,
    )
    .option(
      '--call-timeout <ms>',
      'CPU-time limit of one call of the code under test (default: 2000)',
      positiveInteger,
    )
    .option(
      '--unit-budget <ms>',
      'hang guard: wall-clock time one function or class may be explored (default: 60000)',
      positiveInteger,
    )
    .option(
      '--file-budget <ms>',
      'hang guard: wall-clock time one source file may take (default: 600000)',
      positiveInteger,
    )
    .option(
      '--max-candidates <n>',
      'exploration budget: inputs tried per function, sequences per class (default: 150)',
      positiveInteger,
    )
    .option(
      '--sandbox-heap <mb>',
      'heap limit of each sandbox process; a call that exhausts it costs only that input (default: 512)',
      positiveInteger,
    )
    .option('--max-cases <n>', 'test cases kept per function (default: 12)', positiveInteger)
    .option('--seed <n>', 'seed for inputs: same seed and sources, same tests (default: 42)', positiveInteger)
    .option(
      '--no-property',
      'do not look for properties (round trips, idempotence…) to write as fast-check tests',
    )
    .option(
      '--coverage-target <percent>',
      'line coverage the coverage-gap loop aims for, per file (default 85)',
      percentage,
    )
    .option(
      '--max-iterations <n>',
      'iterations of the coverage-gap loop after the first generation; 0 validates only (default 5)',
      wholeNumber,
    )
    .option(
      '--validate-runs <n>',
      'runs of the real runner per validation; a test must pass all (default 3)',
      positiveInteger,
    )
    .option('--no-validate', "do not run the generated tests with the project's runner (no coverage loop)")
    .option('--json', 'print the report as JSON on stdout, and nothing else (no progress)')
    .addHelpText(
      'after',
      '\nFiles whose source, local imports, options and assay version did not change since the last run are skipped' +
        ' (cache: .assay/cache/generate.json).' +
        '\nExit code: 0 when every file was processed, 1 when some file failed (the report says why), 2 on bad usage.',
    )
    .action(async (paths: string[], flags: GenerateFlags) => {
      process.exitCode = await runGenerate(paths, flags);
    });
}

async function runGenerate(paths: string[], flags: GenerateFlags): Promise<number> {
  // Core (ts-morph, TypeScript's compiler) is loaded by the commands that need it, so the others
  // (`assay flaky`, `history`, `gate` in CI steps) start in a fraction of the time.
  const { AssayError, detectFramework, generateTests, loadConfig } = await import('@assay/core');
  let report: GenerateReport;
  const progress = flags.json ? undefined : progressReporter(process.stderr);
  try {
    // assay.config.ts gives the defaults (loadConfig has checked its values); the command line wins.
    const { config } = await loadConfig(process.cwd());
    const options: GenerateOptions = {
      ...config.generate,
      ...defined({
        paths: paths.length > 0 ? paths : undefined,
        framework: flags.framework,
        outDir: flags.outDir,
        exclude: flags.exclude,
        concurrency: flags.concurrency,
        callTimeoutMs: flags.callTimeout,
        unitBudgetMs: flags.unitBudget,
        fileBudgetMs: flags.fileBudget,
        sandboxHeapMb: flags.sandboxHeap,
        maxCandidates: flags.maxCandidates,
        maxCasesPerUnit: flags.maxCases,
        seed: flags.seed,
        // commander sets it to true unless --no-property is given: only pass the explicit opt-out.
        property: flags.property === false ? false : undefined,
        validate: flags.validate === false ? false : undefined,
        coverageTarget: flags.coverageTarget,
        maxIterations: flags.maxIterations,
        validateRuns: flags.validateRuns,
      }),
      onProgress: progress?.onProgress,
    };
    const root = path.resolve(options.root ?? process.cwd());
    const missing = missingPaths(root, options.paths ?? []);
    if (missing.length > 0) {
      progress?.stop();
      process.stderr.write(
        `assay generate: ${missing.map((p) => `${p} does not exist`).join('; ')} (paths are relative to ${root}). ` +
          'Pass source files or folders that exist.\n',
      );
      return USAGE_EXIT_CODE;
    }
    skipLoopWithoutCoverage(root, options, detectFramework);
    report = await generateTests(options);
  } catch (error) {
    progress?.stop();
    if (error instanceof AssayError) {
      process.stderr.write(`assay generate: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  progress?.stop();
  if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printGenerateSummary(report, process.stdout);
  return report.totals.failed > 0 ? 1 : 0;
}

/**
 * The coverage-gap loop needs a coverage provider; without one it would run and measure nothing.
 * Say so before starting, with the install command for the project's package manager, and generate
 * without the loop (`maxIterations: 0`).
 */
function skipLoopWithoutCoverage(
  root: string,
  options: GenerateOptions,
  detectFramework: (root: string) => 'vitest' | 'jest',
): void {
  if (options.validate === false || options.maxIterations === 0) return;
  const missing = missingCoverageTools(root, options.framework ?? detectFramework(root));
  if (!missing) return;
  options.maxIterations = 0;
  process.stderr.write(
    `assay generate: ${missing.reason}; the coverage-gap loop is skipped.\n  Install it with: ${missing.install}\n`,
  );
}

/** Only the flags that were given, so they override the config without erasing it. */
function defined<T extends object>(flags: T): Partial<T> {
  return Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return n;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of at least 0.');
  return n;
}

function percentage(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100)
    throw new InvalidArgumentError('expected a percentage from 0 to 100.');
  return n;
}
