// Worker-side entry: `testEnvironment: '@assay/jest-plugin/environment'`. Runs inside Jest's workers
// and must never import main-process modules (reporter, sequencer).
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { resourceUsage } from 'node:process';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type QuarantineMode, resolveQuarantineMode, testId } from '@assay/history/worker';
import type { EnvironmentContext, JestEnvironment, JestEnvironmentConfig } from '@jest/environment';
import { AssayJestError } from './errors.js';
import { DEFAULT_OPTIONS } from './options.js';
import {
  CHANNEL_ENV,
  type ChannelMessage,
  channelName,
  findReporterOptions,
  INBOX,
  type Inbox,
  loadQuarantined,
  MARKER,
  validateOptions,
  WORKER_CONFIG,
  type WorkerConfig,
} from './shared.js';

/** Options under `testEnvironmentOptions.assay`. */
export interface AssayEnvironmentOptions {
  /**
   * The environment the tests run in, wrapped by assay: `node`, `jsdom`, or any Jest environment
   * package or path (resolved as Jest resolves `testEnvironment`). A file can choose its own with a
   * `@assay-environment jsdom` docblock.
   * @default 'node'
   */
  environment?: string;
}

interface CircusTest {
  type: 'test';
  name: string;
  mode?: string;
  fn?: unknown;
  parent?: CircusBlock;
  invocations?: number;
  /** This attempt's time (ms), set by jest-circus on `test_done` before environments hear of it. */
  duration?: number | null;
}
interface CircusBlock {
  type?: 'describeBlock';
  name: string;
  parent?: CircusBlock;
  children?: (CircusBlock | CircusTest)[];
}
interface CircusEvent {
  name: string;
  test?: CircusTest;
}

type EnvironmentClass = new (config: JestEnvironmentConfig, context: EnvironmentContext) => JestEnvironment;

const ROOT_BLOCK = 'ROOT_DESCRIBE_BLOCK';
/**
 * Jest 30's jest-circus keeps its event handlers in an array on the test file's global under this
 * key, and awaits each one on every event (some 10 per test). Under Jest 30's AsyncLocalStorage
 * every such await allocates: a handler of assay's own added ~84 MB of garbage to a run of 2,000
 * tests (+7 % young-generation collections; bench/jest-overhead, session 7). So on Jest 30 assay's
 * handler runs inside circus's first one, which is synchronous, and adds no await.
 */
const EVENT_HANDLERS = Symbol.for('EVENT_HANDLERS');
const IN_NODE_MODULES = /[\\/]node_modules[\\/]/;

let collect: (() => void) | undefined;
/**
 * Heap in use after a full garbage collection: what is really alive. Jest reuses a worker for many
 * files, and without a collection its heap also holds what earlier files left for the collector,
 * which a memory budget must not plan for. `--expose-gc` set at run time makes `gc` available to
 * contexts created afterwards.
 */
function liveHeap(): number {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  return getHeapStatistics().used_heap_size;
}

function namesOf(test: CircusTest): string[] {
  const names = [test.name];
  for (let block = test.parent; block && block.name !== ROOT_BLOCK; block = block.parent) {
    names.unshift(block.name);
  }
  return names;
}

/** `require` functions to try, in Jest's order: the project, then Jest's own install. */
function requirers(rootDir: string): NodeJS.Require[] {
  const found: NodeJS.Require[] = [];
  const add = (from: string) => {
    try {
      found.push(createRequire(from));
    } catch {}
  };
  add(join(rootDir, 'package.json'));
  add(import.meta.url);
  // `jest-environment-node` is a dependency of jest-config: reach it through jest's own install.
  for (const base of [...found]) {
    for (const chain of [
      ['jest', '@jest/core', 'jest-config'],
      ['jest', 'jest-cli', 'jest-config'],
    ]) {
      let req: NodeJS.Require | undefined = base;
      for (const name of chain) {
        try {
          req = createRequire(req!.resolve(`${name}/package.json`));
        } catch {
          req = undefined;
          break;
        }
      }
      if (req) found.push(req);
    }
  }
  return found;
}

