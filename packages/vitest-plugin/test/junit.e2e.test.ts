import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { junitSchemaErrors, readJunit } from '../../../test-utils/junit.js';
import { failsOnRuns, quarantineJson, withPlugin } from './fixtures.js';
import { cleanup, createProject, RUNNERS, runVitest } from './project.js';

afterAll(cleanup);

const QUARANTINED = 'src/net.test.ts::net > reconnects';
const RETRIED = 'src/net.test.ts::net > retries';

function project() {
  return createProject(RUNNERS[0]!, {
    ...withPlugin("{ retry: 1, junit: 'reports/junit.xml' }"),
    ...quarantineJson([{ id: QUARANTINED, reason: 'races the server, #12' }]),
    'src/net.test.ts': `import { describe, test, expect } from 'vitest';
describe('net', () => {
  test('connects', () => expect(true).toBe(true));
  test('reconnects', () => expect('late').toBe('on time'));
  test('retries', ${failsOnRuns('retries', [1])});
});
`,
  });
}

test('real Vitest writes a JUnit file that validates and marks quarantined and flaky tests', async () => {
  const root = project();
  const result = await runVitest(RUNNERS[0]!, root);
  expect(result.code).toBe(0);
  const xml = readFileSync(join(root, 'reports', 'junit.xml'), 'utf8');
  expect(await junitSchemaErrors(xml)).toEqual([]);
  const { suite, properties, cases } = readJunit(xml);
  expect(suite).toMatchObject({ '@_name': 'vitest', '@_tests': '3', '@_failures': '0' });
  expect(properties['assay.quarantined']).toEqual([QUARANTINED]);
  expect(cases[QUARANTINED]!.failure).toBeUndefined();
  expect(cases[QUARANTINED]!['system-out']![0]).toMatch(
    /quarantined \(report mode\): races the server, #12\. It failed/,
  );
  expect(cases[RETRIED]!.flakyFailure).toHaveLength(1);
  // Passing after a retry makes it flaky in the history too.
  expect(properties['assay.flaky']).toEqual([RETRIED]);
  expect(cases['src/net.test.ts::net > connects']).toMatchObject({ '@_classname': 'src/net.test.ts' });

  // Skip mode, run not recorded: the report is still written, the quarantined test skipped.
  const skip = await runVitest(RUNNERS[0]!, root, [], { ASSAY_QUARANTINE: 'skip', ASSAY_RECORD: 'off' });
  expect(skip.code).toBe(0);
  const skipped = readJunit(readFileSync(join(root, 'reports', 'junit.xml'), 'utf8'));
  expect(skipped.cases[QUARANTINED]!.skipped).toEqual([
    { '@_message': 'quarantined: races the server, #12' },
  ]);
  expect(skipped.suite['@_skipped']).toBe('1');
});
