import path from 'node:path';
import type { FileReport, GenerateReport } from '@assay/core';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { failure, result, type ServerContext } from '../context.js';
import { readLastReport } from '../last-report.js';
import { insideRoot } from '../root.js';
import { generate } from './generate.js';
import { guard } from './guard.js';

/** `coverage_gaps`: what the generated tests leave uncovered, per unit, and why. */
export function registerCoverageGaps(server: McpServer, context: ServerContext): void {
  server.registerTool(
    'coverage_gaps',
    {
      title: 'Coverage gaps',
      description:
        'Lists, per source file and per function or class, the lines and branches no test reaches after generation, each branch with its condition as written (e.g. "size > 100 is true") and the reason it stays uncovered: needs-io (the code does file/network/process I/O the sandbox refuses), timed-out, not-explored (not an exported unit), tests-failed (its tests failed under the real runner), not-reached (no input reached it: maybe dead code). Reads the last generate_tests report; refresh: true runs generation on the paths first. Use it to decide which tests to write by hand.',
      inputSchema: {
        paths: z
          .array(z.string().min(1))
          .optional()
          .describe(
            'Source files or folders to report on, relative to the project root. Default: every file of the last report.',
          ),
        refresh: z
          .boolean()
          .optional()
          .describe(
            'true: run generate_tests on the paths first (minutes; unchanged files come from the cache). Default false.',
          ),
      },
    },
    (args, extra) =>
      guard(async () => {
        const wanted = (args.paths ?? []).map((p) => insideRoot(context.root, p));
        let report: GenerateReport | undefined;
        if (args.refresh) {
          if (!wanted.length)
            return failure('refresh needs paths: say which sources to generate for, e.g. ["src"].');
          report = await generate(context, { paths: args.paths ?? [] }, extra);
        } else {
          report = await readLastReport(context.root);
        }
        if (!report) {
          return failure(
            'No generation report yet: call generate_tests on these paths first, or coverage_gaps with refresh: true.',
          );
        }
        const files = report.files.filter((f) => matches(context.root, f, wanted));
        if (!files.length) {
          return failure(
            `The last generation report covers none of ${args.paths?.join(', ')}: call generate_tests on them, or coverage_gaps with refresh: true.`,
          );
        }
        const data = files.map(gapsOf);
        const open = data.reduce((n, f) => n + f.gaps.length, 0);
        const unvalidated = data.filter((f) => !f.validated).length;
        return result(
          `${open} unit(s) with uncovered code in ${data.length} file(s)` +
            (unvalidated
              ? `; ${unvalidated} file(s) were not run with the real runner, so their gaps are unknown (validate was off or the runner is missing).`
              : '.'),
          data,
        );
      }),
  );
}

function matches(root: string, file: FileReport, wanted: readonly string[]): boolean {
  if (!wanted.length) return true;
  const source = path.join(root, file.source);
  return wanted.some((w) => source === w || source.startsWith(`${w}${path.sep}`));
}

function gapsOf(file: FileReport) {
  const coverage = file.coverage;
  return {
    source: file.source,
    test: file.output,
    validated: coverage !== undefined,
    lines: coverage?.final?.lines.pct,
    branches: coverage?.final?.branches.pct,
    target: coverage?.target,
    met: coverage?.met,
    gaps: (coverage?.remaining ?? []).map((g) => ({
      unit: g.unit,
      reason: g.reason,
      lines: g.lines,
      branches: g.branches.map((b) => ({ line: b.line, condition: b.condition, need: b.need })),
    })),
  };
}
