import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type GenerateReport, generateTests } from '../src/index.js';
import { copyFixture, makeJestProject } from './helpers.js';

const vitestBin = path.join(
  path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')),
  'vitest.mjs',
);

function runVitest(cwd: string): { code: number | null; output: string } {
  const result = spawnSync(process.execPath, [vitestBin, 'run', '--reporter=verbose'], {
    cwd,
    encoding: 'utf8',
  });
  return { code: result.status, output: result.stdout + result.stderr };
}

describe('generateTests on a fixture project', () => {
  let root: string;
  let report: GenerateReport;
  const file = (name: string) => report.files.find((f) => f.source === `src/${name}`)!;
  const codes = (name: string) =>
    [...file(name).problems, ...file(name).units.flatMap((u) => u.problems)].map((p) => p.code);

  beforeAll(async () => {
    root = copyFixture('generate');
    for (const name of ['a', 'hello']) fs.writeFileSync(path.join(root, name), 'precious');
    // Budgets are wall-clock deadlines: a generous one lets the count limits decide, so a loaded CI
    // machine explores as much as a quiet one and the assertions below see the same cases.
    report = await generateTests({
      root,
      paths: ['src'],
      callTimeoutMs: 500,
      unitBudgetMs: 60_000,
      validate: false,
    });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('writes a test file beside each source that has testable functions', () => {
    expect(report.files.map((f) => [f.source, f.status])).toEqual([
      ['src/broken.ts', 'failed'],
      ['src/callbacks.ts', 'written'],
      ['src/checksum.ts', 'written'],
      ['src/clock.ts', 'written'],
      ['src/codec.ts', 'written'],
      ['src/dangerous.ts', 'written'],
      ['src/docs.ts', 'written'],
      ['src/members.ts', 'written'],
      ['src/shapes.ts', 'written'],
      ['src/stateful.ts', 'written'],
      ['src/structures.ts', 'written'],
    ]);
    expect(fs.existsSync(path.join(root, 'src/shapes.assay.test.ts'))).toBe(true);
  });

  test('reports the syntax error of a file that does not parse, with its line', () => {
    expect(file('broken.ts').problems[0]).toMatchObject({ code: 'parse-error' });
    expect(file('broken.ts').problems[0]!.message).toContain('broken.ts:1');
  });

  test('reports process.exit and endless loops, and still tests the rest', () => {
    expect(codes('dangerous.ts')).toEqual(expect.arrayContaining(['process-exit', 'timeout']));
    const tested = file('dangerous.ts')
      .units.filter((u) => u.tests > 0)
      .map((u) => u.name);
    expect(tested).toEqual(expect.arrayContaining(['wipe', 'sneakyWrite', 'shell', 'spin', 'safe', 'ping']));
    // A unit that hung in exploration is not sampled for properties: that would hang the file's inference.
    expect(file('dangerous.ts').problems.map((p) => p.message)).not.toContainEqual(
      expect.stringContaining('property inference took longer'),
    );
  });

  test('I/O built-ins are mocked as the tests mock them, and their calls asserted', () => {
    const code = fs.readFileSync(path.join(root, 'src/dangerous.assay.test.ts'), 'utf8');
    for (const module of ['node:fs', 'node:child_process', 'node:net'])
      expect(code).toContain(`vi.mock('${module}');`);
    expect(code).toContain("import * as childProcess from 'node:child_process';");
    expect(code).toMatch(
      /expect\(fs\.rmSync\)\.toHaveBeenNthCalledWith\(1, '[^']*', \{ recursive: true, force: true \}\);/,
    );
    expect(code).toMatch(/expect\(childProcess\.execSync\)\.toHaveBeenCalledTimes\(1\);/);
    expect(code).toMatch(
      /expect\(net\.connect\)\.toHaveBeenNthCalledWith\(1, \{ host: '127\.0\.0\.1', port: -?\d+ \}\);/,
    );
  });

  // The inputs tried include these names: a real rmSync or writeFileSync would have touched them.
  const expectUntouched = () => {
    for (const name of ['a', 'hello'])
      expect(fs.readFileSync(path.join(root, name), 'utf8')).toBe('precious');
    expect(fs.existsSync(path.join(root, 'written-by-fixture.txt'))).toBe(false);
  };

  test('generating deletes, writes or spawns nothing for real', () => {
    expectUntouched();
  });

  test('drops what changes from run to run and keeps what the file order makes repeatable', () => {
    const units = Object.fromEntries(file('stateful.ts').units.map((u) => [u.name, u.tests]));
    // crypto.randomUUID is never asserted; Math.random is, with the sandbox's sequence installed.
    expect(units.token).toBe(0);
    expect(units.stamp).toBeGreaterThan(0);
    expect(units.next).toBeGreaterThan(0);
    expect(codes('stateful.ts')).toContain('unstable');
    const code = fs.readFileSync(path.join(root, 'src/stateful.assay.test.ts'), 'utf8');
    expect(code).toContain("vi.spyOn(Math, 'random').mockImplementation(");
  });

  test('the generated tests pass under real Vitest, run after run', () => {
    for (let run = 0; run < 2; run++) {
      const { code, output } = runVitest(root);
      expect(output).not.toMatch(/FAIL/);
      expect(code).toBe(0);
    }
    expectUntouched();
  });

  test('the generated file asserts real values, errors and enum members', () => {
    const code = fs.readFileSync(path.join(root, 'src/shapes.assay.test.ts'), 'utf8');
    expect(code.split('\n')[0]).toMatch(/^\/\/ @generated by assay/);
    expect(code).toContain('toThrow(ValidationError)');
    expect(code).toContain("toThrow('negative size')");
    expect(code).toMatch(/Unit\.(Metric|Imperial)/);
    expect(code).toContain('.resolves.');
    expect(code).toContain('test.each(');
    // A Promise<number> parameter, given resolved promises; an Iterable<number> one, given arrays.
    expect(code).toMatch(/settled\(Promise\.resolve\(-?[\d.e+-]+\)\)\)\.rejects\.toThrow\(RangeError\)/);
    expect(code).toMatch(/settled\((Promise\.resolve\(-?[\d.e+-]+\)|value)\)\)\.resolves\.toBe\(/);
    expect(code).toMatch(/\[\[(-?[\d.e+-]+(, )?)*\], -?[\d.e+-]+\]|total\(\[/);
  });

  test('functions in namespaces and objects are called through their export', () => {
    const code = fs.readFileSync(path.join(root, 'src/members.assay.test.ts'), 'utf8');
    expect(code).toContain("import { Duration, flags, isEven, percent } from './members';");
    // Callable exports built by a call: Object.assign(fn, …) and a wrapper around an arrow function.
    expect(code).toMatch(/expect\(\(\) => percent\(-\d+\)\)\.toThrow\(RangeError\);/);
    expect(code).toMatch(/isEven\(/);
    // A duration string built from the regular expression the function matches against.
    expect(code).toMatch(/\['\d+(\.\d+)?s', [\d.]+\]/);
    expect(code).toContain("[0n, 'zero']");
  });

  test('classes get call sequences that use them as a data structure, with their state asserted', () => {
    const code = fs.readFileSync(path.join(root, 'src/structures.assay.test.ts'), 'utf8');
    expect(code).toContain("describe('Stack'");
    expect(code).toContain('const stack = new Stack();');
    expect(code).toMatch(
      /stack\.push\(-?\d+\);\n(\s+expect\(stack\.peek\(\)\)\.toBe\(-?\d+\);\n)?\s+expect\(stack\.pop\(\)\)\.toBe\(-?\d+\);/,
    );
    expect(code).toContain("expect(() => stack.pop()).toThrow('stack is empty');");
    // EmptyError is only named in a title, so it is not imported.
    expect(code).toContain(
      "import { Bag, CountingStack, Fifo, LruCache, Query, Stack } from './structures';",
    );
    expect(code).toMatch(/expect\(stack\.size\)\.toBe\(\d\);/);
    expect(code).toContain("toThrow('capacity must be a positive integer')");
    expect(code).toMatch(/expect\(lruCache\.set\([^)]*\)\)\.toBe\(lruCache\);/);
    expect(code).toMatch(/await expect\(query\.build\(\)\)\.resolves\.toBe\(/);
    expect(code).toContain("describe('Query.from'");
  });

  test('data structures get stories: three different elements added, then one read or removed', () => {
    const code = fs.readFileSync(path.join(root, 'src/structures.assay.test.ts'), 'utf8');
    // Distinct keys past a capacity of 1, then one of them read back: the first is gone, the last is there.
    expect(code).toMatch(
      /(expect\(lruCache\.set\('[^']*', \d+\)\)\.toBe\(lruCache\);\n\s+){3}expect\(lruCache\.get\('(|hello)'\)\)\.(toBeUndefined\(\)|toBe\(\d+\));/,
    );
    expect(code).toMatch(/fifo\.enqueue\(\d+\)\)\.toBe\(1\);\n\s+expect\(fifo\.enqueue\(\d+\)\)\.toBe\(2\);/);
  });

  test('inherited methods are explored with the subclass own ones', () => {
    const code = fs.readFileSync(path.join(root, 'src/structures.assay.test.ts'), 'utf8');
    const counting = code.slice(code.indexOf("describe('CountingStack'"));
    expect(counting).toMatch(/countingStack\.pushAll\(/);
    expect(counting).toMatch(/countingStack\.(pop|peek|push)\(/);
  });

  test('code that reads the clock is tested with Date fixed at the instant it was observed at', () => {
    const code = fs.readFileSync(path.join(root, 'src/clock.assay.test.ts'), 'utf8');
    expect(code).toContain(
      "vi.useFakeTimers({ now: new Date('2024-01-15T12:00:00.000Z'), toFake: ['Date'] });",
    );
    expect(code).toContain('vi.useRealTimers();');
    expect(code).toContain("'just now'");
    expect(code).toContain('isWeekend()');
    expect(codes('clock.ts')).not.toContain('unstable');
  });

  test('JSDoc examples become tests in their own words; one that disagrees with the code is reported', () => {
    const code = fs.readFileSync(path.join(root, 'src/docs.assay.test.ts'), 'utf8');
    expect(code).toContain('expect(clamp(15, 0, 10)).toEqual(10);');
    expect(code).toContain('expect(clamp(-5, 0, 10)).toEqual(0);');
    expect(code).toContain('expect(() => clamp(5, 10, 0)).toThrow(RangeError);');
    expect(code).toContain("expect(slug('Hello World')).toEqual('hello-world');");
    expect(code).not.toContain('tea-and-cake');
    const mismatch = file('docs.ts')
      .units.flatMap((u) => u.problems)
      .find((p) => p.code === 'example-mismatch');
    expect(mismatch?.message).toContain("slug('Tea & Cake')");
    expect(mismatch?.message).toContain('"tea-cake"');
  });

  test('callbacks are recorded stubs: the test declares them and checks how they were called', () => {
    const code = fs.readFileSync(path.join(root, 'src/callbacks.assay.test.ts'), 'utf8');
    expect(code).toMatch(/const visit = vi\.fn\(\(\) => (true|false)\);/);
    expect(code).toMatch(/expect\(visit\)\.toHaveBeenNthCalledWith\(1, '[^']*', 0\);/);
    expect(code).toMatch(/const task = vi\.fn\(\(\) => false\);/);
    expect(code).toMatch(/expect\(onRetry\)\.toHaveBeenCalledTimes\(\d+\);/);
    expect(code).toMatch(/import \{ (afterEach, )?describe, expect, test, vi \} from 'vitest';/);
    // A node-style callback fires on a later tick: the test waits one turn before it checks it.
    expect(code).toMatch(
      /test\('lookup\([^)]*\) → undefined', async \(\) => \{\n\s+const callback = vi\.fn\(\);\n\s+expect\(lookup\('[^']+', callback\)\)\.toBeUndefined\(\);\n\s+await new Promise\(\(resolve\) => setImmediate\(resolve\)\);\n\s+expect\(callback\)\.toHaveBeenCalledTimes\(1\);\n\s+expect\(callback\)\.toHaveBeenNthCalledWith\(1, null, '[^']+'\);/,
    );
  });

  test('class constructors and methods take stubs too; Function and promise callbacks are stubbed', () => {
    const code = fs.readFileSync(path.join(root, 'src/callbacks.assay.test.ts'), 'utf8');
    expect(code).toMatch(
      /const onDone = vi\.fn\(\);\n\s+const onTick = vi\.fn\(\);\n\s+const ticker = new Ticker\(-?\d+, onDone\);/,
    );
    expect(code).toMatch(/expect\(onTick\)\.toHaveBeenNthCalledWith\(1, 1\);/);
    expect(code).toMatch(/expect\(onDone\)\.toHaveBeenNthCalledWith\(1, 1\);/);
    expect(code).toMatch(/const load = vi\.fn\(async \(\) => /);
    expect(code).toMatch(/await expect\(loadOr\(load, /);
    expect(code).toMatch(/const fn = vi\.fn\(\);/);
    expect(code).toMatch(/expect\(fn\)\.toHaveBeenNthCalledWith\(1, 0\);/);
  });

  test('a returned function is called under fake timers, its timers run, its stubs checked', () => {
    const code = fs.readFileSync(path.join(root, 'src/callbacks.assay.test.ts'), 'utf8');
    const debounced = code.slice(code.indexOf("describe('debounce'"), code.indexOf("describe('memoize'"));
    expect(debounced).toMatch(/vi\.useFakeTimers\(\{\s+now: new Date\('2024-01-15T12:00:00\.000Z'\)/);
    expect(debounced).toMatch(/const returned = debounce\(fn, -?[\d.]+\);/);
    expect(debounced).toMatch(
      /expect\(fn\)\.not\.toHaveBeenCalled\(\);\n\s+vi\.advanceTimersByTime\(\d+\);\n\s+expect\(fn\)\.toHaveBeenCalledTimes\(1\);/,
    );
    // Two calls with the same key, then another: a memoized function computes twice.
    expect(code).toMatch(/memoize\(compute\) returns a function: 3 calls → compute called 2 times/);
    expect(code).toContain("import { afterEach, describe, expect, test, vi } from 'vitest';");
  });

  test('properties that held on samples are written as fast-check tests with their seed', () => {
    const code = fs.readFileSync(path.join(root, 'src/codec.assay.test.ts'), 'utf8');
    expect(code).toContain("import fc from 'fast-check';");
    expect(code).toMatch(/describe\('properties'/);
    expect(code).toMatch(/decode\(encode\(/);
    expect(code).toMatch(/seed: 42/);
    expect(code).toContain('sortAscending returns its items in ascending order');
  });

  test('a default export is sampled for properties like a named one, without stalling inference', () => {
    expect(file('checksum.ts').problems).toEqual([]);
    const code = fs.readFileSync(path.join(root, 'src/checksum.assay.test.ts'), 'utf8');
    expect(code).toContain("import checksum from './checksum';");
    expect(code).toMatch(/describe\('properties'[\s\S]*checksum\(text\)/);
  });

  test('a second run with the same options skips unchanged sources', async () => {
    const again = await generateTests({
      root,
      paths: ['src/shapes.ts'],
      callTimeoutMs: 500,
      unitBudgetMs: 60_000,
      validate: false,
    });
    expect(again.files[0]).toMatchObject({ status: 'unchanged', cached: true });
  });
});

test('a test file the user wrote is never overwritten, and the error names it', async () => {
  const root = copyFixture('conflict');
  try {
    const mine = path.join(root, 'src/shapes.assay.test.ts');
    fs.writeFileSync(mine, '// my own tests\n');
    const report = await generateTests({ root, paths: ['src/shapes.ts'], validate: false });
    expect(report.files[0]).toMatchObject({ status: 'failed', problems: [{ code: 'output-conflict' }] });
    expect(report.files[0]!.problems[0]!.message).toContain(mine);
    expect(fs.readFileSync(mine, 'utf8')).toBe('// my own tests\n');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('bad options fail with a message naming the option', async () => {
  await expect(generateTests({ paths: 'src' as unknown as string[] })).rejects.toThrow(/Option paths/);
  await expect(generateTests({ paths: ['x'], concurrency: 0 })).rejects.toThrow(/Option concurrency/);
});

describe('Jest output', () => {
  const jestBin = (name: string) =>
    path.join(path.dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)), 'bin/jest.js');
  let root: string;
  let report: GenerateReport;

  beforeAll(async () => {
    root = copyFixture('jest');
    makeJestProject(root, ['**/*.assay.test.ts']);
    report = await generateTests({
      root,
      paths: [
        'src/shapes.ts',
        'src/structures.ts',
        'src/members.ts',
        'src/clock.ts',
        'src/callbacks.ts',
        'src/dangerous.ts',
      ],
      callTimeoutMs: 500,
      // Validation with the real runner has its own tests (loop.test.ts); here Jest runs the files below.
      validate: false,
      // What Jest is given is the subject here, not how far exploration goes (the block above covers that).
      maxCandidates: 30,
    });
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('is chosen from the project and uses Jest globals', () => {
    expect(report.framework).toBe('jest');
    const code = fs.readFileSync(path.join(root, 'src/structures.assay.test.ts'), 'utf8');
    expect(code).not.toContain('vitest');
    expect(code).toContain("describe('Stack'");
  });

  test.each(['jest', 'jest29'])(
    'passes under %s with the project transform',
    (name) => {
      const result = spawnSync(process.execPath, [jestBin(name), '--ci'], { cwd: root, encoding: 'utf8' });
      expect(result.stderr).toMatch(/Tests:\s+\d+ passed, \d+ total/);
      expect(result.stderr).not.toMatch(/failed/);
      expect(result.status).toBe(0);
    },
    60_000,
  );
});

test('JavaScript sources are typed by their JSDoc or a sibling .d.ts, and their tests pass', async () => {
  const root = copyFixture('javascript');
  try {
    const report = await generateTests({ root, paths: ['lib'], validate: false });
    expect(report.files.map((f) => [f.source, f.status])).toEqual([
      ['lib/legacy.js', 'written'],
      ['lib/typed.js', 'written'],
    ]);
    const legacy = fs.readFileSync(path.join(root, 'lib/legacy.assay.test.js'), 'utf8');
    expect(legacy).toContain("toThrow('width must not be negative')");
    expect(legacy).toMatch(/'celsius'/);
    // Typed by typed.d.ts (strings and numbers), with the constant 3 mined from the JavaScript.
    const typed = fs.readFileSync(path.join(root, 'lib/typed.assay.test.js'), 'utf8');
    expect(typed).toMatch(/\(x4\)/);
    fs.writeFileSync(
      path.join(root, 'vitest.config.ts'),
      "export default { test: { include: ['lib/**/*.test.js'] } };\n",
    );
    const result = spawnSync(process.execPath, [vitestBin, 'run'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.stdout).toMatch(/Tests\s+\d+ passed \(\d+\)/);
    expect(result.status).toBe(0);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('CommonJS TypeScript projects load in the sandbox, with the same refusals and mocks', async () => {
  const root = copyFixture('commonjs');
  try {
    fs.writeFileSync(path.join(root, 'package.json'), '{ "name": "commonjs-fixture", "private": true }');
    const report = await generateTests({
      root,
      paths: ['src/shapes.ts', 'src/dangerous.ts'],
      callTimeoutMs: 500,
      validate: false,
    });
    expect(report.files.map((f) => [f.source, f.status])).toEqual([
      ['src/dangerous.ts', 'written'],
      ['src/shapes.ts', 'written'],
    ]);
    expect(fs.readFileSync(path.join(root, 'src/dangerous.assay.test.ts'), 'utf8')).toContain(
      'expect(fs.rmSync)',
    );
    const result = spawnSync(process.execPath, [vitestBin, 'run'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.stdout).toMatch(/Tests\s+\d+ passed \(\d+\)/);
    expect(result.status).toBe(0);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
