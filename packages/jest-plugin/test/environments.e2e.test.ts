import { afterAll, describe, expect, test } from 'vitest';
import { byId, quarantineJson, recordedTests, withPlugin } from './fixtures.js';
import { cleanup, createProject, JESTS, runJest } from './project.js';

afterAll(cleanup);

const TYPED = `import { quarantined } from '@assay/jest-plugin/runtime';

interface Point { x: number; y: number }
const length = (p: Point): number => Math.hypot(p.x, p.y);

describe('typed', () => {
  test('measures', () => {
    const p: Point = { x: 3, y: 4 };
    expect(length(p)).toBe(5);
  });
  test('reconnects', () => {
    expect('late' as string).toBe('on time');
  });
  test('marked', quarantined('upstream bug', (): void => {
    expect(1 as number).toBe(2);
  }));
});
`;

const TRANSFORMS: { name: string; config: string; files?: Record<string, string> }[] = [
  { name: '@swc/jest', config: `transform: { '^.+\\\\.(t|j)sx?$': '@swc/jest' },` },
  { name: 'ts-jest', config: `transform: { '^.+\\\\.tsx?$': ['ts-jest', { diagnostics: false }] },` },
  {
    name: 'babel-jest',
    config: `transform: { '^.+\\\\.[jt]sx?$': 'babel-jest' },`,
    files: {
      'babel.config.js': `module.exports = { presets: ['@babel/preset-typescript'], plugins: ['@babel/plugin-transform-modules-commonjs'] };\n`,
    },
  },
];

const cases = JESTS.flatMap((jest) => TRANSFORMS.map((transform) => ({ jest, transform })));

describe.concurrent.each(cases)('$jest.label with $transform.name', ({ jest, transform }) => {
  test('TypeScript tests are recorded under the same ids; list and marker quarantine them', async () => {
    const root = createProject(jest, {
      ...withPlugin('{}', transform.config),
      ...transform.files,
      ...quarantineJson([{ id: 'src/typed.test.ts::typed > reconnects' }]),
      'src/typed.test.ts': TYPED,
    });
    const result = await runJest(jest, root);
    expect(result.stderr).toContain('quarantined failures, not failing the build (2)');
    expect(result.code).toBe(0);
    expect(byId((await recordedTests(root))[0]!)).toEqual({
      'src/typed.test.ts::typed > measures': expect.objectContaining({ state: 'passed' }),
      'src/typed.test.ts::typed > reconnects': expect.objectContaining({
        state: 'failed',
        quarantined: true,
      }),
      'src/typed.test.ts::typed > marked': expect.objectContaining({ state: 'failed', quarantined: true }),
    });
  });
});

describe.concurrent.each(JESTS)('$label in an ES module project', (jest) => {
  test('an ESM jest.config.js in a "type": "module" package resolves every entry', async () => {
    const root = createProject(jest, {
      'package.json': '{ "name": "fixture", "type": "module" }\n',
      'jest.config.js': `export default {
  reporters: ['default', ['@assay/jest-plugin/reporter', { retry: 1 }]],
  testEnvironment: '@assay/jest-plugin/environment',
  setupFilesAfterEnv: ['@assay/jest-plugin/setup'],
  transform: { '^.+\\\\.ts$': '@swc/jest' },
};
`,
      ...quarantineJson([{ id: 'src/typed.test.ts::typed > reconnects' }]),
      'src/typed.test.ts': TYPED,
    });
    const result = await runJest(jest, root);
    expect(result.code).toBe(0);
    expect(byId((await recordedTests(root))[0]!)).toEqual({
      'src/typed.test.ts::typed > measures': expect.objectContaining({ state: 'passed', retries: 0 }),
      'src/typed.test.ts::typed > reconnects': expect.objectContaining({
        state: 'failed',
        retries: 1,
        quarantined: true,
      }),
      'src/typed.test.ts::typed > marked': expect.objectContaining({
        state: 'failed',
        retries: 1,
        quarantined: true,
      }),
    });
  });
});

