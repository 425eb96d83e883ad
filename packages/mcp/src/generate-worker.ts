// The child process that runs one generation for the MCP server. It runs apart so that a cancelled
// request can stop it, and everything it started, at once (generateTests takes no AbortSignal).

import type { GenerateOptions } from '@assay/core';
import { generateTests } from '@assay/core';
import type { WorkerMessage } from './generate-runner.js';
import { killTree } from './kill-tree.js';

// The server went away (crashed, or its client closed it): stop the sandboxes and runners, then go.
process.on('disconnect', () => {
  killTree(process.pid, { includeRoot: false });
  process.exit(1);
});

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

process.once('message', async (options: GenerateOptions) => {
  try {
    const report = await generateTests({
      ...options,
      onProgress: (event) => {
        void send({
          type: 'progress',
          phase: event.phase,
          file: event.file,
          done: event.done,
          total: event.total,
        });
      },
    });
    await send({ type: 'done', report });
  } catch (error) {
    const err = error as Error & { code?: string };
    await send({ type: 'error', name: err.name, code: err.code, message: err.message ?? String(error) });
  }
  process.removeAllListeners('disconnect');
  process.disconnect?.();
});
