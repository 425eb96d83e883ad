import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type {
  CoverageRange,
  MockReturnsVariant,
  Outcome,
  SequenceOutcome,
  ThenCall,
} from '../../model/observation.js';
import type { LocalMock, MockReturn } from '../../model/unit.js';
import type { Encoded } from '../../model/value.js';
import {
  type CallRequest,
  type ChildMessage,
  type EvaluateRequest,
  FAKE_NOW_ENV,
  type InferRequest,
  type InferResult,
  LOCAL_MOCKS_ENV,
  MEMORY_FILES_ENV,
  MOCK_MODULES_ENV,
  MOCK_RETURNS_ENV,
  MODULE_ENV,
  type SequenceRequest,
} from '../protocol.js';
import { guardCpu } from './cpu-guard.js';

/** The module under test could not be loaded in the sandbox (import error, top-level throw). */
export class SandboxLoadError extends Error {}

/** The sandbox could not handle a request (an internal error, not the code under test's). */
export class SandboxRequestError extends Error {}

export interface CallResult {
  outcome: Outcome;
  ranges: CoverageRange[];
}

export interface SequenceResult {
  outcome: SequenceOutcome;
  ranges: CoverageRange[];
}

/** How a file's sandbox imitates its test file (fake Date, mocked built-ins and local modules), and its heap. */
export type SandboxSetup = Pick<
  SandboxOptions,
  'fakeNow' | 'mockModules' | 'mockReturns' | 'memoryFiles' | 'localMocks' | 'heapMb'
>;

export interface SandboxOptions {
  /** Working directory of the sandbox: the project root, so relative reads behave as in tests. */
  cwd: string;
  /** CPU time the module may take to load, in milliseconds (the wall-clock limit is ten times that). */
  loadTimeoutMs?: number;
  /** Fake `Date` at this instant (epoch ms), reset before every call, as the generated test's fake timers do. */
  fakeNow?: number | undefined;
  /** Built-ins to replace by recording mocks, as the generated test's `vi.mock` does. */
  mockModules?: readonly string[] | undefined;
  /** What the mocked built-ins' functions return, by module, as the test's `mockReturnValue` sets them. */
  mockReturns?: Readonly<Record<string, readonly MockReturn[]>> | undefined;
  /**
   * The mocked `fs`/`fs/promises` are served from memory (memfs) holding these files, reset before each
   * request, as the generated test's `beforeEach` resets its `vol`; calls report what they changed.
   */
  memoryFiles?: Readonly<Record<string, string | null>> | undefined;
  /** Local modules that do I/O, replaced by recording fakes as the generated test's `vi.mock('./store')` does. */
  localMocks?: readonly LocalMock[] | undefined;
  /**
   * Heap limit of the sandbox process in MB (`--max-old-space-size`): a call that allocates without end
   * ends the process early and cleanly, and costs only that call (a `crash` outcome). Default 512.
   */
  heapMb?: number | undefined;
}

/** The sandbox's heap limit when none is given, in MB (the `sandboxHeapMb` option's default). */
export const DEFAULT_SANDBOX_HEAP_MB = 512;

/** The sandbox died while answering a request: see {@link Outcome} `crash`. */
interface Crashed {
  type: 'crashed';
  reason: string;
}

/** What V8 prints when a process reaches its heap limit. */
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit/;

/** Extra CPU time the parent allows past a call's own limit before it kills the sandbox. */
const KILL_GRACE_MS = 500;

/**
 * A child process that holds one module under test. Calls go one at a time; a call that does not
 * answer in time (a synchronous endless loop) gets the process killed and a fresh one started for
 * the next call, so one bad input never stalls a run.
 */
export class Sandbox {
  #child: ChildProcess | undefined;
  #ready: Promise<void> | undefined;
  #nextId = 1;
  #stderr = '';
  /** V8 said the heap was exhausted (kept apart: its native stack trace follows and fills the tail). */
  #outOfMemory = false;

  constructor(
    readonly file: string,
    readonly options: SandboxOptions,
  ) {}

  /** Calls the function at `path` in the module's exports (`['clamp']`, `['Text', 'camelCase']`). */
  async call(
    path: string[],
    args: Encoded[],
    spreadLast: boolean,
    timeoutMs: number,
    thenCall?: ThenCall,
    mockReturns?: MockReturnsVariant,
    randomStart?: number,
  ): Promise<CallResult> {
    const request: CallRequest = {
      type: 'call',
      id: this.#nextId++,
      path,
      args,
      spreadLast,
      timeoutMs,
      ...(thenCall ? { thenCall } : {}),
      ...(mockReturns ? { mockReturns } : {}),
      ...(randomStart ? { randomStart } : {}),
    };
    const answer = await this.#send(request, timeoutMs);
    if (answer?.type === 'crashed') return { outcome: { kind: 'crash', reason: answer.reason }, ranges: [] };
    if (answer?.type !== 'result') return { outcome: { kind: 'timeout' }, ranges: [] };
    return { outcome: answer.outcome, ranges: answer.ranges };
  }