const classes = new Map<string, EnvironmentClass>();

function loadEnvironment(name: string, rootDir: string): EnvironmentClass {
  const key = `${rootDir}\0${name}`;
  const cached = classes.get(key);
  if (cached) return cached;
  const candidates =
    name.startsWith('.') || name.startsWith('/') ? [name] : [`jest-environment-${name}`, name];
  for (const req of requirers(rootDir)) {
    for (const candidate of candidates) {
      let path: string;
      try {
        path = req.resolve(candidate.startsWith('.') ? join(rootDir, candidate) : candidate);
      } catch {
        continue;
      }
      const loaded = req(path) as { TestEnvironment?: unknown; default?: unknown };
      const Base = (loaded.TestEnvironment ?? loaded.default ?? loaded) as EnvironmentClass;
      classes.set(key, Base);
      return Base;
    }
  }
  throw new AssayJestError(
    'ASSAY_JEST_ENVIRONMENT_NOT_FOUND',
    `testEnvironmentOptions.assay.environment: cannot find the environment "${name}" from ${rootDir}. ` +
      (name === 'jsdom'
        ? 'Install it next to jest: `npm install -D jest-environment-jsdom` (same major version as jest).'
        : `Install the package that provides it (jest-environment-${name}) or give a path to it.`),
  );
}

const subclasses = new WeakMap<EnvironmentClass, EnvironmentClass>();

// The worker's size before its first file is what a fresh worker needs: later files only find the
// process bigger, so it is measured once per process (each measure is a system call per file).
let baseMeasured = false;