const DOM_TEST = `const { quarantined } = require('@assay/jest-plugin/runtime');
test('has a document', () => {
  document.body.innerHTML = '<p id="x">hi</p>';
  expect(document.getElementById('x').textContent).toBe('hi');
});
test('marked', quarantined('layout differs on CI', () => { throw new Error('never runs in skip mode'); }));
`;

describe.concurrent.each(JESTS)('wrapped environments on $label', (jest) => {
  test('jsdom, asked through testEnvironmentOptions, runs DOM tests with quarantine applied', async () => {
    const root = createProject(jest, {
      ...withPlugin(
        "{ quarantine: { mode: 'skip' } }",
        "testEnvironmentOptions: { assay: { environment: 'jsdom' } },",
      ),
      'dom.test.js': DOM_TEST,
      // The jsdom environment installed is that of the Jest under test (29 for Jest 29).
      'version.test.js': `test('jsdom of jest ${jest.major}', () => {
  expect(require('jest-environment-jsdom/package.json').version).toMatch(/^${jest.major}\\./);
  expect(typeof window).toBe('object');
});
`,
    });
    const result = await runJest(jest, root);
    expect(result.code).toBe(0);
    expect(byId((await recordedTests(root))[0]!)).toEqual({
      [`version.test.js::jsdom of jest ${jest.major}`]: expect.objectContaining({ state: 'passed' }),
      'dom.test.js::has a document': expect.objectContaining({ state: 'passed' }),
      'dom.test.js::marked': expect.objectContaining({ state: 'skipped', quarantined: true }),
    });
  });

  test('a @assay-environment docblock picks the environment of one file', async () => {
    const root = createProject(jest, {
      ...withPlugin(),
      'dom.test.js': `/** @assay-environment jsdom */\ntest('dom', () => expect(typeof document).toBe('object'));\n`,
      'node.test.js': `test('node', () => expect(typeof document).toBe('undefined'));\n`,
    });
    expect((await runJest(jest, root)).code).toBe(0);
  });

  test('an environment that cannot be found is named, with what to install', async () => {
    const root = createProject(jest, {
      ...withPlugin('{}', "testEnvironmentOptions: { assay: { environment: 'happy-dom' } },"),
      'a.test.js': "test('a', () => {});\n",
    });
    const result = await runJest(jest, root);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ASSAY_JEST_ENVIRONMENT_NOT_FOUND');
    expect(result.stderr).toContain('jest-environment-happy-dom');
  });
});

describe.concurrent.each(JESTS.filter((jest) => jest.major >= 30))('$label event handlers', (jest) => {
  // jest-circus 30 awaits every handler on every event, and each await allocates under its
  // AsyncLocalStorage: assay's handler runs inside circus's own instead (bench/jest-overhead).
  test('the environment adds no awaited handler of its own; skip mode still keeps a test from running', async () => {
    const root = createProject(jest, {
      ...withPlugin("{ quarantine: { mode: 'skip' } }"),
      ...quarantineJson([{ id: 'handlers.test.js::skipped' }]),
      'handlers.test.js': `const handlers = globalThis[Symbol.for('EVENT_HANDLERS')];
test('circus handlers', () => {
  expect(Array.isArray(handlers)).toBe(true);
  expect(handlers.map((handler) => handler.name).filter((name) => name.startsWith('bound '))).toEqual([]);
});
test('skipped', () => {
  throw new Error('quarantined in skip mode: must not run');
});
`,
    });
    const result = await runJest(jest, root);
    expect(result.code).toBe(0);
    expect(byId((await recordedTests(root))[0]!)).toEqual({
      'handlers.test.js::circus handlers': expect.objectContaining({ state: 'passed' }),
      'handlers.test.js::skipped': expect.objectContaining({ state: 'skipped' }),
    });
  });
});
