import fs from 'node:fs';
import path from 'node:path';
import { type analyzeFile, ParseError } from './analyze/analyze-file.js';
import { analyzeSource } from './analyze/analyze-source.js';
import type { ProjectPool } from './analyze/project.js';
import { projectHas } from './analyze/project-dependency.js';
import { OutputConflictError } from './errors.js';
import { type ExploredUnit, exploreFile } from './explore/explore-file.js';
import { syntaxTree } from './gaps/syntax-tree.js';
import { countTests, coverageLoop } from './loop/loop.js';
import { FILE_FIXTURE, FILE_SYSTEM_MODULE, FIXTURE_PATHS } from './model/file-fixture.js';
import type { FileOptions } from './model/options.js';
import type { Plan, PropertyBlock } from './model/plan.js';
import type { CoverageReport, FileReport, Problem, UnitReport } from './model/report.js';
import { formatCode } from './render/format.js';
import { renderTestFile } from './render/test-file.js';
import { RunnerSession } from './sandbox/host/run-runner.js';
import { Sandbox, SandboxLoadError } from './sandbox/host/sandbox.js';
import { FAKE_NOW } from './sandbox/protocol.js';
import { verifyPlans } from './verify/verify-plans.js';
import { VERSION } from './version.js';
import { inputHash, markerLine } from './write/marker.js';
import { importPathFor, inspectOutput, outputPathFor, writeGeneratedFile } from './write/write-file.js';

/**
 * The pipeline for one source file: analyze → inputs → explore → select → oracle → verify → render →
 * write. Every failure ends up in the file's report; nothing here throws for a problem with user code.
 */
