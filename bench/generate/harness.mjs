// Side-effect-free helpers shared by the generation benchmarks (bench/generate, bench/coverage-loop):
// running commands, fetching npm tarballs, copying a module with its relative imports, snapshotting the
// assay build. Importing this file does nothing; bench/generate/run.mjs runs its benchmark on import.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ts = createRequire(path.join(REPO, 'package.json'))('typescript');

/** Runs a command; resolves with exit code, output and wall time. Never rejects. */
export function run(command, args, { cwd, timeoutMs, env }) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ code, signal, stdout, stderr, ms, timedOut });
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, stdout, stderr: String(error), ms: 0, timedOut });
    });
  });
}

export const median = (values) => {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
};

/** Downloads name@version with `npm pack` (once), checks its integrity, extracts it; returns the package dir. */
export function fetchPackage({ package: name, version, integrity }, work) {
  const safe = `${name.replace('/', '+')}@${version}`;
  const dest = path.join(work, 'pkgs', safe);
  const pkgDir = path.join(dest, 'package');
  if (fs.existsSync(path.join(pkgDir, 'package.json'))) return pkgDir;
  const tarballs = path.join(work, 'tarballs');
  fs.mkdirSync(tarballs, { recursive: true });
  const out = execFileSync(
    'npm',
    ['pack', `${name}@${version}`, '--json', '--silent', '--pack-destination', tarballs],
    { cwd: work, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const [info] = JSON.parse(out.slice(out.indexOf('[')));
  const tarball = path.join(tarballs, info.filename);
  const actual = `sha512-${crypto.createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`;
  if (integrity && actual !== integrity) {
    throw new Error(`${name}@${version}: integrity ${actual} does not match corpus.json (${integrity})`);
  }
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', dest]);
  return pkgDir;
}

/**
 * The module and every file it reaches through relative imports (including type-only ones).
 * TypeScript files only, unless `js` is set: then .js/.cjs/.mjs files and `require()` calls count too.
 * `aliases`: [prefix, folder] pairs from tsconfig `paths` (`['@/', 'src/']`).
 */
export function collectLocalFiles(pkgDir, entry, { js = false, aliases = [] } = {}) {
  const files = new Set();
  const external = new Set();
  const unresolved = [];
  const visit = (rel) => {
    if (files.has(rel)) return;
    files.add(rel);
    const text = fs.readFileSync(path.join(pkgDir, rel), 'utf8');
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      const alias = aliases.find(([prefix]) => ref.fileName.startsWith(prefix));
      // `@/container/Stack` with tsconfig `paths: { "@/*": ["src/*"] }`: relative to the package root.
      const spec = alias ? `/${alias[1]}${ref.fileName.slice(alias[0].length)}` : ref.fileName;
      if (!spec.startsWith('.') && !alias) {
        external.add(spec);
        continue;
      }
      const base = alias ? spec.slice(1) : path.posix.join(path.posix.dirname(rel), spec);
      const stem = base.replace(/\.(m|c)?js$/, '');
      const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.d.ts`, `${base}/index.ts`];
      if (js) candidates.push(`${base}.js`, `${base}.cjs`, `${base}.mjs`, `${base}/index.js`);
      const fits = js
        ? (c) => /\.(tsx?|[cm]?js)$/.test(c) && !c.endsWith('.d.ts') && isFile(path.join(pkgDir, c))
        : (c) => /\.tsx?$/.test(c) && fs.existsSync(path.join(pkgDir, c));
      const found = candidates.find(fits);
      if (found) visit(found);
      else unresolved.push(`${rel}: ${spec}`);
    }
  };
  visit(entry);
  return { files: [...files], external: [...external], unresolved };
}

const isFile = (p) => {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false; // missing, or a path through a file (`package.json/index.ts`)
  }
};

function buildFingerprint() {
  let newest = 0;
  const packages = path.join(REPO, 'packages');
  for (const pkg of fs.readdirSync(packages)) {
    const dist = path.join(packages, pkg, 'dist');
    if (!fs.existsSync(dist)) continue;
    newest = Math.max(newest, fs.statSync(dist).mtimeMs);
    for (const f of fs.readdirSync(dist)) newest = Math.max(newest, fs.statSync(path.join(dist, f)).mtimeMs);
  }
  return newest;
}

/**
 * Copies the built CLI and the workspace packages it reaches (package.json + dist) to .work/assay-build/,
 * linking their third-party dependencies to the real ones. The tree is shared and rebuilt often by
 * others; a snapshot keeps one build for the whole run. Retries if a rebuild happened while copying.
 */
export function snapshotBuild(work) {
  const packages = path.join(REPO, 'packages');
  const snap = path.join(work, 'assay-build');
  for (let attempt = 1; attempt <= 5; attempt++) {
    const before = buildFingerprint();
    fs.rmSync(snap, { recursive: true, force: true });
    const done = new Set();
    const copyPackage = (name) => {
      if (done.has(name)) return;
      done.add(name);
      const from = path.join(packages, name);
      const to = path.join(snap, 'packages', name);
      fs.mkdirSync(path.join(to, 'node_modules'), { recursive: true });
      fs.copyFileSync(path.join(from, 'package.json'), path.join(to, 'package.json'));
      fs.cpSync(path.join(from, 'dist'), path.join(to, 'dist'), { recursive: true });
      const modules = path.join(from, 'node_modules');
      if (!fs.existsSync(modules)) return;
      const entries = fs.readdirSync(modules).flatMap((e) => {
        if (e.startsWith('.')) return [];
        if (!e.startsWith('@')) return [e];
        return fs.readdirSync(path.join(modules, e)).map((sub) => `${e}/${sub}`);
      });
      for (const dep of entries) {
        const real = fs.realpathSync(path.join(modules, dep));
        const rel = path.relative(packages, real);
        let target = real;
        if (!rel.startsWith('..') && !rel.includes(`${path.sep}node_modules`)) {
          const workspacePackage = rel.split(path.sep)[0];
          if (!fs.existsSync(path.join(packages, workspacePackage, 'dist'))) continue;
          copyPackage(workspacePackage);
          target = path.join(snap, 'packages', workspacePackage);
        }
        const link = path.join(to, 'node_modules', dep);
        fs.mkdirSync(path.dirname(link), { recursive: true });
        fs.symlinkSync(target, link, 'dir');
      }
    };
    copyPackage('cli');
    if (buildFingerprint() === before)
      return { cli: path.join(snap, 'packages/cli/dist/bin.js'), builtAt: before };
    console.warn(`the assay build changed while it was copied; trying again (${attempt}/5)`);
    execFileSync('sleep', ['5']);
  }
  throw new Error('the assay build kept changing while it was copied; try again when no build is running');
}

const FAST_CHECK_DIR = fs.realpathSync(path.join(REPO, 'packages/property/node_modules/fast-check'));

/**
 * A benchmark's corpus.json whose entries point into other corpora (`{ from: 'generate', id }`), each
 * resolved to the full entry (package, version, integrity, module) of `bench/<from>/corpus.json`.
 */
export function readCorpus(benchDir, file = 'corpus.json') {
  const own = JSON.parse(fs.readFileSync(path.join(benchDir, file), 'utf8')).modules;
  const others = {};
  for (const name of new Set(own.map((m) => m.from))) {
    const corpusFile = path.join(benchDir, '..', name, 'corpus.json');
    others[name] = JSON.parse(fs.readFileSync(corpusFile, 'utf8')).modules;
  }
  return own.map(({ from, id }) => {
    const entry = others[from].find((m) => m.id === id);
    if (!entry) throw new Error(`${file}: ${id} is not in bench/${from}/corpus.json`);
    return { ...entry, from };
  });
}

/**
 * A scratch project at `dir` holding the module and every file it reaches through relative imports,
 * a strict tsconfig, a Vitest config for `*.assay.test.ts`, and fast-check declared (and linked) so that
 * property tests can be written. Returns the folder and the module's path in it.
 */
export function scratchProject(entry, pkgDir, dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  const srcRoot = entry.srcRoot ?? 'src';
  const { files } = collectLocalFiles(pkgDir, entry.module);
  for (const rel of files) {
    const to = path.join(dir, 'src', path.posix.relative(srcRoot, rel));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(path.join(pkgDir, rel), to);
  }
  const moduleRel = path.join('src', path.posix.relative(srcRoot, entry.module)).split(path.sep).join('/');
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  // Property tests import fast-check; vitest and @vitest/coverage-v8 resolve from the monorepo root.
  fs.symlinkSync(FAST_CHECK_DIR, path.join(dir, 'node_modules/fast-check'), 'dir');
  const fastCheck = JSON.parse(fs.readFileSync(path.join(FAST_CHECK_DIR, 'package.json'), 'utf8')).version;
  const json = (file, value) => fs.writeFileSync(path.join(dir, file), `${JSON.stringify(value, null, 2)}\n`);
  json('package.json', {
    name: `assay-bench-${entry.id}`,
    private: true,
    type: 'module',
    devDependencies: { 'fast-check': fastCheck },
  });
  json('tsconfig.json', {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      lib: ['ES2022', 'DOM'],
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      experimentalDecorators: true,
      types: [],
    },
    include: ['src'],
  });
  fs.writeFileSync(
    path.join(dir, 'vitest.config.mjs'),
    `export default { test: { include: ['src/**/*.assay.test.ts'], watch: false } };\n`,
  );
  return { dir, moduleRel };
}
