import { fork } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GenerateOptions, GenerateReport } from '@assay/core';
import { killTree } from './kill-tree.js';

/** Messages from the generation child. */
export type WorkerMessage =
  | { type: 'progress'; phase: string; file?: string; done: number; total: number }
  | { type: 'done'; report: GenerateReport }
  | { type: 'error'; name: string; code?: string; message: string };

export interface GenerationProgress {
  phase: string;
  file?: string;
  done: number;
  total: number;
}

/** Children of generations in flight, stopped with the server (see {@link stopAllGenerations}). */
const running = new Set<number>();

/** Stops every generation in flight and what it started: for a server that is shutting down. */
export function stopAllGenerations(): void {
  for (const pid of running) killTree(pid);
  running.clear();
}

/** The generation was cancelled; the child and everything it started were stopped. */
export class GenerationCancelledError extends Error {
  constructor() {
    super('generation cancelled: the generation process and its children were stopped');
    this.name = 'GenerationCancelledError';
  }
}

/** generateTests refused its input (no sources, bad option, a file of the user's in the way). */
export class GenerationInputError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.name = 'GenerationInputError';
    this.code = code;
  }
}

/**
 * Runs `generateTests(options)` in a child process and resolves with its report. Progress comes back
 * as events; aborting `signal` kills the child and every process below it and rejects with
 * {@link GenerationCancelledError}. The child's output goes to this process's stderr, never stdout
 * (stdout carries the MCP protocol).
 */
export function generateInChild(
  options: GenerateOptions,
  control: {
    signal?: AbortSignal;
    onProgress?: (progress: GenerationProgress) => void;
    log?: (text: string) => void;
  },
): Promise<GenerateReport> {
  return new Promise((resolve, reject) => {
    if (control.signal?.aborted) return reject(new GenerationCancelledError());
    const child = fork(workerEntry(), [], {
      cwd: options.root,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: ['--no-warnings'],
    });
    const pid = child.pid;
    if (pid) running.add(pid);
    const log = control.log ?? ((text: string) => process.stderr.write(text));
    child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString()));
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
      log(chunk.toString());
    });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      if (pid) running.delete(pid);
      control.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => {
      if (child.pid) killTree(child.pid);
      finish(() => reject(new GenerationCancelledError()));
    };
    control.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') control.onProgress?.(message);
      else if (message.type === 'done') finish(() => resolve(message.report));
      else {
        const error =
          message.name === 'AssayError' || message.code
            ? new GenerationInputError(message.message, message.code)
            : new Error(message.message);
        finish(() => reject(error));
      }
    });
    child.on('error', (error) => finish(() => reject(error)));
    child.on('close', (code, signal) => {
      finish(() =>
        reject(
          new Error(
            `the generation process stopped (${signal ?? `exit code ${code}`}) before its report${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
          ),
        ),
      );
    });
    child.send({ ...options, onProgress: undefined });
  });
}

/** Built beside this module in dist/. */
function workerEntry(): string {
  const entry = fileURLToPath(new URL('./generate-worker.js', import.meta.url));
  if (!fs.existsSync(entry))
    throw new Error(`${entry} is missing: build @assay/mcp (pnpm build) before running it.`);
  return entry;
}
