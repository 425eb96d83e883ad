import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { junitSchemaErrors, readJunit } from '../../../test-utils/junit.js';
import {
  JUNIT_FLAKY,
  JUNIT_QUARANTINED,
  junitXml,
  type TestResult,
  type TestVerdict,
  writeJunit,
} from '../src/index.js';
import { tempDir } from './helpers.js';

const runner = { name: 'vitest', version: '4.1.12' };

function result(id: string, extra: Partial<TestResult> = {}): TestResult {
  return { id, state: 'passed', durationMs: 12, retries: 0, ...extra };
}

const tests: TestResult[] = [
  result('src/math.test.ts::add > sums'),
  result('src/math.test.ts::add > overflows', {
    state: 'failed',
    error: 'AssertionError: expected 3 to be 4',
  }),
  result('src/net.test.ts::net > reconnects', { state: 'failed', quarantined: true, error: 'Error: late' }),
  result('src/net.test.ts::net > retries', { retries: 2 }),
  result('src/net.test.ts::net > gives up', {
    state: 'failed',
    retries: 1,
    error: 'TypeError: x is undefined',
  }),
  result('src/ui.test.ts::draws', { state: 'skipped' }),
];

describe('junitXml', () => {
  test('validates against the Surefire XSD and counts a quarantined failure in report mode as no failure', async () => {
    const xml = junitXml({
      runner,
      tests,
      mode: 'report',
      reasons: new Map([['src/net.test.ts::net > reconnects', 'races the server, #12']]),
    });
    expect(await junitSchemaErrors(xml)).toEqual([]);
    const { suite, properties, cases } = readJunit(xml);
    expect(suite).toMatchObject({
      '@_name': 'vitest',
      '@_tests': '6',
      '@_failures': '2',
      '@_skipped': '1',
      '@_errors': '0',
    });
    expect(properties[JUNIT_QUARANTINED]).toEqual(['src/net.test.ts::net > reconnects']);
    const quarantined = cases['src/net.test.ts::net > reconnects']!;
    expect(quarantined.failure).toBeUndefined();
    expect(quarantined['system-out']![0]).toContain('quarantined (report mode): races the server, #12');
    expect(quarantined['system-out']![0]).toContain('Error: late');
  });

  test('a test that passed after retries carries one flakyFailure per failed attempt', async () => {
    const { cases } = readJunit(junitXml({ runner, tests, mode: 'report' }));
    expect(cases['src/net.test.ts::net > retries']!.flakyFailure).toHaveLength(2);
    expect(cases['src/net.test.ts::net > retries']!.failure).toBeUndefined();
    expect(cases['src/math.test.ts::add > sums']!.flakyFailure).toBeUndefined();
  });

  test('a test that failed its retries too has a failure and a rerunFailure per retry, typed by its error', () => {
    const { cases } = readJunit(junitXml({ runner, tests, mode: 'report' }));
    const gaveUp = cases['src/net.test.ts::net > gives up']!;
    expect(gaveUp.failure).toEqual([
      expect.objectContaining({ '@_type': 'TypeError', '@_message': 'TypeError: x is undefined' }),
    ]);
    expect(gaveUp.rerunFailure).toHaveLength(1);
    expect(cases['src/math.test.ts::add > overflows']!.failure![0]!['@_type']).toBe('AssertionError');
  });

  test('early-flake-detection repeats count as attempts', () => {
    const repeated = result('a.test.ts::t', { attempts: { passed: 3, failed: 2 } });
    expect(
      readJunit(junitXml({ runner, tests: [repeated], mode: 'report' })).cases['a.test.ts::t']!.flakyFailure,
    ).toHaveLength(2);
  });

  test('skip mode: a quarantined test that did not run is skipped with the quarantine reason', async () => {
    const skipped = result('src/net.test.ts::net > reconnects', { state: 'skipped', quarantined: true });
    const marked = result('src/net.test.ts::net > marked', { state: 'skipped', quarantined: true });
    const xml = junitXml({
      runner,
      tests: [skipped, marked],
      mode: 'skip',
      reasons: new Map([[skipped.id, 'races the server']]),
    });
    expect(await junitSchemaErrors(xml)).toEqual([]);
    const { cases, suite } = readJunit(xml);
    expect(cases[skipped.id]!.skipped).toEqual([{ '@_message': 'quarantined: races the server' }]);
    expect(cases[marked.id]!.skipped).toEqual([{ '@_message': 'quarantined (marked in code)' }]);
    expect(suite['@_skipped']).toBe('2');
  });

  test('off mode: a quarantined test that failed is a failure like any other', () => {
    const xml = junitXml({
      runner,
      tests: [result('a.test.ts::t', { state: 'failed', quarantined: true })],
      mode: 'off',
    });
    const { suite, cases } = readJunit(xml);
    expect(suite['@_failures']).toBe('1');
    expect(cases['a.test.ts::t']!.failure).toHaveLength(1);
  });

  test('tests the history judges flaky are named in a property and a note', async () => {
    const verdict = {
      id: 'src/math.test.ts::add > sums',
      verdict: 'flaky',
      reason: 'passed and failed at the same code version',
    } as TestVerdict;
    const xml = junitXml({ runner, tests, mode: 'report', verdicts: [verdict] });
    expect(await junitSchemaErrors(xml)).toEqual([]);
    const { properties, cases } = readJunit(xml);
    expect(properties[JUNIT_FLAKY]).toEqual([verdict.id]);
    expect(cases[verdict.id]!['system-out']![0]).toBe(
      'assay: judged flaky: passed and failed at the same code version',
    );
  });

  test('markup and control characters in names and messages stay valid XML', async () => {
    const odd = result('a.test.ts::<b> & "q" \u001b[31m', {
      state: 'failed',
      error: 'Error: 1 < 2 && \u0008 "x"',
    });
    const xml = junitXml({ runner, tests: [odd], mode: 'report' });
    expect(await junitSchemaErrors(xml)).toEqual([]);
    expect(readJunit(xml).cases['a.test.ts::<b> & "q" [31m']!.failure![0]!['@_message']).toBe(
      'Error: 1 < 2 &&  "x"',
    );
  });

  test('the same results in another order give the same file', () => {
    expect(junitXml({ runner, tests: [...tests].reverse(), mode: 'report' })).toBe(
      junitXml({ runner, tests, mode: 'report' }),
    );
  });
});

test('writeJunit writes the report relative to the root, making its folder', async () => {
  const root = await tempDir();
  const path = await writeJunit(root, 'reports/junit.xml', { runner, tests, mode: 'report' });
  expect(path).toBe(join(root, 'reports', 'junit.xml'));
  expect(await readFile(path, 'utf8')).toBe(junitXml({ runner, tests, mode: 'report' }));
});
