import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { runSpec } from 'assay/spec';
import { z } from 'zod';
import { result, type ServerContext } from '../context.js';
import { insideRoot } from '../root.js';
import { guard } from './guard.js';

/** `spec_tests`: `assay spec` for agents. */
export function registerSpecTests(server: McpServer, context: ServerContext): void {
  server.registerTool(
    'spec_tests',
    {
      title: 'Tests from EARS requirements',
      description:
        'Reads requirements documents written in EARS ("WHEN … THE SYSTEM SHALL …", as Kiro writes .kiro/specs/<feature>/requirements.md) and writes one test file per document: a describe per requirement, a test.todo per acceptance criterion named with its tag (e.g. "auth#1.2") and the EARS parts as Given/When/Then comments. Statements that are not EARS are listed with the reason. report: true returns the traceability table instead (criterion → tests whose name carries the tag → last recorded outcome: covered, failing, not-run, untested). To implement a criterion, replace its test.todo with a real test keeping the tag in the name.',
      inputSchema: {
        documents: z
          .array(z.string().min(1))
          .min(1)
          .describe(
            'Requirements documents (Markdown) relative to the project root, e.g. [".kiro/specs/auth/requirements.md"].',
          ),
        outDir: z
          .string()
          .optional()
          .describe('Folder for the test files, relative to the root. Default: spec/ under the test folder.'),
        framework: z.enum(['vitest', 'jest']).optional().describe('Default: detected from package.json.'),
        report: z
          .boolean()
          .optional()
          .describe('true: return the traceability table and write nothing. Default false.'),
      },
    },
    (args) =>
      guard(async () => {
        const spec = await runSpec({
          root: context.root,
          documents: args.documents.map((d) => insideRoot(context.root, d)),
          outDir: args.outDir === undefined ? undefined : insideRoot(context.root, args.outDir),
          framework: args.framework,
          write: args.report !== true,
          report: args.report === true,
        });
        const statements = spec.documents.reduce((n, d) => n + d.statements, 0);
        const parsed = spec.documents.reduce((n, d) => n + d.parsed, 0);
        const written = spec.documents
          .map((d) => d.output && `${d.output.output} (${d.output.status})`)
          .filter(Boolean);
        const counts = spec.report?.counts;
        const summary =
          `${statements} statements in ${spec.documents.length} document(s), ${parsed} read as EARS` +
          (written.length ? `; tests: ${written.join(', ')}` : '') +
          (counts
            ? `; ${counts.covered} covered, ${counts.failing} failing, ${counts['not-run']} not run, ${counts.untested} untested`
            : '') +
          '.';
        return result(summary, spec);
      }),
  );
}
