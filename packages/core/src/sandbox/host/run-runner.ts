import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GUARD_WRITABLE_ENV } from '../guard/validation-guard.js';
import type { RunnerRequest, RunnerResponse } from '../runner-protocol.js';

export type RunnerCall = Omit<RunnerRequest, 'coverageDir'> & {
  /** The whole request (every run) must end within this many milliseconds, or the child is killed. */
  timeoutMs: number;
};

/**
 * The project's own runner in a child process (see runner-child.ts), kept for a series of runs of the
 * same file: the coverage loop validates one file several times, and starting Vitest is the slow part.
 * Never throws for a problem of the user's code or setup: those come back as `{ type: 'error' |
 * 'missing' }`, and a request past its time limit kills the child (the next request starts a new one).
 */
export class RunnerSession {
  #child: ChildProcess | undefined;
  #stderr = '';
  readonly #coverageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-validate-'));
  /** A preparation still under way: the child answers in order, so a run waits for it first. */
  #preparing: Promise<unknown> | undefined;

  /**
   * Starts the runner for these files while other work goes on (the file is still being explored):
   * the child loads Vitest or Jest and sets up its instance, and the first {@link run} finds it ready.
   * Nothing runs, and a failure here is the first run's to report.
   */
  prepare(call: Omit<RunnerCall, 'runs'>): void {
    this.#preparing = this.#send({ ...call, runs: 0, prepare: true });
  }

  async run(call: RunnerCall): Promise<RunnerResponse> {
    if (this.#preparing) {
      const preparing = this.#preparing;
      this.#preparing = undefined;
      await preparing;
    }
    return this.#send(call);
  }

  async #send(call: RunnerCall): Promise<RunnerResponse> {
    const { timeoutMs, ...rest } = call;
    const request: RunnerRequest = { ...rest, coverageDir: this.#coverageDir };
    const child = this.#start(call.root);
    return new Promise<RunnerResponse>((resolve) => {
      const finish = (response: RunnerResponse) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(response);
      };
      const timer = setTimeout(() => {
        this.#kill();
        finish({
          type: 'error',
          message: `${call.runner} did not finish ${call.runs} run(s) within ${Math.round(timeoutMs / 1000)} s`,
          timedOut: true,
        });
      }, timeoutMs);
      const onMessage = (response: RunnerResponse) => finish(response);
      const onExit = (code: number | null) => {
        this.#child = undefined;
        const tail = this.#stderr.trim().split('\n').slice(-3).join(' ');
        finish({
          type: 'error',
          message: `${call.runner} exited with code ${code}${tail ? `: ${tail}` : ''}`,
        });
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send(request);
    });
  }

  close(): void {
    this.#kill();
    fs.rmSync(this.#coverageDir, { recursive: true, force: true });
  }

  #start(root: string): ChildProcess {
    if (this.#child) return this.#child;
    const entry = childEntry();
    this.#stderr = '';
    const child = fork(entry, [], {
      cwd: root,
      execArgv: entry.endsWith('.ts') ? ['--import', tsxLoader(), '--no-warnings'] : ['--no-warnings'],
      // The user's tests run as the user would run them, with NODE_ENV=test like both runners set.
      // NODE_PATH goes: package-manager shims set it to their own store, where a runner the project
      // does not have would be found.
      env: {
        ...process.env,
        NODE_PATH: '',
        NODE_ENV: 'test',
        FORCE_COLOR: '0',
        // assay's own runs are not a picture of the user's suite: with assay's plugin in the project's
        // config they would be recorded in its history (.assay/runs) and skip its quarantined tests.
        ASSAY_RECORD: 'off',
        ASSAY_QUARANTINE: 'off',
        // The only folder the guarded test code may write into (see guard/validation-guard.ts).
        [GUARD_WRITABLE_ENV]: JSON.stringify([this.#coverageDir]),
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // A process group of its own, killed whole: the runner's workers go with it. A worker stuck in
      // a test that never yields (a promise loop) never sees its parent go, and would spin forever.
      detached: true,
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-4000);
    });
    this.#child = child;
    return child;
  }

  #kill(): void {
    const child = this.#child;
    this.#child = undefined;
    if (!child?.pid) return;
    try {
      // The group may outlive the child itself (a worker it left behind).
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      child.kill('SIGKILL');
    }
  }
}

/** One request in a session of its own. */
export async function runWithRunner(call: RunnerCall): Promise<RunnerResponse> {
  const session = new RunnerSession();
  try {
    return await session.run({ ...call, last: true });
  } finally {
    session.close();
  }
}

/** The child's entry: built beside the bundle in dist/, or the TypeScript source when run from src/. */
function childEntry(): string {
  const built = fileURLToPath(new URL('./runner-child.js', import.meta.url));
  return fs.existsSync(built) ? built : fileURLToPath(new URL('../child/runner-child.ts', import.meta.url));
}

function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}
