import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

/** The built server, as clients start it. `pnpm test` builds before testing. */
const BIN = fileURLToPath(new URL('../bin/assay-mcp.js', import.meta.url));

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

test('--help links the set-up page of the docs site (docs/ is not in the package)', () => {
  const help = run(['--help']);
  expect(help.status).toBe(0);
  expect(help.stdout).toContain('Usage: assay-mcp [--root <dir>]');
  expect(help.stdout).toContain('https://assay-dev.github.io/assay/mcp');
  expect(help.stdout).not.toContain('docs/mcp.md');
});

test('an unknown argument exits 2 naming it, with the usage', () => {
  const bad = run(['--rot', '.']);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toContain('assay-mcp: unknown argument "--rot".');
  expect(bad.stderr).toContain('Usage: assay-mcp');
});