/** The heap is sampled on the first test of a file and every this many tests after (and at its end). */
const HEAP_SAMPLE_EVERY = 50;

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Adds assay's quarantine, marker and memory handling to an environment class. */
function withAssay(Base: EnvironmentClass): EnvironmentClass {
  const existing = subclasses.get(Base);
  if (existing) return existing;
  // The wrapped environment's own handler (jsdom and custom environments may have one).
  const baseHandler = (Base.prototype as { handleTestEvent?: (event: unknown, state: unknown) => unknown })
    .handleTestEvent;
  const Assay = class extends (Base as unknown as new (
    config: JestEnvironmentConfig,
    context: EnvironmentContext,
  ) => { global: object; setup(): Promise<void>; teardown(): Promise<void> }) {
    private readonly assay: {
      root: string;
      testPath: string;
      mode: QuarantineMode;
      retry: number;
      quarantined: ReadonlyMap<string, string>;
      markers: Record<string, string>;
      durations: Record<string, number>;
      peakHeap: number;
      /** Tests done in this file: the heap is sampled by count, not by time (no clock read per test). */
      done: number;
      budget: boolean;
      base?: { rss: number; heap: number };
      live?: number;
      /** Time of the earlier attempts of tests that were retried (ms): only those ever get an entry. */
      retried?: Map<CircusTest, number>;
      worker?: WorkerConfig;
      /** Project modules the file loaded (from the setup file), read when its tests end. */
      modules?: string[];
      /** Jest 30: assay's handler is inside circus's own (see {@link EVENT_HANDLERS}). */
      hooked?: boolean;
    };

    constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
      const own = config.projectConfig.testEnvironmentOptions as Record<string, unknown>;
      const { assay: _assay, ...rest } = own ?? {};
      super({ ...config, projectConfig: { ...config.projectConfig, testEnvironmentOptions: rest } }, context);
      const { options } = findReporterOptions(config.globalConfig.reporters as never);
      this.assay = {
        root: options.root ?? config.globalConfig.rootDir,
        testPath: context.testPath,
        mode: resolveQuarantineMode(options.quarantine?.mode),
        retry: options.retry ?? DEFAULT_OPTIONS.retry,
        quarantined: new Map(),
        markers: {},
        durations: {},
        peakHeap: 0,
        done: 0,
        budget: options.memoryBudget !== undefined,
      };
    }

    override async setup(): Promise<void> {
      if (!baseMeasured) {
        baseMeasured = true;
        this.assay.base = { rss: process.memoryUsage.rss(), heap: getHeapStatistics().used_heap_size };
      }
      await super.setup();
      this.assay.quarantined = await loadQuarantined(this.assay.root, this.assay.mode);
      const worker: WorkerConfig = { retry: this.assay.retry };
      this.assay.worker = worker;
      (this.global as unknown as Record<symbol, unknown>)[WORKER_CONFIG] = worker;
    }

    /**
     * What jest-circus reads as `handleTestEvent` (a getter on the prototype, below), once per file
     * when it starts: on Jest 30, nothing, and assay's handler runs inside circus's own (see
     * {@link EVENT_HANDLERS}); on Jest 29, or when the wrapped environment has a handler of its own,
     * {@link handleEvent}.
     */
    eventHandler(): ((event: CircusEvent, state: unknown) => unknown) | undefined {
      const handlers = (this.global as Record<symbol, unknown>)[EVENT_HANDLERS];
      const circus = Array.isArray(handlers) ? handlers[0] : undefined;
      if (baseHandler || typeof circus !== 'function') return this.handleEvent;
      if (!this.assay.hooked) {
        this.assay.hooked = true;
        // After circus's own handler, as a handler of assay's own would run (it sets `test.duration`).
        (handlers as unknown[])[0] = (event: CircusEvent, state: unknown): unknown => {
          const done = circus(event, state);
          if (done && typeof (done as Promise<void>).then === 'function') {
            return (done as Promise<void>).then(() => this.onTestEvent(event, state));
          }
          this.onTestEvent(event, state);
          return done;
        };
      }
      return undefined;
    }

    // Synchronous on purpose: jest-circus awaits every handler on every event, and most events need
    // nothing from assay. The wrapped environment's own handler (if any) still runs first.
    handleEvent(event: CircusEvent, state: unknown): unknown {
      const own = baseHandler ? baseHandler.call(this, event, state) : undefined;
      if (own && typeof (own as Promise<void>).then === 'function') {
        return (own as Promise<void>).then(() => this.onTestEvent(event, state));
      }
      this.onTestEvent(event, state);
      return undefined;
    }

    /** Notes a marked test and, in `skip` mode, skips a quarantined one. */
    private applyQuarantine(test: CircusTest): void {
      const a = this.assay;
      if (a.mode === 'off') return;
      const marker = (test.fn as Record<symbol, unknown> | undefined)?.[MARKER];
      const names = marker !== undefined || a.quarantined.size > 0 ? namesOf(test) : undefined;
      if (!names) return;
      if (typeof marker === 'string') a.markers[names.join(' > ')] = marker;
      const quarantined = typeof marker === 'string' || a.quarantined.has(testId(a.root, a.testPath, names));
      if (quarantined && a.mode === 'skip') test.mode = 'skip';
    }

    private onTestEvent(event: CircusEvent, state: unknown): void {
      if (event.name === 'run_finish') {
        // Listed here, while the file's module registry still holds everything its tests loaded.
        const loaded = this.assay.worker?.loaded?.();
        if (loaded) this.assay.modules = loaded.filter((file) => !IN_NODE_MODULES.test(file));
        // Measured here, not at teardown: Jest drops the file's modules (and what they keep) first.
        if (this.assay.budget) {
          this.assay.live = liveHeap();
          this.assay.peakHeap = Math.max(this.assay.peakHeap, this.assay.live);
        }
        return;
      }
      if (event.name === 'run_start') {
        // Every test is known before the run starts. Jest 29 starts `test.concurrent` bodies right
        // after this event, before their `test_start`: skip mode must act here to keep them from running.
        const visit = (block: CircusBlock | undefined) => {
          for (const child of block?.children ?? []) {
            if (child.type === 'test') this.applyQuarantine(child);
            else visit(child);
          }
        };
        visit((state as { rootDescribeBlock?: CircusBlock } | undefined)?.rootDescribeBlock);
        return;
      }
      if (event.name === 'test_retry') {
        // The failed attempt's time is still on the test (jest-circus sets it again at the next test_done).
        const test = event.test;
        if (!test) return;
        this.assay.retried ??= new Map();
        const retried = this.assay.retried;
        retried.set(test, (retried.get(test) ?? 0) + (test.duration ?? 0));
        return;
      }
      // The one event per test assay needs; everything else returns at once. Nothing is written on
      // the test objects: jest-circus's own code keeps seeing one shape.
      if (event.name !== 'test_done') return;
      const test = event.test;
      if (!test) return;
      const a = this.assay;
      // Heap statistics cost a few microseconds: sample every HEAP_SAMPLE_EVERY tests (and at the end).
      if (a.done++ % HEAP_SAMPLE_EVERY === 0) {
        const used = getHeapStatistics().used_heap_size;
        if (used > a.peakHeap) a.peakHeap = used;
      }
      // Jest reports the last attempt's duration; a retried test's time is the sum of its attempts.
      if ((test.invocations ?? 1) > 1) {
        a.durations[namesOf(test).join(' > ')] = (a.retried?.get(test) ?? 0) + (test.duration ?? 0);
      }
    }

    override async teardown(): Promise<void> {
      const channel = process.env[CHANNEL_ENV];
      if (channel) {
        const used = getHeapStatistics().used_heap_size;
        const inbox = (globalThis as unknown as Record<symbol, Inbox | undefined>)[INBOX];
        const inBand = inbox?.channel === channel;
        const message: ChannelMessage = {
          file: this.assay.testPath,
          worker: process.env.JEST_WORKER_ID ?? '1',
          // maxRSS is the process's peak resident set size, in kilobytes. In band the reporter reads
          // it once at the end of the run: the process is the same.
          ...(inBand ? {} : { rss: resourceUsage().maxRSS * 1024 }),
          heap: Math.max(this.assay.peakHeap, used),
          ...(this.assay.base ? { base: this.assay.base } : {}),
          ...(this.assay.live !== undefined ? { live: this.assay.live } : {}),
          markers: this.assay.markers,
          durations: this.assay.durations,
          ...(this.assay.modules ? { modules: this.assay.modules } : {}),
        };
        if (inBand) {
          // In the reporter's own process (in band): no file to write and read back.
          inbox.messages.set(message.file, message);
        } else {
          try {
            writeFileSync(join(channel, channelName(this.assay.testPath, hash)), JSON.stringify(message));
          } catch {
            // The reporter's folder is gone (run interrupted): nothing to tell.
          }
        }
      }
      await super.teardown();
    }
  };
  Object.defineProperty(Assay.prototype, 'handleTestEvent', {
    configurable: true,
    get(this: InstanceType<typeof Assay>) {
      return this.eventHandler();
    },
  });
  subclasses.set(Base, Assay as unknown as EnvironmentClass);
  return Assay as unknown as EnvironmentClass;
}

