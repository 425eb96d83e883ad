/**
 * The sandbox process: loads one module under test (TypeScript through tsx, imported by the parent's
 * `--import`), then answers call requests one at a time over IPC with the outcome and the V8 block
 * coverage of that call alone. Node I/O is faked before the module loads (see fakes.ts).
 */
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { type CallableFunction, inferProperties, propertyImports, renderProperties } from '@assay/property';
import FakeTimers from '@sinonjs/fake-timers';
import {
  decode,
  type Encoded,
  encode,
  encodeFrom,
  encodeResult,
  type StubFactory,
  stubBehaviour,
} from './codec.js';
import { attempts, installFakes, resetAttempts, SandboxBlockedError, SandboxExitError } from './fakes.js';
import { installLocalMocks, resetMockReturns } from './local-mocks.js';
import { installMocks, takeInteractions } from './mocks.js';
import {
  type CallRequest,
  type ChildMessage,
  type CoverageRange,
  type EvaluateRequest,
  FAKE_NOW,
  FAKE_NOW_ENV,
  FAKED_TIMERS,
  type InferRequest,
  type InferResult,
  LOCAL_MOCKS_ENV,
  type LocalMock,
  MOCK_MODULES_ENV,
  MODULE_ENV,
  type Outcome,
  type SequenceOutcome,
  type SequenceRequest,
  type Settled,
  type StubCalls,
  type ThenCall,
  type ThenOutcome,
} from './protocol.js';

const send = (message: ChildMessage) => process.send?.(message);
// The sandbox's own time limits use the real timers, whatever the code under test has faked.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;
type InstalledClock = ReturnType<typeof FakeTimers.install>;
/** `Date` faked at this instant when the module reads the clock (FAKE_NOW_ENV), else undefined. */
let fakeNow: number | undefined;
let dateClock: InstalledClock | undefined;

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
  const exit = process.exit.bind(process);
  process.on('disconnect', () => exit(0));
  process.on('SIGTERM', () => exit(143));

  // Stray timers and promises of the code under test must not end the sandbox between calls.
  process.on('uncaughtException', () => {});
  process.on('unhandledRejection', () => {});
  warmUpCompiler();
  installFakes();
  fakeNow = process.env[FAKE_NOW_ENV] ? Number(process.env[FAKE_NOW_ENV]) : undefined;
  installDateClock();
  // Local modules that do I/O are swapped for fakes before anything loads them.
  installLocalMocks(JSON.parse(process.env[LOCAL_MOCKS_ENV] ?? '[]') as LocalMock[]);

  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    send({ type: 'load-error', message: describeError(error) });
    return;
  }
  // Mocked built-ins answer (undefined, and recorded) where other I/O is refused. Installed after
  // loading: tsx loads CommonJS TypeScript with fs in this thread. What the module captured while
  // loading is still the refusing fake, so nothing reaches the machine either way.
  installMocks(JSON.parse(process.env[MOCK_MODULES_ENV] ?? '[]') as string[]);
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
    if (fakeNow !== undefined) dateClock?.setSystemTime(fakeNow);
    resetMockReturns(request.type === 'call' ? request.mockReturns : undefined);
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

/** Date only, as the generated test's fake timers: timers and microtasks keep running for real. */
function installDateClock(): void {
  dateClock = fakeNow === undefined ? undefined : FakeTimers.install({ now: fakeNow, toFake: ['Date'] });
}

/** Fakes every timer (and Date) for one call, as a test's `vi.useFakeTimers(...)` does; undo with `restore`. */
function fakeAllTimers(): { clock: InstalledClock; restore(): void } {
  dateClock?.uninstall();
  const clock = FakeTimers.install({ now: fakeNow ?? FAKE_NOW, toFake: [...FAKED_TIMERS] });
  return {
    clock,
    restore: () => {
      clock.uninstall();
      installDateClock();
    },
  };
}

/**
 * Calls the function a unit returned, then runs every timer pending after those calls (as the test's
 * `advanceTimersByTime(advancedMs)` will): a debounced callback fires then, not before. When a call
 * returns a promise, the clock runs as the test's `await vi.runAllTimersAsync()` does instead (see
 * {@link settleReturned}). Undefined when the calls leave work behind (a promise still pending, a
 * timer still set once the promise callbacks ran): the test could not wait for it, and it would go on
 * running after the test (a retry loop with backoff hangs the runner), so the case is not written.
 */
