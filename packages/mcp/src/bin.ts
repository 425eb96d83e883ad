import path from 'node:path';
import { DOCS_SITE } from '@assay/history';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { stopAllGenerations } from './generate-runner.js';
import { createAssayServer } from './server.js';
import { VERSION } from './version.js';

const USAGE = `Usage: assay-mcp [--root <dir>]

The assay MCP server on stdio, for coding agents (Claude Code, Claude Desktop, Cursor, VS Code…).
  --root <dir>  the project root; tools refuse paths outside it (default: the current folder)
Client set-up (JSON for Claude, Cursor, VS Code): ${DOCS_SITE}/mcp
`;

function parseArgs(argv: string[]): { root: string } {
  let root = process.cwd();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else if (arg === '--version') {
      process.stdout.write(`${VERSION}\n`);
      process.exit(0);
    } else if (arg === '--root' && argv[i + 1]) {
      root = path.resolve(argv[++i] as string);
    } else if (arg.startsWith('--root=')) {
      root = path.resolve(arg.slice('--root='.length));
    } else {
      process.stderr.write(`assay-mcp: unknown argument "${arg}".\n${USAGE}`);
      process.exit(2);
    }
  }
  return { root };
}

const { root } = parseArgs(process.argv.slice(2));
const transport = new StdioServerTransport();
// When the client goes (stdin closes) or the server is stopped, no generation may outlive it.
const shutdown = () => {
  stopAllGenerations();
  process.exit(0);
};
transport.onclose = shutdown;
process.stdin.on('end', shutdown);
for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(name, shutdown);
await createAssayServer({ root }).connect(transport);
