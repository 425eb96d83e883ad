import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** What every tool needs: the project root it may read and write under. */
export interface ServerContext {
  /** Absolute project root; paths outside it are refused. */
  root: string;
  /** Where diagnostics go (stderr: stdout carries the protocol). */
  log: (text: string) => void;
}

/** A tool result an agent reads: a short summary line, then the data as JSON. */
export function result(summary: string, data?: unknown): CallToolResult {
  const content: CallToolResult['content'] = [{ type: 'text', text: summary }];
  if (data !== undefined) content.push({ type: 'text', text: JSON.stringify(data, null, 2) });
  return { content };
}

/** A tool error the agent can act on: what went wrong and what to do next. */
export function failure(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}
