import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { copyFixture, makeJestProject } from '../helpers.js';
import {
  callGroup,
  callModule,
  loadModule,
  ROUTES,
  type Route,
  RUNNER_ROUTES,
  runnerModule,
  type Target,
} from './routes.js';

/** An environment variable the hostile modules read; its value must reach no output. */
export const SECRET_ENV = 'ASSAY_HOSTILE_TOKEN';

/** What one route did to its targets: empty when nothing escaped. */
export interface Escape {
  route: string;
  what: string[];
}

/**
 * Which modules a project holds. What only the sandbox decides (import-time modules, and call-time
 * routes that the sandbox refuses outright) is the same whatever the runner, so one runner's project
 * holds them; what the runner's validation decides (runner-only modules, kept tests with the runner's
 * mocks, secrets, broken files) goes in every runner's project.
 */
export interface Parts {
  /** `src/<id>.load.ts` for each route: hostile while it loads. */
  load: boolean;
  /** `src/dynamic.call.ts`: the routes with no statically imported, mocked built-in, run when called. */
  dynamicCalls: boolean;
}

/**
 * A project holding the routes of {@link ROUTES} (a module hostile while it loads for each, and two
 * functions hostile when called, in one module per {@link callGroup}), modules hostile only under a
 * runner, a harmless module, modules that leak a secret, and modules whose tests cannot pass under the
 * real runner. Each route aims at targets of its own, all started here: a folder under the OS temp
 * folder, TCP and UDP loopback listeners, a `sleep` process. {@link escapes} says what changed.
 */
export class HostileProject {
  readonly root: string;
  /** Outside the project: a file whose content must not reach any output. */
  readonly outsideSecretFile: string;
  readonly secret = `tok-${process.pid}-${Math.random().toString(36).slice(2)}`;
  readonly fileSecret = `filesecret-${Math.random().toString(36).slice(2)}`;
  readonly #targets = new Map<string, Target>();
  readonly #connections = new Map<string, number>();
  readonly #servers: Array<net.Server | dgram.Socket> = [];
  readonly #sleepers = new Map<string, ChildProcess>();
  readonly #temp: string;

  readonly #parts: Parts;
  readonly #routes: readonly Route[];

