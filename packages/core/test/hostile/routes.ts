/**
 * Every way a module under test can reach the machine, written as an attacker would. Each route is one
 * snippet of hostile code; hostile-project.ts runs it at import time inside a `try` (a module of its
 * own) and at call time both bare and inside a `try` (two functions of a module shared by a group). The snippets only ever aim at the route's own
 * targets: a throw-away folder, a loopback listener and a `sleep` process that the test started.
 */

/** What a route aims at, inlined into its modules as the constant `T`. */
export interface Target {
  /** The route's throw-away folder. */
  dir: string;
  /** A file the route tries to overwrite (`fs` routes). */
  victim: string;
  /** A file the route tries to delete (`fs` routes). */
  doomed: string;
  /** A script that writes `marker` when run: the "spawned process" proof. */
  script: string;
  /** Written by `script` (or by the native addon's constructor) when a process or addon ran. */
  marker: string;
  /** A shared library whose constructor writes `marker` (built with the system C compiler). */
  addon: string;
  /** The Node binary, for spawn routes. */
  node: string;
  /** TCP loopback port the test listens on; every connection counts as an escape. */
  port: number;
  /** UDP loopback port the test listens on; every datagram counts as an escape. */
  udpPort: number;
  /** A `sleep` process the route tries to signal. */
  pid: number;
}

export type Family = 'fs' | 'spawn' | 'net' | 'kill' | 'exit';

export interface Route {
  /** Names the route's modules: `src/<id>.load.ts`, `src/<id>.call.ts`. */
  id: string;
  family: Family;
  /** The snippet awaits: its call-time functions are async. */
  async: boolean;
  /** Import lines the modules need (static imports are part of the route). */
  imports?: string;
  /**
   * Statements using `T` (the route's {@link Target}); they throw when the route is refused. A function
   * when the code must hold the target's values literally (the source of a worker thread).
   */
  body: string | ((target: Target) => string);
}

// Shared pieces of the snippets.
const overwriteAndDelete = (fs: string) => `${fs}.writeFileSync(T.victim, 'pwned'); ${fs}.rmSync(T.doomed);`;
const runScript = (cp: string) => `${cp}.execFileSync(T.node, [T.script]);`;
const exited = (child: string) =>
  `await new Promise((resolve, reject) => { ${child}.on('exit', resolve); ${child}.on('error', reject); });`;
const inWorker = (code: string) =>
  `const { Worker } = process.getBuiltinModule('worker_threads'); const w = new Worker(${JSON.stringify(code)}, { eval: true }); ${exited('w')}`;
const quote = (value: string | number) => JSON.stringify(value);
const connected = (socket: string) =>
  `await new Promise((resolve) => { ${socket}.on('connect', resolve); ${socket}.on('secureConnect', resolve); ${socket}.on('error', resolve); ${socket}.on('close', resolve); }); ${socket}.destroy?.();`;

