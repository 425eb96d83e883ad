import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateTests } from '../src/index.js';
import { makeRunnerProject } from './helpers.js';

// Functions that return async functions: one retries with backoff timers until its task's result is
// ok (or gives up and rejects), one resolves after a delay.
const RETRY = `export interface Attempt {
  ok: boolean;
  value: string;
}

/** Runs \`task\` until its result is ok, waiting delayMs, 2 × delayMs, 4 × delayMs … in between. */
export function retrying(
  task: () => Promise<Attempt>,
  options: { retries: number; delayMs: number },
): (label: string) => Promise<string> {
  return async (label) => {
    for (let attempt = 0; ; attempt++) {
      const result = await task();
      if (result.ok) return \`\${label}: \${result.value}\`;
      if (attempt >= options.retries) throw new Error(\`\${label}: gave up after \${attempt + 1} attempts\`);
      await new Promise((resolve) => setTimeout(resolve, options.delayMs * 2 ** attempt));
    }
  };
}

/** Resolves to \`value\` after \`ms\` milliseconds. */
export function later(value: string, ms: number): () => Promise<string> {
  return () => new Promise((resolve) => setTimeout(() => resolve(value), ms));
}
`;

const require = createRequire(import.meta.url);
const bins = {
  vitest: [path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs'), 'run'],
  jest: [path.join(path.dirname(require.resolve('jest/package.json')), 'bin/jest.js'), '--ci'],
};

describe.each([
  ['vitest', 'vi'],
  ['jest', 'jest'],
] as const)('returned async functions, with %s', (framework, api) => {
  let root: string;
  let code: string;

  beforeAll(async () => {
    root = fileURLToPath(new URL(`./.tmp/returned-async-${framework}-${process.pid}`, import.meta.url));
    fs.mkdirSync(path.join(root, 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src/retry.ts'), RETRY);
    makeRunnerProject(root, framework);
    await generateTests({
      root,
      paths: ['src'],
      framework,
      callTimeoutMs: 2000,
      validate: false,
      property: false,
    });
    code = fs.readFileSync(path.join(root, 'src/retry.assay.test.ts'), 'utf8');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('calls what the unit returned under fake timers, runs them, and asserts how each promise settled', () => {
    expect(code).toMatch(/returns an async function: \d+ calls?, awaited( over \d+ ms)? → resolves/);
    expect(code).toMatch(/const call1 = expect\(returned\('[^']*'\)\)\.resolves\.toBe\('[^']*: [^']*'\);/);
    expect(code).toContain(`await ${api}.runAllTimersAsync();\n    await call1;`);
    // The retry loop's backoff timers ran: it gave up after more than one attempt.
    expect(code).toMatch(/\.rejects\.toThrow\(': gave up after ([2-9]|\d{2,}) attempts'\);/);
    expect(code).toMatch(/expect\(task\)\.toHaveBeenCalledTimes\(([2-9]|\d{2,})\);/);
    // A delayed value resolves once the clock ran.
    expect(code).toMatch(
      /later\('[^']*', -?\d+\)[\s\S]*?const call1 = expect\(returned\(\)\)\.resolves\.toBe\('[^']*'\);/,
    );
  });

  test('the tests pass under the real runner, three runs out of three', () => {
    const [bin, ...args] = bins[framework];
    for (let run = 0; run < 3; run++) {
      const result = spawnSync(process.execPath, [bin!, ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      const output = result.stdout + result.stderr;
      expect(output).not.toMatch(/failed|Unhandled/i);
      expect(result.status).toBe(0);
    }
  });
});
