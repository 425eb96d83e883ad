// Per-worker resources shared by both plugins' worker entries. Runner-specific parts (which
// environment variable holds the slot) are passed in, so this module knows no runner.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OptionError } from './errors.js';

/** Folder under `os.tmpdir()` that holds every run's worker folders. */
export const WORKERS_TEMP_ROOT = 'assay-workers';
/** Set it to name the run yourself (e.g. in CI); otherwise the run is named after its main process. */
export const RUN_ID_ENV = 'ASSAY_RUN_ID';

/** A port range reserved by convention for one worker: `first` to `last`, both included. */
export interface PortRange {
  first: number;
  last: number;
  size: number;
}

/** Where each worker's port range starts and how wide it is. */
export interface PortRangeOptions {
  /**
   * Ports below the first worker's range. Worker `slot` gets `base + slot × size` onwards.
   * @default 20000
   */
  base?: number;
  /**
   * Ports per worker.
   * @default 10
   */
  size?: number;
}

export const DEFAULT_PORT_BASE = 20_000;
export const DEFAULT_PORT_RANGE_SIZE = 10;

/**
 * The worker's slot: a small integer (1, 2, …) that no two workers running at the same time share.
 * `value` is the runner's variable (`VITEST_POOL_ID`, `JEST_WORKER_ID`); without it (in band, or
 * outside a runner) the slot is 1.
 */