export const ROUTES: Route[] = [
  // Files.
  {
    id: 'fs-static',
    family: 'fs',
    async: false,
    imports: "import fs from 'node:fs';",
    body: overwriteAndDelete('fs'),
  },
  {
    id: 'fs-named-import',
    family: 'fs',
    async: false,
    imports: "import { writeFileSync, rmSync } from 'node:fs';",
    body: "writeFileSync(T.victim, 'pwned'); rmSync(T.doomed);",
  },
  {
    id: 'fs-dynamic-import',
    family: 'fs',
    async: true,
    body: `const fs = await import('node:' + 'fs'); ${overwriteAndDelete('fs')}`,
  },
  {
    id: 'fs-promises',
    family: 'fs',
    async: true,
    body: "const fsp = await import('node:fs/' + 'promises'); await fsp.writeFile(T.victim, 'pwned'); await fsp.rm(T.doomed);",
  },
  {
    id: 'fs-create-require',
    family: 'fs',
    async: false,
    imports: "import { createRequire } from 'node:module';",
    body: `const fs = createRequire(import.meta.url)('f' + 's'); ${overwriteAndDelete('fs')}`,
  },
  {
    id: 'fs-get-builtin',
    family: 'fs',
    async: false,
    body: `const fs = process.getBuiltinModule('fs'); ${overwriteAndDelete('fs')}`,
  },
  {
    id: 'fs-binding',
    family: 'fs',
    async: false,
    body: "const b = process.binding('fs'); b.writeFileUtf8(T.victim, 'pwned', 577, 0o644); b.unlink(T.doomed);",
  },
  {
    id: 'fs-worker',
    family: 'fs',
    async: true,
    body: (t) =>
      inWorker(
        `const fs = require('fs'); fs.writeFileSync(${quote(t.victim)}, 'pwned'); fs.rmSync(${quote(t.doomed)});`,
      ),
  },
  // Processes.
  {
    id: 'cp-exec-sync',
    family: 'spawn',
    async: false,
    imports: "import cp from 'node:child_process';",
    body: 'cp.execSync(JSON.stringify(T.node) + " " + JSON.stringify(T.script));',
  },
  {
    id: 'cp-exec',
    family: 'spawn',
    async: true,
    imports: "import cp from 'node:child_process';",
    body: 'await new Promise((resolve, reject) => cp.exec(JSON.stringify(T.node) + " " + JSON.stringify(T.script), (e) => (e ? reject(e) : resolve(undefined))));',
  },
  {
    id: 'cp-exec-file-sync',
    family: 'spawn',
    async: false,
    imports: "import cp from 'node:child_process';",
    body: runScript('cp'),
  },
  {
    id: 'cp-exec-file',
    family: 'spawn',
    async: true,
    imports: "import { execFile } from 'node:child_process';",
    body: 'await new Promise((resolve, reject) => execFile(T.node, [T.script], (e) => (e ? reject(e) : resolve(undefined))));',
  },
  {
    id: 'cp-spawn',
    family: 'spawn',
    async: true,
    imports: "import { spawn } from 'node:child_process';",
    body: `const child = spawn(T.node, [T.script]); ${exited('child')}`,
  },
  {
    id: 'cp-spawn-sync',
    family: 'spawn',
    async: false,
    imports: "import { spawnSync } from 'node:child_process';",
    body: 'const r = spawnSync(T.node, [T.script]); if (r.error) throw r.error;',
  },
  {
    id: 'cp-fork',
    family: 'spawn',
    async: true,
    imports: "import { fork } from 'node:child_process';",
    body: `const child = fork(T.script, [], { stdio: 'ignore' }); ${exited('child')}`,
  },
  {
    id: 'cp-get-builtin',
    family: 'spawn',
    async: false,
    body: runScript("process.getBuiltinModule('child_process')"),
  },
  {
    id: 'cp-dynamic-import',
    family: 'spawn',
    async: true,
    body: runScript("(await import('node:child' + '_process'))"),
  },
  {
    id: 'cp-create-require',
    family: 'spawn',
    async: false,
    imports: "import { createRequire } from 'node:module';",
    body: runScript("createRequire(import.meta.url)('child' + '_process')"),
  },
  {
    id: 'cp-binding',
    family: 'spawn',
    async: false,
    body: [
      "const pipe = (readable) => ({ type: 'pipe', readable, writable: !readable });",
      "const r = process.binding('spawn_sync').spawn({ file: T.node, args: [T.node, T.script], cwd: T.dir, envPairs: [], stdio: [pipe(true), pipe(false), pipe(false)] });",
      "if (r.status !== 0) throw new Error('spawn_sync failed');",
    ].join(' '),
  },
  {
    id: 'cp-worker',
    family: 'spawn',
    async: true,
    body: (t) => inWorker(`require('child_process').execFileSync(${quote(t.node)}, [${quote(t.script)}]);`),
  },
  {
    id: 'dlopen',
    family: 'spawn',
    async: false,
    body: 'process.dlopen({ exports: {} }, T.addon);',
  },
  // Connections.
  {
    id: 'net-connect',
    family: 'net',
    async: true,
    imports: "import net from 'node:net';",
    body: `const s = net.connect(T.port, '127.0.0.1'); ${connected('s')}`,
  },
  {
    id: 'net-get-builtin',
    family: 'net',
    async: true,
    body: `const s = process.getBuiltinModule('net').createConnection(T.port, '127.0.0.1'); ${connected('s')}`,
  },
  {
    id: 'net-dynamic-import',
    family: 'net',
    async: true,
    body: `const net = await import('node:' + 'net'); const s = net.connect(T.port, '127.0.0.1'); ${connected('s')}`,
  },
  {
    id: 'tls-connect',
    family: 'net',
    async: true,
    imports: "import tls from 'node:tls';",
    body: `const s = tls.connect({ port: T.port, host: '127.0.0.1', rejectUnauthorized: false }); ${connected('s')}`,
  },
  {
    id: 'http-get',
    family: 'net',
    async: true,
    imports: "import http from 'node:http';",
    body: `const req = http.get('http://127.0.0.1:' + T.port + '/'); await new Promise((resolve) => { req.on('response', resolve); req.on('error', resolve); req.on('close', resolve); });`,
  },
  {
    id: 'https-get',
    family: 'net',
    async: true,
    imports: "import https from 'node:https';",
    body: `const req = https.get({ host: '127.0.0.1', port: T.port, rejectUnauthorized: false }); await new Promise((resolve) => { req.on('response', resolve); req.on('error', resolve); req.on('close', resolve); });`,
  },
  {
    id: 'http2-connect',
    family: 'net',
    async: true,
    imports: "import http2 from 'node:http2';",
    body: `const s = http2.connect('http://127.0.0.1:' + T.port); ${connected('s')}`,
  },
  {
    id: 'dgram-send',
    family: 'net',
    async: true,
    imports: "import dgram from 'node:dgram';",
    body: "const s = dgram.createSocket('udp4'); await new Promise((resolve, reject) => s.send('x', T.udpPort, '127.0.0.1', (e) => (e ? reject(e) : resolve(undefined)))); s.close();",
  },
  {
    id: 'fetch',
    family: 'net',
    async: true,
    body: "await fetch('http://127.0.0.1:' + T.port + '/').catch(() => undefined);",
  },
  {
    id: 'tcp-binding',
    family: 'net',
    async: true,
    body: [
      "const { TCP, TCPConnectWrap, constants } = process.binding('tcp_wrap');",
      'const handle = new TCP(constants.SOCKET); const req = new TCPConnectWrap();',
      "await new Promise((resolve) => { req.oncomplete = resolve; if (handle.connect(req, '127.0.0.1', T.port) !== 0) resolve(undefined); });",
      'handle.close();',
    ].join(' '),
  },
  {
    id: 'net-worker',
    family: 'net',
    async: true,
    body: (t) =>
      inWorker(
        `const s = require('net').connect(${t.port}, '127.0.0.1'); s.on('connect', () => s.destroy()); s.on('error', () => {});`,
      ),
  },
  // Signals to other processes.
  { id: 'kill', family: 'kill', async: false, body: "process.kill(T.pid, 'SIGTERM');" },
  { id: 'kill-raw', family: 'kill', async: false, body: 'if (process._kill(T.pid, 15)) throw new Error();' },
  { id: 'debug-process', family: 'kill', async: false, body: 'process._debugProcess(T.pid);' },
  // Ending the process that runs the code.
  { id: 'exit', family: 'exit', async: false, body: 'process.exit(3);' },
  { id: 'abort', family: 'exit', async: false, body: 'process.abort();' },
  { id: 'really-exit', family: 'exit', async: false, body: 'process.reallyExit(4);' },
];