async function callReturned(
  fn: (...args: unknown[]) => unknown,
  then: ThenCall,
  makeStub: StubFactory,
  calls: StubCalls,
  clock: InstalledClock,
): Promise<ThenOutcome | undefined> {
  const promises: Array<PromiseLike<unknown> | null> = [];
  const results = then.calls.map((args): Encoded => {
    const value = fn(
      ...spread(
        args.map((a) => decode(a, makeStub)),
        then.spreadLast,
      ),
    );
    promises.push(isThenable(value) ? value : null);
    return isThenable(value) ? { $: 'opaque', what: 'promise' } : encode(value);
  });
  if (promises.some((p) => p !== null)) return settleReturned(results, promises, calls, clock);
  const before = structuredClone(calls);
  const start = clock.now;
  const pendingTimers = clock.countTimers();
  clock.runToLast();
  // The test checks synchronously after advancing the clock: so is this record taken.
  const outcome = {
    results,
    before,
    pendingTimers,
    advancedMs: clock.now - start,
    after: structuredClone(calls),
  };
  // Then let the promise callbacks the calls queued run (a real turn of the event loop), running the
  // timers they set in turn, a few rounds: what is still pending after that is work left behind.
  for (let round = 0; round < SETTLE_ROUNDS; round++) {
    await new Promise((resolve) => realSetTimeout(resolve, 0));
    if (clock.countTimers() === 0) break;
    clock.runToLast();
  }
  await new Promise((resolve) => realSetTimeout(resolve, 0));
  return clock.countTimers() > 0 ? undefined : outcome;
}

/**
 * The returned function is async: runs the clock as `await vi.runAllTimersAsync()` (and Jest's) does
 * — the same @sinonjs/fake-timers call, promise callbacks running between timers until no timer is
 * left — then waits for each promise, as the test awaits each one. A retry loop's backoff timers all
 * fire; a loop that never ends hits the clock's loop limit, and the case is not written.
 */
async function settleReturned(
  results: Encoded[],
  promises: ReadonlyArray<PromiseLike<unknown> | null>,
  calls: StubCalls,
  clock: InstalledClock,
): Promise<ThenOutcome | undefined> {
  const settled = promises.map((): Settled | null => null);
  // Handlers are attached at once, as the test's `expect(…).rejects` is: no rejection goes unhandled.
  const done = promises.map((promise, i) =>
    promise?.then(
      (value) => {
        settled[i] = { kind: 'resolve', value: encode(value) };
      },
      (error: unknown) => {
        settled[i] = { kind: 'reject', error: encode(error) };
      },
    ),
  );
  const before = structuredClone(calls);
  const start = clock.now;
  try {
    await clock.runAllAsync();
  } catch {
    return undefined;
  }
  // Whatever settles through promise callbacks alone settles now; what waits for a timer set after
  // the clock stopped never will (the test would hang on it).
  await Promise.race([Promise.all(done), new Promise((resolve) => realSetTimeout(resolve, SETTLE_WAIT_MS))]);
  if (promises.some((p, i) => p !== null && settled[i] === null)) return undefined;
  return {
    results,
    before,
    pendingTimers: 0,
    advancedMs: clock.now - start,
    after: structuredClone(calls),
    settled,
  };
}

/** How long promises that need no timer get to settle after the clock ran out of timers. */
const SETTLE_WAIT_MS = 100;

/** Rounds of "run the promise callbacks, then the timers they set" before work counts as left behind. */
const SETTLE_ROUNDS = 3;

async function runSequence(
  namespace: Record<string, unknown>,
  request: SequenceRequest,
): Promise<SequenceOutcome> {
  // A class that sets timers runs under fake timers, as its test will: time moves when a step says so.
  const timers = request.fakeTimers ? fakeAllTimers() : undefined;
  try {
    return await driveSequence(namespace, request, timers?.clock ?? dateClock);
  } finally {
    timers?.restore();
  }
}

