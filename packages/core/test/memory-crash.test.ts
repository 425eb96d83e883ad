/**
 * Issue 15, "one bad input takes the whole file down": a call that exhausts memory ends its sandbox
 * process at the sandbox's heap limit; that input is reported as a `crash` problem naming the unit and
 * its arguments, the sandbox restarts and the other inputs and units of the file still get tests. The
 * outcome must not depend on machine load, so the file is generated twice, idle and with the CPU
 * saturated, and compared byte for byte. Call and budget limits are set far beyond what the calls
 * need: they are hang guards here, so the heap limit always decides first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FULL_SUITE } from '../../../test-utils/full-suite.js';
import { type FileReport, type GenerateOptions, generateTests } from '../src/index.js';
import { bin, copyFixture, runNode } from './helpers.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/memory', import.meta.url));
const HEAP_MB = 256;

const roots: string[] = [];

/** Generates tests for the fixture in a fresh copy; the report of memory.ts and the test file written. */
async function generate(name: string): Promise<{ report: FileReport; code: string; root: string }> {
  const root = copyFixture(name, FIXTURE);
  roots.push(root);
  const options: GenerateOptions = {
    root,
    paths: ['src'],
    sandboxHeapMb: HEAP_MB,
    callTimeoutMs: 120_000,
    unitBudgetMs: 600_000,
    fileBudgetMs: 1_800_000,
    property: false,
    validate: false,
  };
  const { files } = await generateTests(options);
  const output = path.join(root, 'src', 'memory.assay.test.ts');
  return { report: files[0]!, code: fs.existsSync(output) ? fs.readFileSync(output, 'utf8') : '', root };
}

/** A busy loop on every core, for the loaded run. */
function saturate(): ChildProcess[] {
  return Array.from({ length: os.availableParallelism() }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
  );
}

let idle: Awaited<ReturnType<typeof generate>>;
let loaded: Awaited<ReturnType<typeof generate>>;

beforeAll(async () => {
  idle = await generate('memory-idle');
  // The saturated regeneration runs in the full suite (`ASSAY_FULL=1`): its busy loops slow all of CI.
  if (!FULL_SUITE) return;
  const loops = saturate();
  try {
    loaded = await generate('memory-loaded');
  } finally {
    for (const loop of loops) loop.kill('SIGKILL');
  }
});
afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

const unit = (report: FileReport, name: string) => report.units.find((u) => u.name === name)!;
const crashes = (report: FileReport, name: string) =>
  unit(report, name)
    .problems.filter((p) => p.code === 'crash')
    .map((p) => p.message);

test('the file is written: a call that ran out of memory did not take it down', () => {
  expect(idle.report.status).toBe('written');
  expect(idle.report.problems).toEqual([]);
  for (const name of ['range', 'fill', 'clamp']) expect(unit(idle.report, name).tests).toBeGreaterThan(0);
});

test('the report names the unit and the input that crashed, and the heap limit', () => {
  expect(crashes(idle.report, 'fill')).toEqual([
    `fill(13) ran out of memory at the sandbox's ${HEAP_MB} MB heap limit (1 case left out)`,
  ]);
  expect(crashes(idle.report, 'range').join('\n')).toMatch(
    new RegExp(`^range\\(.+\\) ran out of memory at the sandbox's ${HEAP_MB} MB heap limit`),
  );
  expect(crashes(idle.report, 'clamp')).toEqual([]);
});

test('the crashing inputs are not written as tests; the inputs next to them are', () => {
  expect(idle.code).not.toMatch(/fill\(13\)|\[13,/);
  expect(idle.code).toMatch(/fill\(1[24]\)|\[1[24],/);
});

test.runIf(FULL_SUITE)('the same tests and problems on a saturated machine', () => {
  expect(loaded.code).toBe(idle.code);
  expect(loaded.report.units).toEqual(idle.report.units);
});

test('the kept tests pass under Vitest', () => {
  const run = runNode(idle.root, [bin('vitest', 'vitest.mjs'), 'run']);
  expect(run.status, run.output.slice(-3000)).toBe(0);
});