export async function generateForFile(
  source: string,
  options: FileOptions,
  projects: ProjectPool,
  /** Key of everything the output depends on (see cache/generation-key.ts); by default the source's hash. */
  inputKey?: string,
): Promise<FileReport> {
  const started = Date.now();
  const relative = toPosix(path.relative(options.root, source));
  const outputPath = outputPathFor(source, options.root, options.outDir);
  const output = toPosix(path.relative(options.root, outputPath));
  const report = (
    status: FileReport['status'],
    units: UnitReport[],
    problems: Problem[],
    tests = 0,
  ): FileReport => ({
    source: relative,
    ...(status === 'written' || status === 'unchanged' ? { output } : {}),
    status,
    units,
    tests,
    problems,
    durationMs: Date.now() - started,
  });

  const hash =
    inputKey ??
    inputHash([
      VERSION,
      options.framework,
      String(options.seed),
      String(options.maxCandidates),
      String(options.sandboxHeapMb),
      String(options.maxCasesPerUnit),
      // The loop's settings change which tests are kept.
      `${options.validate}:${options.validateRuns}:${options.coverageTarget}:${options.maxIterations}`,
      // Templates change the output: their code is part of what the file was generated from.
      ...Object.values(options.templates ?? {}).map(String),
      fs.readFileSync(source, 'utf8'),
    ]);
  try {
    const existing = inspectOutput(outputPath);
    if (existing.state === 'generated' && existing.inputHash === hash) return report('unchanged', [], []);
  } catch (error) {
    if (error instanceof OutputConflictError)
      return report('failed', [], [{ code: 'output-conflict', message: error.message }]);
    throw error;
  }

  let analyzed: ReturnType<typeof analyzeFile>;
  try {
    analyzed = analyzeSource(projects.projectFor(source, options.root), source);
  } catch (error) {
    if (error instanceof ParseError) {
      return report(
        'failed',
        [],
        [{ code: 'parse-error', message: `${error.message}. Fix the syntax error and run again.` }],
      );
    }
    throw error;
  }
  const problems = [...analyzed.problems];
  const files = fileSystemSetup(analyzed, options.root, relative, problems);
  if (analyzed.units.length === 0) {
    problems.push({ code: 'no-cases', message: `${relative} exports no function that assay can test yet.` });
    return report('no-tests', [], problems);
  }

  let verifier: Sandbox | undefined;
  // The runner starts loading while the file is explored: validation then finds it ready.
  const session = options.validate ? new RunnerSession() : undefined;
  session?.prepare({
    runner: options.framework,
    root: options.root,
    files: [outputPath],
    source,
    timeoutMs: options.validateTimeoutMs,
  });
  try {
    const exportedNames = new Set(analyzed.exportedNames);
    const fakeNow = analyzed.readsClock ? FAKE_NOW : undefined;
    // The sandbox runs the code as its test file will: Date fixed, I/O built-ins and local I/O modules mocked.
    const setup = {
      fakeNow,
      mockModules: files.mockModules,
      mockReturns: files.mockReturns,
      ...(files.memoryFiles ? { memoryFiles: files.memoryFiles } : {}),
      localMocks: analyzed.localIoModules,
      heapMb: options.sandboxHeapMb,
    };
    // The sandbox that verifies the plans starts (and loads the module) while exploration runs: it makes
    // no call before verification, so it is as fresh as one started then.
    verifier = new Sandbox(source, { cwd: options.root, ...setup });
    verifier.warmUp();
    const { units: explored, properties } = await exploreFile(
      source,
      analyzed.units,
      options,
      exportedNames,
      setup,
    );
    problems.push(...properties.problems);
    const written = properties.tests;
    const plans = await verifyPlans(
      source,
      explored.map((e) => e.plan),
      options,
      exportedNames,
      problems,
      setup,
      verifier,
    );

    const importPath = importPathFor(outputPath, source, analyzed.nodeNextResolution);
    // The test may sit in another folder (--out-dir): it reaches each mocked local module from there.
    const localMocks = analyzed.localIoModules.map((mock) => ({
      specifier: mock.specifier,
      importPath: importPathFor(outputPath, mock.file, analyzed.nodeNextResolution),
      returns: mock.returns,
    }));
    // Render → format → write: used for the first file and again each time validation changes the plans.
    const write = async (current: Plan[], block: PropertyBlock): Promise<boolean> => {
      if (countTests(current, block) === 0) return false;
      const code = renderTestFile({
        framework: options.framework,
        marker: markerLine(hash),
        importPath,
        plans: current,
        exportedNames,
        fakeNow,
        mockModules: files.mockModules,
        requiredModules: files.requiredModules,
        mockReturns: files.mockReturns,
        memoryFiles: files.memoryFiles,
        localMocks,
        templates: options.templates,
        source: relative,
        properties: block,
      });
      writeGeneratedFile(outputPath, await formatCode(code, outputPath));
      return true;
    };
    let finalPlans: Plan[] = plans;
    let finalProperties: PropertyBlock = written;
    let coverage: CoverageReport | undefined;
    if (!(await write(finalPlans, finalProperties))) {
      return report('no-tests', unitReports(explored, finalPlans), problems);
    }
    const generatedMs = Date.now() - started;
    let looped: Awaited<ReturnType<typeof coverageLoop>> | undefined;
    if (options.validate) {
      // The coverage-gap loop: validate with the project's runner, then explore again where coverage is missing.
      looped = await coverageLoop({
        source,
        output: outputPath,
        options,
        sourceFile: syntaxTree(source),
        units: analyzed.units,
        unitProblems: new Map(explored.map((e) => [e.unit.name, e.problems])),
        plans,
        properties: written,
        exportedNames,
        setup,
        session,
        write,
      });
      problems.push(...looped.problems);
      finalPlans = looped.plans;
      finalProperties = looped.properties;
      coverage = looped.coverage && {
        ...looped.coverage,
        stages: { generate: generatedMs, ...looped.coverage.stages },
      };
    }
    const units = unitReports(explored, finalPlans, coverage);
    const tests = countTests(finalPlans, finalProperties);
    if (tests === 0 || looped?.failed) {
      // The runner could not run the file, or every generated test failed under it: nothing broken
      // stays on disk, and the file is reported failed with the runner's reasons.
      fs.rmSync(outputPath, { force: true });
      return { ...report('failed', units, problems), ...(coverage ? { coverage } : {}) };
    }
    return { ...report('written', units, problems, tests), ...(coverage ? { coverage } : {}) };
  } catch (error) {
    if (error instanceof SandboxLoadError) {
      problems.push({
        code: 'load-error',
        message: `${relative} could not be loaded in the sandbox: ${error.message}`,
      });
      return report('failed', [], problems);
    }
    if (error instanceof OutputConflictError) {
      problems.push({ code: 'output-conflict', message: error.message });
      return report('failed', [], problems);
    }
    throw error;
  } finally {
    session?.close();
    verifier?.close();
  }
}