async function driveSequence(
  namespace: Record<string, unknown>,
  request: SequenceRequest,
  clock: InstalledClock | undefined,
): Promise<SequenceOutcome> {
  const state: Record<string, Encoded> = {};
  const { calls, makeStub } = stubRecorder();
  let instance: Record<string, unknown> | undefined;
  const construct = await attempt(async () => {
    const Class = valueAt(namespace, request.path).value as new (
      ...args: unknown[]
    ) => Record<string, unknown>;
    if (typeof Class !== 'function') throw new TypeError(`export ${request.path.join('.')} is not a class`);
    const args = spread(
      request.constructorArgs.map((a) => decode(a, makeStub)),
      request.constructorSpreadLast,
    );
    if (!request.factory) {
      instance = new Class(...args);
      return { kind: 'return', value: { $: 'self' }, async: false };
    }
    // A factory's result is the instance; when it returns no object there is nothing to call.
    const made: unknown = (Class as unknown as (...a: unknown[]) => unknown)(...args);
    if (made === null || typeof made !== 'object')
      return { kind: 'return', value: encode(made), async: false };
    instance = made as Record<string, unknown>;
    return { kind: 'return', value: { $: 'self' }, async: false };
  });
  const steps: Outcome[] = [];
  const withCalls = (): SequenceOutcome =>
    Object.keys(calls).length > 0
      ? { construct, steps, state, calls: structuredClone(calls) }
      : { construct, steps, state };
  if (!instance || construct.kind !== 'return') return withCalls();
  const target = instance;
  // What each step returned, for later steps that pass it back (`remove(node)`).
  const results: unknown[] = [];
  for (const step of request.steps) {
    if (step.advanceMs !== undefined) {
      const ms = step.advanceMs;
      // A timer callback that throws makes the test's `advanceTimersByTime` throw: that is the outcome.
      const outcome = await attempt(async () => {
        clock?.tick(ms);
        return { kind: 'return', value: { $: 'undefined' }, async: false };
      });
      results.push(undefined);
      steps.push(outcome);
      if (outcome.kind !== 'return') break;
      continue;
    }
    const outcome = await attempt(async () => {
      const method = target[step.method];
      if (typeof method !== 'function') throw new TypeError(`${step.method} is not a method`);
      const result = method.apply(
        target,
        spread(
          step.args.map((a) => decode(a, makeStub, results)),
          step.spreadLast,
        ),
      );
      results.push(result);
      if (!isThenable(result)) return { kind: 'return', value: encodeResult(target, result), async: false };
      return settle(result, request.timeoutMs, (value) => encodeFrom(target, value));
    });
    steps.push(outcome);
    if (outcome.kind !== 'return') break;
  }
  for (const name of request.observers) {
    try {
      state[name] = encodeFrom(target, target[name]);
    } catch {
      // A getter that throws is not observable state.
    }
  }
  return withCalls();
}

/** Runs one step with the sandbox's bookkeeping: refused I/O and exit attempts win over the result. */
async function attempt(run: () => Promise<Outcome>): Promise<Outcome> {
  resetAttempts();
  let outcome: Outcome;
  try {
    outcome = await run();
  } catch (error) {
    outcome = { kind: 'throw', error: encode(error), async: false };
  }
  if (attempts.exit) return { kind: 'exit', code: attempts.exit.code };
  if (attempts.blocked) return { kind: 'blocked', operation: attempts.blocked };
  if (attempts.random && outcome.kind === 'return') return { ...outcome, random: attempts.random };
  return outcome;
}

/** Property inference on the loaded module, its functions called directly. */
async function infer(namespace: Record<string, unknown>, request: InferRequest): Promise<InferResult> {
  // One kind at a time, so that a slow kind (long shrinking) costs the kinds after it, not the file.
  const deadline = Date.now() + request.budgetMs;
  // Bound by export path: a description's name is how the test calls it (`defaultExport`), which is
  // not always where the module keeps it (`default`).
  const bound: CallableFunction[] = request.functions.map((description, i) => {
    const fn = functionAt(namespace, request.paths[i]!);
    return { ...description, call: (args: unknown[]) => fn(...args) };
  });
  const report: Awaited<ReturnType<typeof inferProperties>> = { kept: [], rejected: [], skipped: [] };
  for (const kind of request.options.kinds ?? []) {
    if (Date.now() > deadline) break;
    const part = await inferProperties(bound, { ...request.options, kinds: [kind] });
    report.kept.push(...part.kept);
    report.rejected.push(...part.rejected);
    report.skipped.push(...part.skipped);
  }
  const rendered = renderProperties(report.kept, {
    style: request.render.style,
    title: 'properties',
    typescript: true,
  });
  return {
    kept: report.kept.map((p) => p.title),
    rejected: report.rejected.map((p) => ({ title: p.title, counterexample: encode(p.counterexample) })),
    code: rendered.code,
    imports: report.kept.length > 0 ? propertyImports(report.kept, { style: request.render.style }) : [],
  };
}

