import type { GenerateOptions, GenerateReport } from '@assay/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { result, type ServerContext } from '../context.js';
import { generateInChild } from '../generate-runner.js';
import { saveLastReport } from '../last-report.js';
import { insideRoot } from '../root.js';
import { guard, type ToolExtra } from './guard.js';

export const generateInput = {
  paths: z
    .array(z.string().min(1))
    .min(1)
    .describe(
      'Source files or folders to write tests for, relative to the project root, e.g. ["src/math.ts", "src/utils"]. Paths outside the root are refused.',
    ),
  framework: z
    .enum(['vitest', 'jest'])
    .optional()
    .describe('Test framework of the generated files. Default: detected from package.json.'),
  coverageTarget: z
    .number()
    .min(0)
    .max(100)
    .optional()
    .describe('Line coverage (percent) the coverage-gap loop aims for per file. Default 85.'),
  maxIterations: z
    .number()
    .int()
    .min(0)
    .max(20)
    .optional()
    .describe('Rounds of the coverage-gap loop after the first generation; 0 validates only. Default 5.'),
  validate: z
    .boolean()
    .optional()
    .describe(
      "false: skip running the generated tests with the project's runner (faster; no coverage, no gaps). Default true.",
    ),
  outDir: z
    .string()
    .optional()
    .describe(
      'Folder for the generated tests, mirroring the source tree, relative to the root. Default: where the project keeps its tests.',
    ),
};

/** The tool's arguments, as the schema above checks them. */
export interface GenerateArgs {
  paths: string[];
  framework?: 'vitest' | 'jest';
  coverageTarget?: number;
  maxIterations?: number;
  validate?: boolean;
  outDir?: string;
}

/** `generate_tests`: runs assay's generator in a child process, with progress and cancellation. */
export function registerGenerateTests(server: McpServer, context: ServerContext): void {
  server.registerTool(
    'generate_tests',
    {
      title: 'Generate unit tests',
      description:
        "Writes Vitest or Jest unit tests for TypeScript/JavaScript sources: assay runs the code in a sandbox, asserts what it really returns or throws, runs the tests with the project's runner and keeps only those that pass, then explores again until the coverage target is met. Returns per file the test file written, tests kept, final coverage and problems; the whole report stays readable as the resource assay://reports/last-generation, and coverage_gaps lists what is still uncovered. Can take minutes: progress is reported per file, and cancelling the request stops the work.",
      inputSchema: generateInput,
    },
    (args, extra) => guard(() => runGeneration(context, args, extra)),
  );
}

export async function runGeneration(context: ServerContext, args: GenerateArgs, extra: ToolExtra) {
  const report = await generate(context, args, extra);
  const t = report.totals;
  const summary =
    `Generated ${t.tests} tests in ${t.written} file(s) (${t.unchanged} unchanged, ${t.failed} failed) for ${t.files} source(s), ${report.framework}. ` +
    'Full report: resource assay://reports/last-generation; what stays uncovered: coverage_gaps.';
  return result(summary, compactReport(report));
}

/** Runs a generation for a tool call: paths checked, progress forwarded, cancellation honoured, report saved. */
export async function generate(
  context: ServerContext,
  args: GenerateArgs,
  extra: ToolExtra,
): Promise<GenerateReport> {
  const options: GenerateOptions = {
    root: context.root,
    paths: args.paths.map((p) => insideRoot(context.root, p)),
  };
  if (args.outDir !== undefined) options.outDir = insideRoot(context.root, args.outDir);
  if (args.framework) options.framework = args.framework;
  if (args.coverageTarget !== undefined) options.coverageTarget = args.coverageTarget;
  if (args.maxIterations !== undefined) options.maxIterations = args.maxIterations;
  if (args.validate !== undefined) options.validate = args.validate;
  const token = extra._meta?.progressToken;
  let step = 0;
  const report = await generateInChild(options, {
    signal: extra.signal,
    log: context.log,
    onProgress: (event) => {
      if (token === undefined) return;
      step++;
      const message =
        event.phase === 'discover'
          ? `${event.total} source file(s) to process`
          : `${event.phase === 'file-start' ? 'started' : 'finished'} ${event.file ?? ''} (${event.done}/${event.total} done)`;
      void extra
        .sendNotification({
          method: 'notifications/progress',
          params: { progressToken: token, progress: step, total: 2 * event.total + 1, message },
        })
        .catch(() => undefined);
    },
  });
  await saveLastReport(context.root, report);
  return report;
}

/** What an agent needs to decide its next step, without the per-iteration detail. */
export function compactReport(report: GenerateReport) {
  return {
    framework: report.framework,
    totals: report.totals,
    files: report.files.map((f) => ({
      source: f.source,
      output: f.output,
      status: f.status,
      tests: f.tests,
      coverage: f.coverage && {
        lines: f.coverage.final?.lines.pct,
        branches: f.coverage.final?.branches.pct,
        target: f.coverage.target,
        met: f.coverage.met,
        dropped: f.coverage.dropped.length,
        gaps: f.coverage.remaining.length,
      },
      problems: f.problems.map((p) => `${p.code}${p.unit ? ` (${p.unit})` : ''}: ${p.message}`),
    })),
  };
}
