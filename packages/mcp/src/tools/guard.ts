import { AssayError } from '@assay/core';
import { AssayHistoryError } from '@assay/history';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { SpecInputError } from 'assay/spec';
import { failure } from '../context.js';
import { GenerationCancelledError, GenerationInputError } from '../generate-runner.js';
import { PathOutsideRootError } from '../root.js';

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const EXPECTED = [
  AssayError,
  AssayHistoryError,
  SpecInputError,
  PathOutsideRootError,
  GenerationInputError,
  GenerationCancelledError,
];

/**
 * Runs a tool's work; bad input (a path outside the root, an unknown test id, a missing document…)
 * becomes a tool error whose text says what to do, as MCP asks, instead of a protocol error.
 */
export async function guard(work: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await work();
  } catch (error) {
    if (EXPECTED.some((kind) => error instanceof kind)) return failure((error as Error).message);
    return failure(`assay-mcp: unexpected error: ${(error as Error).stack ?? String(error)}`);
  }
}