  /**
   * Infers properties in the sandbox. Undefined when it took longer than `timeoutMs` (the process is
   * killed: a property can loop forever in synchronous code).
   */
  async infer(
    request: Omit<InferRequest, 'type' | 'id'>,
    timeoutMs: number,
  ): Promise<InferResult | undefined> {
    const answer = await this.#send({ ...request, type: 'infer', id: this.#nextId++ }, timeoutMs);
    if (answer?.type === 'failed') throw new SandboxRequestError(answer.message);
    if (answer?.type === 'crashed') throw new SandboxRequestError(answer.reason);
    return answer?.type === 'infer-result' ? answer.result : undefined;
  }

  /** Evaluates an expression with the module's exports in scope (a JSDoc example). */
  async evaluate(code: string, timeoutMs: number): Promise<CallResult> {
    const answer = await this.#send({ type: 'evaluate', id: this.#nextId++, code, timeoutMs }, timeoutMs);
    if (answer?.type === 'crashed') return { outcome: { kind: 'crash', reason: answer.reason }, ranges: [] };
    if (answer?.type !== 'result') return { outcome: { kind: 'timeout' }, ranges: [] };
    return { outcome: answer.outcome, ranges: answer.ranges };
  }

  /**
   * Constructs the class at `path`, calls `steps` on the instance in order and reads `observers`. The
   * whole sequence shares one time limit: `timeoutMs` per step.
   */
  async sequence(
    request: Omit<SequenceRequest, 'type' | 'id' | 'timeoutMs'>,
    timeoutMs: number,
  ): Promise<SequenceResult> {
    const total = timeoutMs * (request.steps.length + 1);
    const answer = await this.#send({ ...request, type: 'sequence', id: this.#nextId++, timeoutMs }, total);
    if (answer?.type !== 'sequence-result') {
      const construct: Outcome =
        answer?.type === 'crashed' ? { kind: 'crash', reason: answer.reason } : { kind: 'timeout' };
      return { outcome: { construct, steps: [], state: {} }, ranges: [] };
    }
    return { outcome: answer.outcome, ranges: answer.ranges };
  }

