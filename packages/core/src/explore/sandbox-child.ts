/**
 * The sandbox process: loads one module under test (TypeScript through tsx, imported by the parent's
 * `--import`), then answers call requests one at a time over IPC with the outcome and the V8 block
 * coverage of that call alone. Node I/O is faked before the module loads (see fakes.ts).
 */
import { Session } from 'node:inspector/promises';
import { pathToFileURL } from 'node:url';
import { decode, encode } from './codec.js';
import { attempts, installFakes, resetAttempts, SandboxBlockedError, SandboxExitError } from './fakes.js';
import {
  type CallRequest,
  type ChildMessage,
  type CoverageRange,
  MODULE_ENV,
  type Outcome,
} from './protocol.js';

const send = (message: ChildMessage) => process.send?.(message);

async function main(): Promise<void> {
  const file = process.env[MODULE_ENV];
  if (!file) throw new Error(`${MODULE_ENV} is not set`);
  const url = pathToFileURL(file).href;

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });

  // Stray timers and promises of the code under test must not end the sandbox between calls.
  process.on('uncaughtException', () => {});
  process.on('unhandledRejection', () => {});
  installFakes();

  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    send({ type: 'load-error', message: describeError(error) });
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

  process.on('message', async (request: CallRequest) => {
    const outcome = await call(namespace, request);
    send({ type: 'result', id: request.id, outcome, ranges: await takeRanges() });
  });
  send({ type: 'ready' });
}

async function call(namespace: Record<string, unknown>, request: CallRequest): Promise<Outcome> {
  resetAttempts();
  let outcome: Outcome;
  try {
    const fn = functionAt(namespace, request.path);
    const args = request.args.map(decode);
    const callArgs = request.spreadLast ? [...args.slice(0, -1), ...(args.at(-1) as unknown[])] : args;
    const result = fn(...callArgs);
    outcome = isThenable(result)
      ? await settle(result, request.timeoutMs)
      : { kind: 'return', value: encode(result), async: false };
  } catch (error) {
    outcome = { kind: 'throw', error: encode(error), async: false };
  }
  // Refused I/O and exit attempts win over whatever the code made of them.
  if (attempts.exit) return { kind: 'exit', code: attempts.exit.code };
  if (attempts.blocked) return { kind: 'blocked', operation: attempts.blocked };
  return outcome;
}

function settle(promise: PromiseLike<unknown>, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve({ kind: 'return', value: encode(value), async: true });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ kind: 'throw', error: encode(error), async: true });
      },
    );
  });
}

function functionAt(
  namespace: Record<string, unknown>,
  path: readonly string[],
): (...args: unknown[]) => unknown {
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
  if (typeof value !== 'function') throw new TypeError(`export ${path.join('.')} is not a function`);
  // Members are called on their object, as `Text.camelCase(…)` in the test will.
  return owner === undefined
    ? (value as (...args: unknown[]) => unknown)
    : (value as (...args: unknown[]) => unknown).bind(owner);
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
