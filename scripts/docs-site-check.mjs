// Checks the built documentation site in a real browser: serves docs/.vitepress/dist the way GitHub
// Pages serves it (under /assay/, clean URLs), loads pages in headless Chromium and asserts that each
// rendered page holds its heading and the site's navigation. Run after `pnpm docs:build`:
//   node scripts/docs-site-check.mjs [--browser <path>]   (default: chromium on the PATH)
// Not part of `pnpm test`: CI machines have no browser. Exits 1 naming every page that fails.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', '.vitepress', 'dist');
const BASE = '/assay/';
const browserFlag = process.argv.indexOf('--browser');
const BROWSER = browserFlag > 0 ? process.argv[browserFlag + 1] : 'chromium';
/** Hang guard for one page load on a busy machine, not a budget. */
const PAGE_HANG_GUARD_MS = 120_000;

/** Each page and what its rendered DOM must contain. */
const PAGES = [
  { path: '', heading: 'assay', text: 'Tell flaky tests from broken ones' },
  { path: 'reference/cli', heading: 'Command-line reference', text: 'assay generate' },
  { path: 'reference/config', heading: 'Configuration reference', text: 'GenerateOptions' },
  // The anchor a quarantine-file error links to (DOCS_SITE in @assay/history).
  {
    path: 'flaky-tests',
    heading: 'Flaky tests: find them, quarantine them, keep the build honest',
    text: 'id="_3-quarantine-a-test"',
  },
  // A link out of docs/ points at the file in the repository.
  {
    path: 'spec',
    heading: 'Tests from EARS requirements: assay spec',
    text: 'href="https://github.com/assay-dev/assay/blob/main/bench/spec/README.md"',
  },
];

if (!existsSync(join(DIST, 'index.html'))) {
  console.error(`docs-site-check: ${DIST} has no index.html: run \`pnpm docs:build\` first.`);
  process.exit(1);
}

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/** GitHub Pages' lookup: /assay/x → x.html, /assay/x/ → x/index.html, else 404.html. */
function fileFor(url) {
  const pathname = decodeURIComponent(new URL(url, 'http://x').pathname);
  if (!pathname.startsWith(BASE)) return undefined;
  const rel = normalize(pathname.slice(BASE.length)).replace(/^(\.\.[/\\])+/, '');
  for (const candidate of [rel, `${rel}.html`, join(rel, 'index.html')]) {
    const file = join(DIST, candidate);
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return undefined;
}

const server = createServer((req, res) => {
  const file = fileFor(req.url ?? '/');
  res.writeHead(file ? 200 : 404, {
    'content-type': TYPES[extname(file ?? '.html')] ?? 'application/octet-stream',
  });
  res.end(readFileSync(file ?? join(DIST, '404.html')));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const failures = [];
try {
  for (const page of PAGES) {
    const url = `${origin}${BASE}${page.path}`;
    let dom;
    try {
      ({ stdout: dom } = await promisify(execFile)(
        BROWSER,
        ['--headless', '--no-sandbox', '--disable-gpu', '--virtual-time-budget=10000', '--dump-dom', url],
        { timeout: PAGE_HANG_GUARD_MS, maxBuffer: 64 * 1024 * 1024 },
      ));
    } catch (error) {
      if (error.code === 'ENOENT') {
        console.error(
          `docs-site-check: no browser "${BROWSER}": install Chromium (apt-get install chromium) or pass --browser <path>.`,
        );
        process.exit(1);
      }
      failures.push(`${url}: the browser failed: ${error.message.split('\n')[0]}`);
      continue;
    }
    const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/
      .exec(dom)?.[1]
      ?.replace(/<[^>]+>/g, '')
      .replace(/[\u200b\s]+/g, ' ')
      .trim();
    const problems = [];
    if (h1 !== page.heading)
      problems.push(`heading is ${JSON.stringify(h1)}, expected ${JSON.stringify(page.heading)}`);
    if (!dom.includes(page.text)) problems.push(`no ${JSON.stringify(page.text)} in the page`);
    if (!dom.includes('Reference (generated from the sources)')) problems.push('no sidebar');
    console.log(
      `${problems.length ? '✗' : '✓'} ${BASE}${page.path} ${problems.length ? problems.join('; ') : `"${h1}"`}`,
    );
    if (problems.length) failures.push(`${url}: ${problems.join('; ')}`);
  }
} finally {
  server.close();
}
if (failures.length) {
  console.error(`docs-site-check: ${failures.length} page(s) failed:\n${failures.join('\n')}`);
  process.exit(1);
}
