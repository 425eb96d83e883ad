/**
 * The validate child: runs test files with the project's own Vitest or Jest, through their Node APIs,
 * resolved from the project root (never from assay's own dependencies). The parent sends one
 * {@link RunnerRequest} at a time and waits for its {@link RunnerResponse}, killing the process on a time
 * limit, so a hanging or crashing test never takes the generator down. A Vitest instance is kept between
 * requests for the same files (the coverage loop validates the same file again and again).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CoverageMapData } from 'istanbul-lib-coverage';
import { takeRefusals } from '../guard/fakes.js';
import {
  GUARD_LOG_PREFIX,
  GUARD_WRITABLE_ENV,
  guardSetupFile,
  installValidationGuard,
} from '../guard/validation-guard.js';
import type { RunnerRequest, RunnerResponse, RunResult, TestResult } from '../runner-protocol.js';

// A child whose generator is gone (killed, cancelled) must not run on: test files may keep timers alive.
process.on('disconnect', () => process.exit(0));

/** Requests are answered one at a time, in order: a run waits for the preparation sent before it. */
let queue: Promise<unknown> = Promise.resolve();
process.on('message', (request: RunnerRequest) => {
  queue = queue.then(() =>
    run(request)
      .catch((error: unknown): RunnerResponse => ({ type: 'error', message: firstLines(error) }))
      .then((response) => process.send?.(response)),
  );
});

/** Vitest instances by request (root, files, mode), started once and run again on later requests. */
const instances = new Map<
  string,
  {
    vitest: VitestInstance;
    current: { run: RunResult };
    started: boolean;
    /** Coverage switched off for the runs before the last (Vitest ≥ 4). */
    coverageOff?: boolean;
  }
>();

async function run(request: RunnerRequest): Promise<RunnerResponse> {
  const require = createRequire(path.join(request.root, 'package.json'));
  let entry: string;
  try {
    entry = require.resolve(request.runner === 'vitest' ? 'vitest/node' : 'jest');
  } catch {
    return {
      type: 'missing',
      message: `${request.runner} is not installed in ${request.root}`,
    };
  }
  return request.runner === 'vitest' ? runVitest(request, entry, require) : runJest(request, entry);
}

/** Vitest 3.2 / 4.x: one instance, `start()` once (it sets up coverage), then fresh runs of the same files. */
async function runVitest(
  request: RunnerRequest,
  entry: string,
  require: NodeJS.Require,
): Promise<RunnerResponse> {
  const vitestNode = await import(pathToFileURL(entry).href);
  const version: string = vitestNode.version ?? require('vitest/package.json').version;
  let coverageProblem: string | undefined;
  try {
    const provider: string = require('@vitest/coverage-v8/package.json').version;
    // Vitest refuses (or crashes on) a provider of another version: say so instead of failing the run.
    if (provider !== version) {
      coverageProblem = `@vitest/coverage-v8 ${provider} does not match vitest ${version}, so coverage could not be measured; install the same version of both`;
    }
  } catch {
    coverageProblem = '@vitest/coverage-v8 is not installed, so coverage could not be measured';
  }
  const key = JSON.stringify([request.root, request.files, request.source, Boolean(request.related)]);
  let instance = instances.get(key);
  if (!instance) {
    instance = { ...(await startVitest(vitestNode, request, coverageProblem)), started: false };
    instances.set(key, instance);
  }
  if (request.prepare) return { type: 'done', version, runs: [] };
  const { vitest, current } = instance;
  try {
    const runs: RunResult[] = [];
    const count = request.related ? 1 : request.runs;
    for (let i = 0; i < count; i++) {
      current.run = { tests: [], errors: [] };
      // Only the last run's coverage is read: the runs before it only look for failures, and measuring
      // coverage costs each of them (Vitest ≥ 4 can switch it per run; 3.2 measures every run).
      if (!coverageProblem) await switchCoverage(instance, i === count - 1);
      if (!instance.started) {
        instance.started = true;
        try {
          await vitest.start();
        } catch (error) {
          // No related test file: nothing ran, which is a valid answer for "before".
          if (!(error instanceof Error && error.name === 'FilesNotFoundError') && !request.related)
            throw error;
        }
      } else {
        // The file changed since the last request (cases dropped or added): read it again.
        for (const file of request.files) vitest.invalidateFile(file);
        await vitest.runTestSpecifications(await vitest.globTestSpecifications(), true);
      }
      runs.push(current.run);
    }
    return { type: 'done', version, runs, ...(coverageProblem ? { coverageProblem } : {}) };
  } finally {
    if (request.related || request.last) {
      instances.delete(key);
      await vitest.close();
    }
  }
}

