import path from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerContext } from './context.js';
import { registerResources } from './resources.js';
import { registerCoverageGaps } from './tools/gaps.js';
import { registerGenerateTests } from './tools/generate.js';
import { registerHistoryTools } from './tools/history.js';
import { registerSpecTests } from './tools/spec.js';
import { VERSION } from './version.js';

/** Options of {@link createAssayServer}. */
export interface AssayServerOptions {
  /** The project root: tools read and write only under it. @default process.cwd() */
  root?: string;
  /** Where diagnostics go. @default process.stderr (stdout carries the protocol) */
  log?: (text: string) => void;
}

/**
 * The assay MCP server, not yet connected: tools `generate_tests`, `coverage_gaps`, `flaky_report`,
 * `quarantine_add`, `quarantine_remove`, `shard_plan`, `spec_tests`; resources
 * `assay://reports/last-generation` and `assay://history/summary`.
 *
 * @example
 * ```ts
 * import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
 * await createAssayServer({ root: '/repo' }).connect(new StdioServerTransport());
 * ```
 */
export function createAssayServer(options: AssayServerOptions = {}): McpServer {
  const context: ServerContext = {
    root: path.resolve(options.root ?? process.cwd()),
    log: options.log ?? ((text) => process.stderr.write(text)),
  };
  const server = new McpServer(
    { name: 'assay', version: VERSION },
    {
      instructions:
        `assay for the project at ${context.root}: generate_tests writes real unit tests (then coverage_gaps says what stays uncovered and why); ` +
        'flaky_report, quarantine_add/quarantine_remove and shard_plan work on the test history the assay Vitest/Jest plugins record; ' +
        'spec_tests turns EARS requirements into test skeletons and traces criteria to tests. Paths are relative to the project root.',
    },
  );
  registerGenerateTests(server, context);
  registerCoverageGaps(server, context);
  registerHistoryTools(server, context);
  registerSpecTests(server, context);
  registerResources(server, context);
  return server;
}