/**
 * A module that does file I/O (`fs`, `fs/promises`) is explored and tested against in-memory files
 * (memfs, {@link FILE_FIXTURE}) when the project has memfs: its mocked fs functions then return no set
 * values, and the fixture's paths join its string inputs. Without memfs they return values of their
 * types, and the report says how to get file tests.
 */
function fileSystemSetup(
  analyzed: ReturnType<typeof analyzeFile>,
  root: string,
  relative: string,
  problems: Problem[],
): {
  mockModules: string[];
  requiredModules: string[];
  mockReturns: ReturnType<typeof analyzeFile>['ioReturns'];
  memoryFiles?: typeof FILE_FIXTURE;
} {
  const plain = {
    mockModules: analyzed.ioModules,
    requiredModules: analyzed.requiredIoModules ?? [],
    mockReturns: analyzed.ioReturns,
  };
  const fileSystem = analyzed.ioModules.filter((m) => FILE_SYSTEM_MODULE.test(m));
  if (fileSystem.length === 0 && !analyzed.fileSystemReached) return plain;
  if (!projectHas(root, 'memfs')) {
    if (fileSystem.length === 0) return plain; // reached through a package: reads stay inside the project
    problems.push({
      code: 'no-memfs',
      message: `${relative} uses ${fileSystem.join(', ')}, whose functions were mocked to return values of their types: add memfs to the project (npm i -D memfs) to test it against in-memory files.`,
    });
    return plain;
  }
  for (const unit of analyzed.units) unit.constants.strings.push(...FIXTURE_PATHS);
  const mockReturns = Object.fromEntries(
    Object.entries(analyzed.ioReturns).filter(([specifier]) => !FILE_SYSTEM_MODULE.test(specifier)),
  );
  // Reached through what it loads: the shared module object every loader's `require('fs')` returns.
  const shared = fileSystem.length === 0 ? ['fs'] : [];
  return {
    mockModules: [...analyzed.ioModules, ...shared],
    requiredModules: [...(analyzed.requiredIoModules ?? []), ...shared],
    mockReturns,
    memoryFiles: FILE_FIXTURE,
  };
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Per unit: tests written (from the final plans) and what exploration saw. */
function unitReports(
  explored: readonly ExploredUnit[],
  plans: readonly Plan[],
  coverage?: CoverageReport,
): UnitReport[] {
  const failed = new Set(coverage?.dropped.map((d) => d.unit));
  return explored.map((e, i) => {
    const plan = plans[i]!;
    const tests = countTests([plan], undefined);
    const problems = [...e.problems];
    // A unit whose tests all failed under the runner has `test-failed` problems saying so.
    if (tests === 0 && !failed.has(e.unit.name)) {
      problems.push({
        code: 'no-cases',
        unit: e.unit.name,
        message: `${e.unit.name}: no call gave an outcome that can be asserted.`,
      });
    }
    return {
      name: e.unit.name,
      kind: e.unit.kind,
      tests,
      candidates: e.candidates,
      blocks: e.blocks,
      problems,
    };
  });
}