async function switchCoverage(instance: { vitest: VitestInstance; coverageOff?: boolean }, on: boolean) {
  const { vitest } = instance;
  if (!vitest.enableCoverage || !vitest.disableCoverage) return;
  if (on && instance.coverageOff) await vitest.enableCoverage();
  else if (!on && !instance.coverageOff) vitest.disableCoverage();
  instance.coverageOff = !on;
}

interface VitestInstance {
  start(): Promise<unknown>;
  /** Vitest ≥ 4: coverage switched on and off between runs of one instance. */
  enableCoverage?(): Promise<void>;
  disableCoverage?(): void;
  runTestSpecifications(specs: unknown[], allTestsRun: boolean): Promise<unknown>;
  globTestSpecifications(): Promise<unknown[]>;
  invalidateFile(file: string): void;
  close(): Promise<void>;
  projects?: Array<{ config: { exclude: string[]; setupFiles: string[] } }>;
}

async function startVitest(
  vitestNode: { createVitest(mode: 'test', options: object): Promise<VitestInstance> },
  request: RunnerRequest,
  coverageProblem: string | undefined,
): Promise<{ vitest: VitestInstance; current: { run: RunResult } }> {
  const current = { run: { tests: [], errors: [] } as RunResult };
  /** What the guard refused in the workers (see validation-guard.ts), by the test (or file) running then. */
  const refused = new Map<string, string>();
  const reporter = {
    onUserConsoleLog(log: { content: string; taskId?: string }) {
      const at = log.content.indexOf(GUARD_LOG_PREFIX);
      if (at < 0) return;
      const operation = log.content
        .slice(at + GUARD_LOG_PREFIX.length)
        .split('\n')[0]!
        .trim();
      if (!refused.has(log.taskId ?? '')) refused.set(log.taskId ?? '', operation);
    },
    onTestRunEnd(modules: readonly VitestModule[], unhandled: readonly unknown[]) {
      for (const module of modules) {
        for (const error of module.errors?.() ?? []) current.run.errors.push(firstLines(error));
        // A refusal while the file loaded (outside any test) fails every test of the file: each of
        // them loads the module again when the user runs it.
        const whileLoading = refused.get(module.id ?? '') ?? refused.get('');
        for (const test of module.children.allTests()) {
          const result = test.result();
          current.run.tests.push(
            testResult(
              suitePath(test),
              result.state,
              result.errors?.[0],
              refused.get(test.id ?? '') ?? whileLoading,
            ),
          );
        }
      }
      refused.clear();
      for (const error of unhandled) current.run.errors.push(firstLines(error));
    },
    onCoverage(coverage: { toJSON(): CoverageMapData }) {
      current.run.coverage = coverage.toJSON();
    },
  };
  const relative = (file: string) => path.relative(request.root, file).split(path.sep).join('/');
  const vitest = await vitestNode.createVitest('test', {
    root: request.root,
    watch: false,
    ...(request.related ? { related: [request.source] } : { include: request.files.map(relative) }),
    reporters: [reporter],
    passWithNoTests: true,
    silent: true,
    coverage: {
      enabled: !coverageProblem,
      provider: 'v8',
      include: [relative(request.source)],
      reporter: [['json', { file: 'coverage-final.json' }]],
      reportsDirectory: request.coverageDir,
      clean: true,
      thresholds: {},
    },
  });
  for (const project of vitest.projects ?? []) {
    // The generated files are not the project's own tests: leave them out of "before".
    if (request.related) project.config.exclude.push(...request.files.map(relative));
    // The guard loads in each worker before anything else (assay's runs only, not the user's config).
    else project.config.setupFiles.unshift(guardSetupFile());
  }
  return { vitest, current };
}

interface VitestTest {
  id?: string;
  name: string;
  parent: { type: string; name?: string; parent?: unknown };
  result(): { state: string; errors?: unknown[] };
}
interface VitestModule {
  id?: string;
  errors?(): unknown[];
  children: { allTests(): Iterable<VitestTest> };
}

function suitePath(test: VitestTest): string[] {
  const names = [test.name];
  let parent: { type: string; name?: string; parent?: unknown } | undefined = test.parent;
  while (parent && parent.type === 'suite') {
    names.unshift(parent.name ?? '');
    parent = parent.parent as typeof parent;
  }
  return names;
}