/** Evaluates an expression with every export of the module in scope, as a JSDoc example is written. */
function evaluate(namespace: Record<string, unknown>, request: EvaluateRequest): Promise<Outcome> {
  return attempt(async () => {
    const names = Object.keys(namespace).filter(
      (name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default',
    );
    const run = new Function(...names, `return (async () => (${request.code}))();`) as (
      ...values: unknown[]
    ) => Promise<unknown>;
    return settle(run(...names.map((name) => namespace[name])), request.timeoutMs, encode);
  });
}

async function call(namespace: Record<string, unknown>, request: CallRequest): Promise<Outcome> {
  // Callback arguments record how they are called; the outcome carries the record.
  const { calls, makeStub } = stubRecorder();
  takeInteractions(); // forget calls made outside this one (at load, by stray timers)
  const timers = request.thenCall ? fakeAllTimers() : undefined;
  let then: ThenOutcome | undefined;
  let outcome: Outcome;
  try {
    outcome = await attempt(async () => {
      const fn = functionAt(namespace, request.path);
      const result = fn(
        ...spread(
          request.args.map((a) => decode(a, makeStub)),
          request.spreadLast,
        ),
      );
      if (isThenable(result)) return settle(result, request.timeoutMs, encode);
      if (timers && request.thenCall && typeof result === 'function') {
        try {
          then = await callReturned(
            result as (...args: unknown[]) => unknown,
            request.thenCall,
            makeStub,
            calls,
            timers.clock,
          );
        } catch {
          // A call or a timer that throws: the returned function's case is not written.
        }
      }
      return { kind: 'return', value: encode(result), async: false };
    });
  } finally {
    timers?.restore();
  }
  const interactions = takeInteractions();
  if (outcome.kind !== 'return' && outcome.kind !== 'throw') return outcome;
  return {
    ...outcome,
    ...(Object.keys(calls).length > 0 ? { calls: structuredClone(calls) } : {}),
    ...(interactions.length > 0 ? { interactions } : {}),
    ...(then && outcome.kind === 'return' ? { returned: then } : {}),
  };
}

/** Stubs that record the arguments of each call, by stub id. */
function stubRecorder(): { calls: StubCalls; makeStub: StubFactory } {
  const calls: StubCalls = {};
  const makeStub: StubFactory = (id, returns, async, like) => {
    calls[id] = [];
    return (...args: unknown[]) => {
      calls[id]!.push(args.map((arg) => encode(arg)));
      const value = like ? stubBehaviour(like, args) : returns;
      return async ? Promise.resolve(value) : value;
    };
  };
  return { calls, makeStub };
}

function settle(
  promise: PromiseLike<unknown>,
  timeoutMs: number,
  encodeValue: (v: unknown) => Encoded,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const timer = realSetTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
    promise.then(
      (value) => {
        realClearTimeout(timer);
        resolve({ kind: 'return', value: encodeValue(value), async: true });
      },
      (error: unknown) => {
        realClearTimeout(timer);
        resolve({ kind: 'throw', error: encode(error), async: true });
      },
    );
  });
}

/** The value at a property path of the module's exports. */
function valueAt(
  namespace: Record<string, unknown>,
  path: readonly string[],
): { value: unknown; owner: unknown } {
  const [exportName, ...members] = path;
  // A CommonJS module loaded through import() puts its exports under `default` too.
  const interop = namespace.default as Record<string, unknown> | undefined;
  let value: unknown =
    exportName === 'default' ? namespace.default : (namespace[exportName!] ?? interop?.[exportName!]);
  let owner: unknown;
  for (const member of members) {
    owner = value;
    value = (value as Record<string, unknown> | undefined)?.[member];
  }
  return { value, owner };
}

function functionAt(
  namespace: Record<string, unknown>,
  path: readonly string[],
): (...args: unknown[]) => unknown {
  const { value, owner } = valueAt(namespace, path);
  if (typeof value !== 'function') throw new TypeError(`export ${path.join('.')} is not a function`);
  // Members are called on their object, as `Text.camelCase(…)` in the test will.
  const fn = value as (...args: unknown[]) => unknown;
  return owner === undefined ? fn : fn.bind(owner);
}

/** Arguments as passed: the last one spread when it holds a rest parameter's values. */
function spread(args: unknown[], spreadLast: boolean): unknown[] {
  return spreadLast ? [...args.slice(0, -1), ...(args.at(-1) as unknown[])] : args;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function describeError(error: unknown): string {
  if (error instanceof SandboxBlockedError || error instanceof SandboxExitError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

main().catch((error: unknown) => {
  send({ type: 'load-error', message: describeError(error) });
});
