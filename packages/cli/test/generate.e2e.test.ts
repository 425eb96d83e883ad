import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';

/** The built CLI, as users run it. `pnpm test` builds before testing. */
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

function assay(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('assay generate', () => {
  let project: string;
  beforeEach(() => {
    project = fileURLToPath(new URL(`./.tmp/project-${process.pid}-${Date.now()}`, import.meta.url));
    fs.mkdirSync(path.join(project, 'src', 'nested'), { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), '{ "type": "module" }');
    fs.writeFileSync(
      path.join(project, 'src', 'nested', 'grade.ts'),
      `export function grade(score: number): 'A' | 'B' | 'F' {
  if (score < 0 || score > 100) throw new RangeError('score out of range');
  if (score >= 90) return 'A';
  return score >= 70 ? 'B' : 'F';
}\n`,
    );
  });
  afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

  test('writes tests under --out-dir mirroring the source tree and exits 0', () => {
    const { code, stdout } = assay(['generate', 'src', '--out-dir', 'test/generated'], project);
    expect(code).toBe(0);
    const output = path.join(project, 'test/generated/src/nested/grade.assay.test.ts');
    expect(stdout).toContain('src/nested/grade.ts → test/generated/src/nested/grade.assay.test.ts');
    const written = fs.readFileSync(output, 'utf8');
    expect(written).toContain("from '../../../../src/nested/grade'");
    expect(written).toContain("toThrow('score out of range')");
    for (const grade of ["'A'", "'B'", "'F'"]) expect(written).toContain(grade);
    // The coverage-gap loop ran the file with the project's Vitest and reports what it measured.
    expect(stdout).toMatch(
      /coverage \(vitest [\d.]+\): lines \d+(\.\d)?%, branches .* target 85% (met|not met) \[before 0% → #0 \d/,
    );
  });

  test('--json prints only the report, on stdout', () => {
    const { code, stdout } = assay(
      ['generate', 'src/nested/grade.ts', '--json', '--coverage-target', '100', '--max-iterations', '1'],
      project,
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.files[0].coverage).toMatchObject({
      runner: { name: 'vitest' },
      target: 100,
      before: { lines: { covered: 0 } },
      dropped: [],
    });
    expect(report.files[0].coverage.iterations.length).toBeGreaterThanOrEqual(1);
    expect(report.files[0].coverage.iterations.length).toBeLessThanOrEqual(2);
    expect(report.files[0].coverage.final.lines.total).toBeGreaterThan(0);
    expect(report.files).toHaveLength(1);
    expect(report.files[0]).toMatchObject({
      source: 'src/nested/grade.ts',
      status: 'written',
      output: 'src/nested/grade.assay.test.ts',
    });
    expect(report.totals.tests).toBeGreaterThanOrEqual(4);
  });

  test("with assay's plugin in the project's Vitest config, generating records nothing in its history", () => {
    fs.writeFileSync(
      path.join(project, 'vitest.config.ts'),
      "import assay from '@assay/vitest-plugin';\nimport { defineConfig } from 'vitest/config';\nexport default defineConfig({ plugins: [assay()] });\n",
    );
    const runs = path.join(project, '.assay', 'runs');
    const { code } = assay(['generate', 'src/nested/grade.ts'], project);
    expect(code).toBe(0);
    // Validation ran the generated file with the project's Vitest (and so with the plugin) three times.
    expect(fs.existsSync(path.join(project, 'src/nested/grade.assay.test.ts'))).toBe(true);
    expect(fs.existsSync(runs) ? fs.readdirSync(runs).filter((f) => !f.startsWith('.')) : []).toEqual([]);
    // The user's own run is recorded as before.
    const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));
    const user = spawnSync(process.execPath, [vitest, 'run'], { cwd: project, encoding: 'utf8' });
    expect(user.status).toBe(0);
    expect(fs.readdirSync(runs).filter((f) => !f.startsWith('.'))).toHaveLength(1);
  });

  test('exits 1 and names the file when a user-owned file is in the way, leaving it untouched', () => {
    const mine = path.join(project, 'src/nested/grade.assay.test.ts');
    fs.writeFileSync(mine, 'hand written');
    const { code, stdout } = assay(['generate', 'src'], project);
    expect(code).toBe(1);
    expect(stdout).toContain('output-conflict');
    expect(stdout).toContain(mine);
    expect(fs.readFileSync(mine, 'utf8')).toBe('hand written');
  });

  test('exits 2 with a clear message for a path that does not exist', () => {
    const { code, stderr } = assay(['generate', 'missing'], project);
    expect(code).toBe(2);
    expect(stderr).toContain('missing does not exist');
  });

  test('rejects an unknown framework or a bad coverage target before doing any work', () => {
    const bad = assay(['generate', 'src', '--coverage-target', '150'], project);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("option '--coverage-target <percent>' argument '150' is invalid");
    const { code, stderr } = assay(['generate', 'src', '--framework', 'mocha'], project);
    expect(code).not.toBe(0);
    expect(stderr).toContain('Allowed choices are vitest, jest');
  });
});