/** Jest 29 / 30: `runCLI` in band, once per run, coverage from the source only. */
async function runJest(request: RunnerRequest, entry: string): Promise<RunnerResponse> {
  const jest = (await import(pathToFileURL(entry).href)) as {
    runCLI?: JestRunCli;
    default?: { runCLI: JestRunCli };
    getVersion?: () => string;
  };
  const runCLI = jest.runCLI ?? jest.default?.runCLI;
  if (!runCLI) return { type: 'error', message: `this jest (${entry}) has no runCLI` };
  const version = (jest.getVersion ?? (jest.default as { getVersion?: () => string })?.getVersion)?.() ?? '';
  // Jest is loaded: that is all a preparation can do (each run builds its own configuration).
  if (request.prepare) return { type: 'done', version, runs: [] };
  const escapeRegExp = (file: string) => file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const relativeSource = path.relative(request.root, request.source).split(path.sep).join('/');
  const argv = {
    _: request.related ? [request.source] : request.files,
    $0: 'assay',
    ...(request.related
      ? {
          findRelatedTests: true,
          testPathIgnorePatterns: ['/node_modules/', ...request.files.map(escapeRegExp)],
        }
      : { runTestsByPath: true }),
    coverage: true,
    collectCoverageFrom: [relativeSource],
    coverageReporters: ['json'],
    coverageDirectory: request.coverageDir,
    cacheDirectory: path.join(request.coverageDir, 'jest-cache'),
    runInBand: true,
    silent: true,
    ci: true,
    watch: false,
    watchman: false,
    passWithNoTests: true,
    reporters: [],
  };
  // Jest runs the tests in band, in this process: the guard goes here, once, after Jest is loaded. Jest's
  // own writes (cache, coverage) go to the coverage folder, the only one left writable.
  if (!request.related)
    installValidationGuard(JSON.parse(process.env[GUARD_WRITABLE_ENV] ?? '[]') as string[]);
  takeRefusals();
  const runs: RunResult[] = [];
  for (let i = 0; i < request.runs; i++) {
    const { results } = await runCLI(argv, [request.root]);
    const refusals = takeRefusals();
    const tests: TestResult[] = [];
    const errors: string[] = [];
    for (const file of results.testResults) {
      if (file.testExecError) errors.push(firstLines(file.testExecError.message));
      else if (file.failureMessage && file.testResults.length === 0)
        errors.push(firstLines(file.failureMessage));
      for (const test of file.testResults) {
        // In band, which test a refusal came from is not known: each test of the file fails with it.
        tests.push(
          testResult(
            [...test.ancestorTitles, test.title],
            test.status,
            test.failureMessages?.[0],
            refusals[0],
          ),
        );
      }
    }
    runs.push({ tests, errors, ...(results.coverageMap ? { coverage: results.coverageMap.toJSON() } : {}) });
  }
  return { type: 'done', version, runs };
}

type JestRunCli = (
  argv: Record<string, unknown>,
  projects: string[],
) => Promise<{
  results: {
    testResults: Array<{
      testExecError?: { message: string };
      failureMessage?: string | null;
      testResults: Array<{
        ancestorTitles: string[];
        title: string;
        status: string;
        failureMessages?: string[];
      }>;
    }>;
    coverageMap?: { toJSON(): CoverageMapData };
  };
}>;

/** One test's result; a refusal of the guard fails it, whatever the runner said. */
function testResult(path: string[], status: string, error: unknown, refusal: string | undefined): TestResult {
  if (refusal)
    return {
      path,
      state: 'failed',
      error: `calls ${refusal}, which assay's guard refuses: the test would reach the machine whenever it runs`,
    };
  const state = status === 'passed' ? 'passed' : status === 'failed' ? 'failed' : 'skipped';
  return { path, state, ...(state === 'failed' ? { error: firstLines(error) } : {}) };
}

/** The first lines of an error, without ANSI colours: enough to say why a test was dropped. */
function firstLines(error: unknown): string {
  const text =
    error instanceof Error
      ? error.message
      : typeof error === 'object' && error !== null && 'message' in error
        ? String((error as { message: unknown }).message)
        : String(error);
  return text.replace(ANSI_COLOURS, '').split('\n').filter(Boolean).slice(0, 3).join(' ').slice(0, 300);
}

/** Terminal colour codes (ESC [ … m), built from a string so the pattern holds no raw control character. */
const ANSI_COLOURS = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
