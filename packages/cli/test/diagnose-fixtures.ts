import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

/** Where each runner under test is installed in this repository. */
const RUNNER_DIRS = {
  vitest: join(repo, 'node_modules', 'vitest'),
  jest: join(repo, 'packages', 'jest-plugin', 'node_modules', 'jest'),
} as const;

export type FixtureRunner = keyof typeof RUNNER_DIRS;

/** The test ids of the fixture, as `assay flaky` would list them. */
export const IDS = {
  polluter: 'test/greeting.test.js::greeting > switches to the formal style',
  victim: 'test/greeting.test.js::greeting > greets casually by default',
  innocent: 'test/greeting.test.js::greeting > trims names',
  flaky: 'test/clock.test.js::clock > fails every other run',
};

/**
 * A project with a known polluter/victim pair: one test switches a module-level setting and never
 * switches it back; a later test in the same file relies on the default. `clock.test.js` holds a
 * test that fails on every other run whatever the order (a counter file), which is flaky but not
 * order-dependent. The project's config shuffles tests, as some teams' do.
 */
export function orderFixture(runner: FixtureRunner): string {
  const root = mkdtempSync(join(tmpdir(), `assay-diagnose-${runner}-`));
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(realpathSync(RUNNER_DIRS[runner]), join(root, 'node_modules', runner), 'dir');
  const esm = runner === 'vitest';
  const imports = (names: string, from: string) =>
    esm ? `import { ${names} } from '${from}';\n` : `const { ${names} } = require('${from}');\n`;
  const globals = esm ? imports('describe, expect, test', 'vitest') : '';
  const files: Record<string, string> = {
    'package.json': JSON.stringify({
      name: 'order-fixture',
      private: true,
      // Both configs shuffle: diagnose must still run the file in its written order when it says so.
      ...(esm ? { type: 'module' } : { jest: { transform: {}, testEnvironment: 'node', randomize: true } }),
      devDependencies: { [runner]: '*' },
    }),
    ...(esm ? { 'vitest.config.js': 'export default { test: { sequence: { shuffle: true } } };\n' } : {}),
    'src/greeting.js': `${esm ? 'export ' : ''}const settings = { style: 'casual' };
${esm ? 'export ' : ''}function greeting(name) {
  return settings.style === 'formal' ? \`Good day, \${name}.\` : \`Hi \${name}!\`;
}
${esm ? '' : 'module.exports = { settings, greeting };\n'}`,
    'test/greeting.test.js': `${globals}${imports('greeting, settings', esm ? '../src/greeting.js' : '../src/greeting')}
describe('greeting', () => {
  test('counts the letters of a name', () => {
    expect('Ada'.length).toBe(3);
  });
  test('switches to the formal style', () => {
    settings.style = 'formal'; // never switched back: pollutes later tests
    expect(greeting('Ada')).toBe('Good day, Ada.');
  });
  test('trims names', () => {
    expect(' Ada '.trim()).toBe('Ada');
  });
  test('greets casually by default', () => {
    expect(greeting('Ada')).toBe('Hi Ada!');
  });
  test('keeps initials', () => {
    expect(greeting('A. L.')).toContain('A. L.');
  });
});
`,
    'test/clock.test.js': `${globals}${imports('readFileSync, writeFileSync, existsSync', 'node:fs')}
describe('clock', () => {
  test('fails every other run', () => {
    const file = ${JSON.stringify(join(root, '.runs'))};
    const runs = (existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0) + 1;
    writeFileSync(file, String(runs));
    expect(runs % 2).toBe(0);
  });
  test('ticks', () => {
    expect(1 + 1).toBe(2);
  });
});
`,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