describe('assay generate on a whole project', () => {
  let project: string;
  const grade = `export function grade(score: number): 'A' | 'F' {
  return score >= 50 ? 'A' : 'F';
}\n`;
  beforeEach(() => {
    project = fileURLToPath(new URL(`./.tmp/whole-${process.pid}-${Date.now()}`, import.meta.url));
    const files: Record<string, string> = {
      'package.json': '{ "type": "module" }',
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
      'src/grade.ts': grade,
      'src/grade.test.ts': "import { test } from 'vitest';\ntest('mine', () => {});\n",
      'src/proto.ts': `// @generated by protoc. DO NOT EDIT.\n${grade}`,
      'src/broken.ts': 'export function broken( {\n',
      'scripts/release.ts': grade,
    };
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
      fs.writeFileSync(path.join(project, name), content);
    }
  });
  afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

  test('with no path, takes the sources of tsconfig.json; a broken file fails alone; progress lines on stderr', () => {
    const { code, stdout, stderr } = assay(['generate', '--no-validate'], project);
    expect(code).toBe(1);
    expect(stdout).toContain('✓ src/grade.ts → src/grade.assay.test.ts');
    expect(stdout).toContain('✗ src/broken.ts');
    expect(stdout).toContain('parse-error');
    expect(stdout).not.toContain('proto.ts');
    expect(stdout).not.toContain('release.ts');
    expect(fs.existsSync(path.join(project, 'src/grade.assay.test.ts'))).toBe(true);
    // Not a terminal: one plain line per file, no bar.
    expect(stderr).toContain('assay generate: 2 source files');
    expect(stderr).toMatch(/\[\d\/2 \d+ s\] ✓ src\/grade\.ts \(\d+ tests, [\d.]+ s\)/);
    expect(stderr).toMatch(/\[\d\/2 \d+ s\] ✗ src\/broken\.ts/);
  });

  test('a second run skips every unchanged file and says so; --json prints nothing but the report', () => {
    assay(['generate', '--no-validate'], project);
    const again = assay(['generate', '--no-validate'], project);
    expect(again.stdout).toContain('= 2 files unchanged since the last run');
    expect(again.stdout).toContain('1 of them failed then');
    expect(again.stderr).toContain('= src/grade.ts (cached)');

    const json = assay(['generate', '--no-validate', '--json'], project);
    expect(json.stderr).toBe('');
    const report = JSON.parse(json.stdout);
    expect(report.totals).toMatchObject({ files: 2, cached: 2, failed: 1 });
  });

  test('--exclude leaves sources out; a bad option in the config is an error naming it', () => {
    const excluded = assay(['generate', '--no-validate', '--exclude', 'src/broken.ts', '--json'], project);
    expect(excluded.code).toBe(0);
    expect(JSON.parse(excluded.stdout).files.map((f: { source: string }) => f.source)).toEqual([
      'src/grade.ts',
    ]);

    fs.writeFileSync(path.join(project, 'assay.config.json'), '{ "generate": { "concurrency": "many" } }');
    const bad = assay(['generate', '--no-validate'], project);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      'assay.config.json: generate.concurrency: expected a whole number of at least 1',
    );
  });
});

describe('assay generate with assay.config.ts', () => {
  let project: string;
  beforeEach(() => {
    project = fileURLToPath(new URL(`./.tmp/config-${process.pid}-${Date.now()}`, import.meta.url));
    fs.mkdirSync(path.join(project, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(project, 'package.json'), '{ "type": "module" }');
    fs.writeFileSync(
      path.join(project, 'lib', 'half.ts'),
      'export const half = (n: number): number => n / 2;\n',
    );
    fs.writeFileSync(
      path.join(project, 'assay.config.ts'),
      `export default {
  generate: {
    paths: ['lib'],
    outDir: 'from-config',
    templates: { describe: ({ code }: { code: string }) => \`// house style\\n\${code}\` },
  },
};\n`,
    );
  });
  afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

  test('takes paths, options and templates from the config when the command line gives none', () => {
    const { code } = assay(['generate'], project);
    expect(code).toBe(0);
    const written = fs.readFileSync(path.join(project, 'from-config/lib/half.assay.test.ts'), 'utf8');
    expect(written).toContain('// house style');
  });

  test('command-line flags override the config', () => {
    const { code } = assay(['generate', 'lib/half.ts', '--out-dir', 'from-flag'], project);
    expect(code).toBe(0);
    expect(fs.existsSync(path.join(project, 'from-flag/lib/half.assay.test.ts'))).toBe(true);
    expect(fs.existsSync(path.join(project, 'from-config'))).toBe(false);
  });

  test('a broken config is a clear error naming the file', () => {
    fs.writeFileSync(
      path.join(project, 'assay.config.ts'),
      'export default { generate: { paths: "lib" } };\n',
    );
    const { code, stderr } = assay(['generate'], project);
    expect(code).toBe(2);
    expect(stderr).toContain('assay.config.ts: generate.paths: expected an array of strings');
  });
});