export function slotFrom(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/**
 * The name of the current run, the same in every worker of one run and different between two runs
 * that overlap: `ASSAY_RUN_ID` when set, otherwise `p<pid of the runner's main process>`, which
 * `mainPid` tells (each runner starts its workers its own way).
 */
export function runIdFrom(
  env: NodeJS.ProcessEnv = process.env,
  mainPid: () => number = () => process.pid,
): string {
  const given = env[RUN_ID_ENV];
  if (given) {
    if (!/^[\w.-]+$/.test(given)) {
      throw new OptionError(RUN_ID_ENV, `"${given}" may only hold letters, digits, "_", "." and "-".`);
    }
    return given;
  }
  return `p${mainPid()}`;
}

/** The folder of one run's workers (not created). */
export function runTempRoot(runId: string): string {
  return join(tmpdir(), WORKERS_TEMP_ROOT, runId);
}

/**
 * The worker's private temporary folder, created on first use: `<os.tmpdir()>/assay-workers/<run>/w<slot>`.
 * Files left there by an earlier worker of the same slot in this run are kept (workers of one slot
 * never run at the same time). The first worker of a run removes the folders of earlier runs whose main process is gone.
 */
export function ensureWorkerTempDir(slot: number, runId: string): string {
  const runRoot = runTempRoot(runId);
  const dir = join(runRoot, `w${slot}`);
  // The first worker of a run clears what crashed or killed runs left behind.
  if (!existsSync(runRoot)) sweepStaleRuns(runId);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Removes one run's worker folders. Call it from a global teardown (it runs in the main process, so
 * the default run id matches the workers').
 */
export function removeRunTempDirs(runId: string): void {
  rmSync(runTempRoot(runId), { recursive: true, force: true });
}

/** Deletes `p<pid>` run folders whose process no longer exists. */
function sweepStaleRuns(current: string): void {
  const root = join(tmpdir(), WORKERS_TEMP_ROOT);
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    const pid = /^p(\d+)$/.exec(name)?.[1];
    if (!pid || name === current || isAlive(Number(pid))) continue;
    rmSync(join(root, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The port range of worker `slot`: `base + slot × size` to `base + slot × size + size − 1`.
 * A convention, not a reservation: nothing stops another program from taking these ports.
 */
export function portRangeFor(slot: number, options: PortRangeOptions = {}): PortRange {
  const base = options.base ?? DEFAULT_PORT_BASE;
  const size = options.size ?? DEFAULT_PORT_RANGE_SIZE;
  if (!Number.isInteger(base) || base < 1)
    throw new OptionError('base', `expected a port number, got ${base}.`);
  if (!Number.isInteger(size) || size < 1)
    throw new OptionError('size', `expected a whole number of ports of at least 1, got ${size}.`);
  const first = base + slot * size;
  const last = first + size - 1;
  if (last > 65_535) {
    throw new OptionError(
      'base',
      `worker ${slot}'s ports ${first}–${last} go past 65535: lower \`base\` (${base}) or \`size\` (${size}).`,
    );
  }
  return { first, last, size };
}

/** Resolves with the first port of `range` that can be listened on at `host` now. */
export async function freePortIn(range: PortRange, host = '127.0.0.1'): Promise<number> {
  for (let port = range.first; port <= range.last; port++) {
    if (await canListen(port, host)) return port;
  }
  throw new OptionError(
    'ports',
    `no free port in ${range.first}–${range.last} on ${host}: another process holds them all; ` +
      'choose another `base` or a larger `size`.',
  );
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** `<base>_w<slot>`: a database name of its own per worker. `base` must be a plain SQL identifier. */
export function databaseNameFor(slot: number, base = 'test'): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(base)) {
    throw new OptionError(
      'base',
      `"${base}" is not a plain database name: use letters, digits and "_", starting with a letter.`,
    );
  }
  return `${base}_w${slot}`;
}

/** The per-worker helpers each plugin's `/worker` entry exports, bound to its runner's slot variable. */
export interface WorkerHelpers {
  /**
   * This worker's slot: 1, 2, … up to the number of workers; no two workers running at the same
   * time share one. 1 when the tests run in band.
   * @example
   * const schema = `tenant_${workerSlot()}`;
   */
  workerSlot(): number;
  /**
   * This worker's private temporary folder, created on first use under `os.tmpdir()`:
   * `assay-workers/<run>/w<slot>`. Later test files of the same slot find what earlier ones left.
   * @example
   * const file = join(workerTempDir(), 'app.sqlite');
   */
  workerTempDir(): string;
  /**
   * This worker's port range, `base + slot × size` onwards (a convention: the ports are not
   * checked; use `findFreePort` for that).
   * @example
   * const { first } = workerPorts({ base: 40000, size: 5 }); // worker 2: 40010–40014
   */
  workerPorts(options?: PortRangeOptions): PortRange;
  /**
   * The first port of this worker's range that can be listened on now (another process may still
   * take it before you do).
   * @example
   * server.listen(await findFreePort());
   */
  findFreePort(options?: PortRangeOptions & { host?: string }): Promise<number>;
  /**
   * A database name of this worker's own: `<base>_w<slot>` (`test_w2`).
   * @example
   * const url = `postgres://localhost/${workerDatabaseName('app')}`;
   */
  workerDatabaseName(base?: string): string;
  /**
   * Removes this run's worker folders. Call it from a global teardown, which runs in the runner's
   * main process.
   * @example
   * export default () => () => removeWorkerTempDirs(); // vitest globalSetup
   */
  removeWorkerTempDirs(): void;
}

/** How a runner tells its workers apart and names its main process. */
export interface RunnerWorkers {
  /** The environment variable holding the worker slot (`VITEST_POOL_ID`, `JEST_WORKER_ID`). */
  slotEnv: string;
  /** The pid of the runner's main process, as seen from a worker (or from the main process itself). */
  mainPid: () => number;
}

/** Binds the helpers to a runner's worker slot variable and main process. */
export function createWorkerHelpers(runner: RunnerWorkers): WorkerHelpers {
  const workerSlot = () => slotFrom(process.env[runner.slotEnv]);
  const runId = () => runIdFrom(process.env, runner.mainPid);
  return {
    workerSlot,
    workerTempDir: () => ensureWorkerTempDir(workerSlot(), runId()),
    workerPorts: (options) => portRangeFor(workerSlot(), options),
    findFreePort: (options) => freePortIn(portRangeFor(workerSlot(), options), options?.host),
    workerDatabaseName: (base) => databaseNameFor(workerSlot(), base),
    removeWorkerTempDirs: () => removeRunTempDirs(runId()),
  };
}
