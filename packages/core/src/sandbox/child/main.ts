/**
 * The sandbox process: loads one module under test (TypeScript through tsx, imported by the parent's
 * `--import`), then answers call requests one at a time over IPC with the outcome and the V8 block
 * coverage of that call alone. Node I/O is faked before the module loads (see fakes.ts).
 */
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CoverageRange } from '../../model/observation.js';
import type { LocalMock, MockReturn } from '../../model/unit.js';
import { attempts, exitForReal, installFakes, resetAttempts } from '../guard/fakes.js';
import { installLocalMocks } from '../guard/local-mocks.js';
import { installMemoryFiles, resetMemoryFiles } from '../guard/memory-files.js';
import { resetMockReturns } from '../guard/mock-returns.js';
import { installMocks, setMocksLoading } from '../guard/mocks.js';
import { restartRandom } from '../guard/seeded-random.js';
import {
  type CallRequest,
  type ChildMessage,
  type EvaluateRequest,
  FAKE_NOW_ENV,
  type InferRequest,
  LOCAL_MOCKS_ENV,
  MEMORY_FILES_ENV,
  MOCK_MODULES_ENV,
  MOCK_RETURNS_ENV,
  MODULE_ENV,
  type SequenceRequest,
} from '../protocol.js';
import { call, evaluate } from './call.js';
import { resetDateClock, startDateClock, trackImmediates } from './clock.js';
import { infer } from './infer.js';
import { describeError, noteUncaught } from './outcome.js';
import { runSequence } from './sequence.js';

const send = (message: ChildMessage) => process.send?.(message);
// The sandbox's own waits use the real timers, whatever the code under test fakes.
const realSetTimeout = globalThis.setTimeout;

/**
 * tsx compiles CommonJS TypeScript in this thread through esbuild's synchronous API, which starts a
 * worker thread (and esbuild's own process) on first use. Start them before Worker and spawning are
 * refused: the code under test still cannot, but loading it can.
 */
function warmUpCompiler(): void {
  try {
    const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx'));
    (fromTsx('esbuild') as { transformSync(code: string, options: object): unknown }).transformSync(
      'let a: number = 1',
      {
        loader: 'ts',
      },
    );
  } catch {
    // Without it, ES modules still load (their hooks run in tsx's own thread).
  }
}

async function main(): Promise<void> {
  const file = process.env[MODULE_ENV];
  if (!file) throw new Error(`${MODULE_ENV} is not set`);
  const url = pathToFileURL(file).href;

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });

  // The child must not outlive its parent (a killed generator, a cancelled test run): the code under
  // test may keep the event loop alive or catch signals, and process.exit is faked below.
  process.on('disconnect', () => exitForReal(0));
  process.on('SIGTERM', () => exitForReal(143));

  // Stray timers and promises of the code under test must not end the sandbox between calls.
  process.on('uncaughtException', noteUncaught);
  // A rejection nothing handles (an error thrown in a callback that memfs runs from a promise) fails a
  // Vitest or Jest run as an uncaught error does: counted the same way.
  process.on('unhandledRejection', noteUncaught);
  warmUpCompiler();
  // Local modules that do I/O are swapped for fakes before anything loads them; their loader hooks are
  // registered before the guard refuses module.register.
  installLocalMocks(JSON.parse(process.env[LOCAL_MOCKS_ENV] ?? '[]') as LocalMock[]);
  // Reads stay inside the project and the module's folder: a file elsewhere may hold a secret.
  installFakes({ exits: true, randomness: true, readable: [process.cwd(), path.dirname(file)] });
  startDateClock(process.env[FAKE_NOW_ENV] ? Number(process.env[FAKE_NOW_ENV]) : undefined);

  // Mocked built-ins answer (undefined, and recorded) where other I/O is refused. Installed before
  // loading, so that what a CommonJS module destructures from `require('fs')` is the mock; until loading
  // ends they pass calls on to the refusing fakes (tsx and Node's loader read the module's files
  // through the same fs object), so nothing reaches the machine either way.
  const memoryFiles = process.env[MEMORY_FILES_ENV];
  // A module that does file I/O gets an in-memory file system (memfs) holding the test's starting files.
  if (memoryFiles) installMemoryFiles(JSON.parse(memoryFiles) as Record<string, string | null>);
  // After memfs loaded: its own immediates are counted as file operations, not as the code's.
  trackImmediates();
  installMocks(
    JSON.parse(process.env[MOCK_MODULES_ENV] ?? '[]') as string[],
    JSON.parse(process.env[MOCK_RETURNS_ENV] ?? '{}') as Record<string, MockReturn[]>,
  );
  let namespace: Record<string, unknown>;
  resetAttempts();
  setMocksLoading(true);
  try {
    namespace = (await import(url)) as Record<string, unknown>;
    // Work the module queued while loading (promise callbacks, immediate timers) belongs to loading.
    await new Promise((resolve) => realSetTimeout(resolve, 0));
    await new Promise((resolve) => setImmediate(resolve));
  } catch (error) {
    send({ type: 'load-error', message: describeError(error) });
    return;
  } finally {
    setMocksLoading(false);
  }
  const atLoad = attempts.exit ? `process.exit(${attempts.exit.code ?? ''})` : attempts.blocked;
  if (atLoad) {
    // Even swallowed, the attempt runs again each time a test loads the module: nothing can be kept.
    send({ type: 'load-error', message: `loading it calls ${atLoad}, which the sandbox refuses` });
    return;
  }
  await session.post('Profiler.takePreciseCoverage'); // resets the counters: loading is not a call

  const takeRanges = async (): Promise<CoverageRange[]> => {
    const { result } = await session.post('Profiler.takePreciseCoverage');
    const script = result.find((s) => s.url === url);
    return script
      ? script.functions.flatMap((f) =>
          f.ranges.map((r): CoverageRange => [r.startOffset, r.endOffset, r.count]),
        )
      : [];
  };

  process.on('message', (request: CallRequest | SequenceRequest | EvaluateRequest | InferRequest) => {
    // A request that fails here must still be answered: otherwise the parent waits out its time limit.
    answer(request).catch((error: unknown) => {
      send({ type: 'failed', id: request.id, message: describeError(error) });
    });
  });
  send({ type: 'ready' });

  async function answer(request: CallRequest | SequenceRequest | EvaluateRequest | InferRequest) {
    // Each test starts its fake clock afresh: so does each call.
    resetDateClock();
    resetMockReturns(request.type === 'call' ? request.mockReturns : undefined);
    // Each test starts from the same files (beforeEach: `vol.reset(); vol.fromJSON(files)`).
    resetMemoryFiles();
    // Each test installs Math.random's sequence afresh (beforeEach): so does each request.
    restartRandom(request.type === 'call' ? request.randomStart : 0);
    if (request.type === 'infer') {
      send({ type: 'infer-result', id: request.id, result: await infer(namespace, request) });
      await takeRanges();
      return;
    }
    if (request.type === 'evaluate') {
      const outcome = await evaluate(namespace, request);
      send({ type: 'result', id: request.id, outcome, ranges: await takeRanges() });
      return;
    }
    if (request.type === 'sequence') {
      const outcome = await runSequence(namespace, request);
      send({ type: 'sequence-result', id: request.id, outcome, ranges: await takeRanges() });
      return;
    }
    const outcome = await call(namespace, request);
    send({ type: 'result', id: request.id, outcome, ranges: await takeRanges() });
  }
}

main().catch((error: unknown) => {
  send({ type: 'load-error', message: describeError(error) });
});
