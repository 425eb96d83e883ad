import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { junitSchemaErrors, readJunit } from '../../../test-utils/junit.js';
import { failsOnRuns, quarantineJson, withPlugin } from './fixtures.js';
import { cleanup, createProject, JESTS, runJest } from './project.js';

afterAll(cleanup);

const QUARANTINED = 'src/net.test.js::net > reconnects';
const RETRIED = 'src/net.test.js::net > retries';

test('real Jest writes a JUnit file that validates and marks quarantined and flaky tests', async () => {
  const jest = JESTS[0]!;
  const root = createProject(jest, {
    ...withPlugin("{ retry: 1, junit: 'reports/junit.xml' }"),
    ...quarantineJson([{ id: QUARANTINED, reason: 'races the server, #12' }]),
    'src/net.test.js': `describe('net', () => {
  test('connects', () => expect(true).toBe(true));
  test('reconnects', () => expect('late').toBe('on time'));
  test('retries', ${failsOnRuns('retries', [1])});
  test('fails', () => expect(1).toBe(2));
});
`,
  });
  const result = await runJest(jest, root);
  // The real failure fails the run; the quarantined one does not count.
  expect(result.code).toBe(1);
  const xml = readFileSync(join(root, 'reports', 'junit.xml'), 'utf8');
  expect(await junitSchemaErrors(xml)).toEqual([]);
  const { suite, properties, cases } = readJunit(xml);
  expect(suite).toMatchObject({ '@_name': 'jest', '@_tests': '4', '@_failures': '1' });
  expect(properties['assay.quarantined']).toEqual([QUARANTINED]);
  expect(cases[QUARANTINED]!.failure).toBeUndefined();
  expect(cases[QUARANTINED]!['system-out']![0]).toContain('races the server, #12');
  expect(cases[RETRIED]!.flakyFailure).toHaveLength(1);
  expect(cases['src/net.test.js::net > fails']!.failure).toHaveLength(1);
  // jest.retryTimes retried it too: each failed retry is a rerunFailure.
  expect(cases['src/net.test.js::net > fails']!.rerunFailure).toHaveLength(1);
});