/**
 * The assay test environment. It wraps the environment the tests need (`node` by default; `jsdom`
 * or another with `testEnvironmentOptions: { assay: { environment: 'jsdom' } }`) and applies the
 * quarantine list and in-code markers through jest-circus events: in `skip` mode quarantined tests
 * do not run; in `report` mode they run and the reporter keeps their failures from failing the build.
 *
 * @example
 * // jest.config.js
 * module.exports = { testEnvironment: '@assay/jest-plugin/environment' };
 */
class AssayEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    const { options } = findReporterOptions(config.globalConfig.reporters as never);
    validateOptions(options);
    const own = (config.projectConfig.testEnvironmentOptions?.assay ?? {}) as AssayEnvironmentOptions;
    const pragma = context.docblockPragmas?.['assay-environment'];
    const name = (typeof pragma === 'string' ? pragma : undefined) ?? own.environment ?? 'node';
    const Environment = withAssay(loadEnvironment(name, config.projectConfig.rootDir));
    // A constructor may return another object: Jest gets an instance of the wrapped environment.
    // biome-ignore lint/correctness/noConstructorReturn: see above.
    return new Environment(config, context) as unknown as AssayEnvironment;
  }
}

export default AssayEnvironment as unknown as EnvironmentClass;
export { AssayEnvironment as TestEnvironment };
