import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { assay, tempProject } from './history-fixtures.js';

describe('exit codes as --help promises', () => {
  test.each([
    [['--bogus'], "error: unknown option '--bogus'"],
    [['bogus'], "error: unknown command 'bogus'"],
    [['generate', '--concurrency', 'x'], "option '--concurrency <n>' argument 'x' is invalid"],
    [['generate', '--framework', 'mocha'], "argument 'mocha' is invalid. Allowed choices are vitest, jest"],
    [['flaky', '--window', '0'], "option '--window <n>' argument '0' is invalid"],
    [['quarantine', 'add', 'a.test.ts::t'], "required option '--reason <text>' not specified"],
    [['quarantine'], 'Usage: assay quarantine'],
  ])('assay %j exits 2 (bad usage) and says why', (args, message) => {
    const result = assay(args, tempProject());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test('--help and --version exit 0', () => {
    const root = tempProject();
    expect(assay(['--help'], root)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Usage: assay'),
    });
    expect(assay(['generate', '--help'], root)).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('2 on bad usage'),
    });
    expect(assay(['--version'], root).code).toBe(0);
  });

  test('generate with a path that does not exist says so and exits 2 before generating', () => {
    const root = tempProject();
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src/a.ts'), 'export const one = () => 1;\n');
    const result = assay(['generate', 'src', 'lib/missing.ts'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('lib/missing.ts does not exist');
    expect(result.stderr).not.toContain('No source files found');
    expect(result.stdout).toBe('');
  });
});

describe('generate without a coverage provider', () => {
  test('prints the install command for the package manager, skips the loop and still generates', () => {
    // A project with Vitest but not @vitest/coverage-v8 (outside the repository, so nothing else resolves).
    const root = tempProject();
    const vitest = realpathSync(fileURLToPath(new URL('../../../node_modules/vitest', import.meta.url)));
    mkdirSync(join(root, 'node_modules'));
    symlinkSync(vitest, join(root, 'node_modules/vitest'), 'dir');
    writeFileSync(join(root, 'package.json'), '{ "type": "module", "devDependencies": { "vitest": "*" } }');
    writeFileSync(join(root, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n");
    mkdirSync(join(root, 'src'));
    writeFileSync(
      join(root, 'src/sign.ts'),
      'export const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);\n',
    );
    const result = assay(['generate', 'src', '--json', '--no-property'], root);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('@vitest/coverage-v8 is not installed');
    expect(result.stderr).toContain('the coverage-gap loop is skipped');
    const version = JSON.parse(readFileSync(join(vitest, 'package.json'), 'utf8')).version;
    expect(result.stderr).toContain(`Install it with: pnpm add -D @vitest/coverage-v8@${version}`);
    const report = JSON.parse(result.stdout);
    expect(report.files[0].status).toBe('written');
    expect(report.files[0].coverage?.iterations ?? []).toHaveLength(report.files[0].coverage ? 1 : 0);
  });
});