  private constructor(framework: 'vitest' | 'jest', routes: readonly Route[], parts: Parts) {
    this.#parts = parts;
    this.#routes = routes;
    const fixture = emptyProject();
    this.root = copyFixture(`hostile-${framework}`, fixture);
    fs.rmSync(fixture, { recursive: true, force: true });
    this.#temp = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-hostile-'));
    this.outsideSecretFile = path.join(this.#temp, 'credentials.txt');
    fs.writeFileSync(this.outsideSecretFile, this.fileSecret);
    if (framework === 'jest') makeJestProject(this.root, ['**/*.assay.test.ts']);
  }

  /** Builds the project and starts every target (listeners, sleepers). */
  static async create(
    framework: 'vitest' | 'jest',
    routes: readonly Route[] = ROUTES,
    parts: Parts = { load: true, dynamicCalls: true },
  ): Promise<HostileProject> {
    const project = new HostileProject(framework, routes, parts);
    for (const route of routes) project.#targets.set(route.id, await project.#startTarget(route));
    project.#writeRouteModules();
    project.#writeOthers();
    return project;
  }

  /** Whether the route's call-time functions are in this project. */
  #hasCallModule(route: Route): boolean {
    return hasCallModule(route, this.#parts);
  }

  /** Puts every target back as it started (files, markers, counters, sleepers), for a second check. */
  async reset(): Promise<void> {
    for (const [id, target] of this.#targets) {
      fs.writeFileSync(target.victim, 'keep');
      fs.writeFileSync(target.doomed, 'doomed');
      fs.rmSync(target.marker, { force: true });
      this.#connections.set(id, 0);
      const sleeper = this.#sleepers.get(id);
      if (sleeper && sleeper.exitCode === null && sleeper.signalCode === null) continue;
      const fresh = startSleeper();
      this.#sleepers.set(id, fresh);
      // The modules aim at the pid written into them: a new sleeper needs the modules rewritten.
      this.#targets.set(id, { ...target, pid: fresh.pid! });
    }
    this.#writeRouteModules();
    // Connections still in flight from the previous run land now, not in the next check.
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const id of this.#targets.keys()) this.#connections.set(id, 0);
  }

  /** What each route changed outside the project since it started (or since {@link reset}). */
  async escapes(): Promise<Escape[]> {
    // Datagrams and connections from the run's last moments arrive a little later.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const found: Escape[] = [];
    for (const [id, target] of this.#targets) {
      const what: string[] = [];
      if (fs.readFileSync(target.victim, 'utf8') !== 'keep') what.push('overwrote a file');
      if (!fs.existsSync(target.doomed)) what.push('deleted a file');
      if (fs.existsSync(target.marker)) what.push('ran a process or native code');
      const connections = this.#connections.get(id) ?? 0;
      if (connections > 0) what.push(`${connections} connection(s) arrived`);
      const sleeper = this.#sleepers.get(id);
      if (sleeper && (sleeper.exitCode !== null || sleeper.signalCode !== null || !alive(sleeper.pid!)))
        what.push('killed or signalled another process');
      if (what.length > 0) found.push({ route: id, what });
    }
    return found;
  }

  async close(): Promise<void> {
    for (const sleeper of this.#sleepers.values()) sleeper.kill('SIGKILL');
    await Promise.all(
      this.#servers.map(
        (server) =>
          new Promise<void>((resolve) =>
            server instanceof net.Server ? server.close(() => resolve()) : server.close(resolve),
          ),
      ),
    );
    fs.rmSync(this.root, { recursive: true, force: true });
    fs.rmSync(this.#temp, { recursive: true, force: true });
  }

  async #startTarget(route: Route): Promise<Target> {
    const dir = fs.mkdtempSync(path.join(this.#temp, `${route.id}-`));
    const marker = path.join(dir, 'spawned');
    const script = path.join(dir, 'spawn-me.cjs');
    fs.writeFileSync(script, `require('fs').writeFileSync(${JSON.stringify(marker)}, 'spawned');\n`);
    fs.writeFileSync(path.join(dir, 'victim.txt'), 'keep');
    fs.writeFileSync(path.join(dir, 'doomed.txt'), 'doomed');
    this.#connections.set(route.id, 0);
    const count = () => this.#connections.set(route.id, (this.#connections.get(route.id) ?? 0) + 1);
    const server = net.createServer((socket) => {
      count();
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    server.unref();
    const udp = dgram.createSocket('udp4', count);
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    udp.unref();
    this.#servers.push(server, udp);
    const sleeper = startSleeper();
    this.#sleepers.set(route.id, sleeper);
    // The addon writes the marker named by its build (only the dlopen route loads one).
    const addon = path.join(dir, 'addon.so');
    if (route.id === 'dlopen') buildAddon(marker, addon);
    return {
      dir,
      victim: path.join(dir, 'victim.txt'),
      doomed: path.join(dir, 'doomed.txt'),
      script,
      marker,
      addon,
      node: process.execPath,
      port: (server.address() as net.AddressInfo).port,
      udpPort: udp.address().port,
      pid: sleeper.pid!,
    };
  }

  /**
   * Every module that aims at a route's targets: import-time ones, the call-time module of each group,
   * and the modules hostile only under a runner.
   */
  #writeRouteModules(): void {
    const write = (name: string, code: string) => fs.writeFileSync(path.join(this.root, 'src', name), code);
    for (const route of this.#routes) {
      const target = this.#targets.get(route.id)!;
      if (this.#parts.load) write(`${route.id}.load.ts`, loadModule(route, target));
      if ((RUNNER_ROUTES as readonly string[]).includes(route.id))
        write(`${route.id}.runner.ts`, runnerModule(route, target));
    }
    for (const group of ['static', 'dynamic'] as const) {
      const routes = this.#routes.filter((r) => callGroup(r) === group && this.#hasCallModule(r));
      if (routes.length > 0) write(`${group}.call.ts`, callModule(routes, this.#targets));
    }
  }

  /** The harmless module, the secret leakers and the modules whose tests cannot pass in the runner. */
  #writeOthers(): void {
    const write = (name: string, code: string) => fs.writeFileSync(path.join(this.root, 'src', name), code);
    write(
      'harmless.ts',
      [
        '/** Clamps a number into [low, high]. */',
        'export function clamp(value: number, low: number, high: number): number {',
        '  return Math.min(high, Math.max(low, value));',
        '}',
        '',
        'export function greet(name: string): string {',
        "  return 'hello ' + name;",
        '}',
        '',
      ].join('\n'),
    );
    // One module for both leaks (each validated file costs a runner start).
    write(
      'secrets.ts',
      [
        "import { readFileSync } from 'node:fs';",
        `const NAME = ${JSON.stringify(SECRET_ENV)};`,
        `const FILE = ${JSON.stringify(this.outsideSecretFile)};`,
        'export function token(): string {',
        "  return process.env[NAME] ?? 'unset';",
        '}',
        '',
        'export function tokenError(): string {',
        "  if (process.env[NAME]) throw new Error('bad token ' + process.env[NAME]);",
        "  return 'fine';",
        '}',
        '',
        'export function credentials(): string {',
        "  return readFileSync(FILE, 'utf8');",
        '}',
        '',
      ].join('\n'),
    );
    // The same file read through a route that no test mocks: only the sandbox's read guard stops it.
    write(
      'secret-file-unmocked.ts',
      [
        `const FILE = ${JSON.stringify(this.outsideSecretFile)};`,
        'export function credentials(): string {',
        "  return process.getBuiltinModule('fs').readFileSync(FILE, 'utf8');",
        '}',
        '',
      ].join('\n'),
    );
    // Loads in the sandbox, but not under the runner (as a polluted global would).
    write(
      'broken-load.ts',
      [
        "if (process.env.VITEST || process.env.JEST_WORKER_ID) throw new Error('this module refuses the runner');",
        'export function double(n: number): number {',
        '  return n * 2;',
        '}',
        '',
      ].join('\n'),
    );
    // Every test of this module fails under the runner.
    write(
      'broken-tests.ts',
      [
        'export function where(n: number): string {',
        "  return (process.env.VITEST || process.env.JEST_WORKER_ID ? 'runner ' : 'sandbox ') + n;",
        '}',
        '',
      ].join('\n'),
    );
  }
}

/** Whether a project with these parts holds the route's call-time functions. */
export function hasCallModule(route: Route, parts: Parts): boolean {
  return callGroup(route) === 'static' || parts.dynamicCalls;
}

/** A fixture with no source files: package.json, tsconfig, a Vitest config and an empty `src/`. */
function emptyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assay-hostile-fixture-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true },
      include: ['src'],
    }),
  );
  fs.writeFileSync(
    path.join(dir, 'vitest.config.ts'),
    "export default { test: { include: ['src/**/*.test.ts'] } };\n",
  );
  return dir;
}

/**
 * Builds a shared library whose constructor writes `marker` when loaded (`process.dlopen` runs it before it
 * even checks that the library is a Node addon). Empty string when no C compiler is installed.
 */
function buildAddon(marker: string, output: string): string {
  const source = `${output}.c`;
  fs.writeFileSync(
    source,
    [
      '#include <stdio.h>',
      '__attribute__((constructor)) static void escape(void) {',
      `  FILE *f = fopen(${JSON.stringify(marker)}, "w");`,
      '  if (f) { fputs("native", f); fclose(f); }',
      '}',
      '',
    ].join('\n'),
  );
  const built = spawnSync('cc', ['-shared', '-fPIC', '-o', output, source], { encoding: 'utf8' });
  return built.status === 0 ? output : '';
}

function startSleeper(): ChildProcess {
  const child = spawn('sleep', ['86400'], { stdio: 'ignore' });
  child.unref();
  return child;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