  /**
   * Sends one request and waits for its answer; undefined when it timed out (the process is then
   * killed), `crashed` when the process died meanwhile (the next request starts a new one).
   */
  async #send(
    request: CallRequest | SequenceRequest | EvaluateRequest | InferRequest,
    timeoutMs: number,
  ): Promise<ChildMessage | Crashed | undefined> {
    const child = await this.#start();
    return new Promise((resolve) => {
      // Limits count the child's CPU time, so that a loaded machine does not turn slow calls into timeouts.
      const stopGuard = guardCpu(child.pid, { cpuMs: timeoutMs + KILL_GRACE_MS }, () => {
        cleanup();
        this.#kill();
        resolve(undefined);
      });
      const onMessage = (message: ChildMessage) => {
        if (!('id' in message) || message.id !== request.id) return;
        cleanup();
        resolve(message);
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        cleanup();
        this.#child = undefined;
        this.#ready = undefined;
        // V8 writes why it gave up to stderr, which may still be flowing when the process is gone.
        afterStderr(child, () => resolve({ type: 'crashed', reason: this.#crashReason(code, signal) }));
      };
      const cleanup = () => {
        stopGuard();
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send(request);
    });
  }

  close(): void {
    this.#kill();
  }

  /**
   * Starts the process and loads the module now, before any request, so that other work overlaps the
   * start. A module that fails to load is reported by the first request, as without a warm-up.
   */
  warmUp(): void {
    this.#start().catch(() => {});
  }

  #start(): Promise<ChildProcess> {
    if (this.#ready && this.#child) return this.#ready.then(() => this.#child!);
    this.#stderr = '';
    const child = fork(childEntry(), [], {
      cwd: this.options.cwd,
      execArgv: [
        '--import',
        tsxLoader(),
        '--no-warnings',
        `--max-old-space-size=${this.options.heapMb ?? DEFAULT_SANDBOX_HEAP_MB}`,
      ],
      // A clean environment: no tokens or credentials from the caller's shell reach user code.
      env: {
        // Time zone and locale reach the sandbox: dates and number formats must come out as in the tests.
        ...pick(process.env, ['TZ', 'LANG', 'LC_ALL', 'LC_TIME', 'LC_NUMERIC']),
        ...(this.options.fakeNow === undefined ? {} : { [FAKE_NOW_ENV]: String(this.options.fakeNow) }),
        ...(this.options.mockModules?.length
          ? { [MOCK_MODULES_ENV]: JSON.stringify(this.options.mockModules) }
          : {}),
        ...(this.options.mockReturns && Object.keys(this.options.mockReturns).length > 0
          ? { [MOCK_RETURNS_ENV]: JSON.stringify(this.options.mockReturns) }
          : {}),
        ...(this.options.memoryFiles ? { [MEMORY_FILES_ENV]: JSON.stringify(this.options.memoryFiles) } : {}),
        ...(this.options.localMocks?.length
          ? { [LOCAL_MOCKS_ENV]: JSON.stringify(this.options.localMocks) }
          : {}),
        PATH: process.env.PATH ?? '',
        HOME: os.tmpdir(),
        TSX_DISABLE_CACHE: '1',
        NODE_ENV: 'test',
        [MODULE_ENV]: this.file,
      },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // Structured clone: specs and literals carry bigint values.
      serialization: 'advanced',
    });
    this.#outOfMemory = false;
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = this.#stderr.slice(-200) + chunk.toString();
      if (OUT_OF_MEMORY.test(text)) this.#outOfMemory = true;
      this.#stderr = (this.#stderr + chunk.toString()).slice(-2000);
    });
    this.#child = child;
    // A child that dies between requests (a stray timer that exhausts the heap) is replaced at the next one.
    child.once('exit', () => {
      if (this.#child !== child) return;
      this.#child = undefined;
      this.#ready = undefined;
    });
    // CPU time, generous: compiling TypeScript on a loaded machine (load average 30 on 2 cores) took
    // over 20 s on the wall clock; the wall-clock limit is ten times that.
    const loadTimeoutMs = this.options.loadTimeoutMs ?? 60_000;
    this.#ready = new Promise<void>((resolve, reject) => {
      const stopGuard = guardCpu(child.pid, { cpuMs: loadTimeoutMs }, (why) => {
        this.#kill();
        reject(
          new SandboxLoadError(
            why === 'cpu'
              ? `loading the module used more than ${loadTimeoutMs / 1000} s of CPU time`
              : `loading the module did not finish in ${(loadTimeoutMs * 10) / 1000} s`,
          ),
        );
      });
      const onMessage = (message: ChildMessage) => {
        if (message.type === 'ready') {
          done();
          resolve();
        } else if (message.type === 'load-error') {
          done();
          this.#kill();
          reject(new SandboxLoadError(message.message));
        }
      };
      const onExit = (code: number | null) => {
        done();
        reject(
          new SandboxLoadError(
            `the sandbox process exited with code ${code} while loading${this.#stderrTail()}`,
          ),
        );
      };
      const done = () => {
        stopGuard();
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
    return this.#ready.then(() => child);
  }

  #kill(): void {
    this.#child?.kill('SIGKILL');
    this.#child = undefined;
    this.#ready = undefined;
  }

  /** Why the process died during a call, in words that do not depend on timing or addresses. */
  #crashReason(code: number | null, signal: NodeJS.Signals | null): string {
    if (this.#outOfMemory)
      return `ran out of memory at the sandbox's ${this.options.heapMb ?? DEFAULT_SANDBOX_HEAP_MB} MB heap limit`;
    return signal
      ? `crashed the sandbox process (${signal})`
      : `ended the sandbox process (exit code ${code})`;
  }

  #stderrTail(): string {
    const tail = this.#stderr.trim();
    return tail ? `: ${tail.split('\n').slice(-3).join(' ')}` : '';
  }
}

/** Calls `then` once the child's stderr is drained (at most a second later: a hang guard). */
function afterStderr(child: ChildProcess, then: () => void): void {
  const stream = child.stderr;
  if (!stream || stream.readableEnded || stream.destroyed) {
    then();
    return;
  }
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    clearTimeout(guard);
    then();
  };
  const guard = setTimeout(finish, 1000);
  stream.once('close', finish);
  stream.once('end', finish);
}

/** The child's entry: built beside the bundle in dist/, or the TypeScript source when run from src/. */
function childEntry(): string {
  const built = fileURLToPath(new URL('./sandbox-child.js', import.meta.url));
  return fs.existsSync(built) ? built : fileURLToPath(new URL('../child/main.ts', import.meta.url));
}

function pick(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (env[name] === undefined ? [] : [[name, env[name]!]])));
}

function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}