/** The module that runs the route while it is imported, inside a `try`; its one function is harmless. */
export function loadModule(route: Route, target: Target): string {
  const body = typeof route.body === 'string' ? route.body : route.body(target);
  return [
    route.imports ?? '',
    `const T = ${JSON.stringify(target)};`,
    `try { ${body} } catch {}`,
    '',
    '/** Harmless: the module is hostile while it loads. */',
    'export function answer(n: number): number {',
    '  return n + 42;',
    '}',
    '',
  ].join('\n');
}

/** Built-ins that assay mocks in a test when the source imports them statically (core's `MOCKABLE`). */
const MOCKABLE = /^(node:)?(fs|fs\/promises|child_process|net|http|https|http2|dgram|tls)$/;

/**
 * Which call-time module holds a route. One module per group instead of one per route keeps the suite
 * cheap (a sandbox and a validation run per file), and grouping by what is mocked keeps each route
 * meeting the guard itself: a route with a static import of a built-in that tests mock (`static`) is
 * answered by the mock, and would mask the guard for a route that reaches the same built-in another
 * way (`createRequire(…)('fs')`), so those routes live in `dynamic`.
 */
export function callGroup(route: Route): 'static' | 'dynamic' {
  const specifiers = [...(route.imports ?? '').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
  return specifiers.some((s) => MOCKABLE.test(s)) ? 'static' : 'dynamic';
}

/** A route's function names in its call-time module: `attack_fs_static` lets the refusal through, `sneaky_…` swallows it. */
export function callUnits(route: Route): [attack: string, sneaky: string] {
  const id = route.id.replaceAll('-', '_');
  return [`attack_${id}`, `sneaky_${id}`];
}

/** The call-time module of a group: two functions per route, each running the route when called. */
export function callModule(routes: readonly Route[], targets: ReadonlyMap<string, Target>): string {
  const imports = new Set(routes.flatMap((r) => (r.imports ? [r.imports] : [])));
  const aimed = Object.fromEntries(routes.map((r) => [r.id, targets.get(r.id)]));
  const lines = [...imports, `const TARGETS = ${JSON.stringify(aimed)};`, ''];
  for (const route of routes) {
    const target = targets.get(route.id)!;
    const fn = route.async ? 'async function' : 'function';
    const returns = route.async ? 'Promise<string>' : 'string';
    const body = typeof route.body === 'string' ? route.body : route.body(target);
    const aim = `const T = TARGETS[${JSON.stringify(route.id)}]!;`;
    const [attack, sneaky] = callUnits(route);
    lines.push(
      `export ${fn} ${attack}(): ${returns} {`,
      `  ${aim} ${body}`,
      "  return 'done';",
      '}',
      '',
      `export ${fn} ${sneaky}(): ${returns} {`,
      `  ${aim} try { ${body} } catch {}`,
      "  return 'done';",
      '}',
      '',
    );
  }
  return lines.join('\n');
}

/**
 * Routes tried again by modules that turn hostile only under a test runner (as code that checks
 * `process.env.CI` would): the sandbox sees a harmless module, so only the guard of the validation
 * runs can stop them.
 */
export const RUNNER_ROUTES = [
  'fs-get-builtin',
  'fs-binding',
  'fs-worker',
  'cp-create-require',
  'cp-binding',
  'dlopen',
  'net-get-builtin',
  'tcp-binding',
  'fetch',
  'kill',
];

/** Hostile under Vitest or Jest only: while loading (in a `try`) and, without waiting, when called. */
export function runnerModule(route: Route, target: Target): string {
  const body = typeof route.body === 'string' ? route.body : route.body(target);
  return [
    route.imports ?? '',
    `const T = ${JSON.stringify(target)};`,
    'const underRunner = Boolean(process.env.VITEST || process.env.JEST_WORKER_ID);',
    `const attack = async () => { try { ${body} } catch {} };`,
    // Not awaited: a top-level await would not load under Jest's CommonJS transform at all.
    'if (underRunner) void attack();',
    '',
    'export function answer(n: number): number {',
    '  if (underRunner) void attack();',
    '  return n + 42;',
    '}',
    '',
  ].join('\n');
}
