import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RunStore } from '@assay/history';
import { afterAll, describe, expect, test } from 'vitest';
import { withPlugin } from './fixtures.js';
import { cleanup, createProject, JESTS, runJest } from './project.js';

afterAll(cleanup);

describe.concurrent.each(JESTS)('ASSAY_RECORD with $label', (jest) => {
  test('ASSAY_RECORD=off keeps the run out of the history; without it the run is recorded', async () => {
    const root = createProject(jest, {
      ...withPlugin(),
      'a.test.js': "test('a', () => {});\n",
    });
    expect((await runJest(jest, root, [], { ASSAY_RECORD: 'off' })).code).toBe(0);
    expect(existsSync(join(root, '.assay/runs'))).toBe(false);
    expect((await runJest(jest, root)).code).toBe(0);
    expect((await RunStore.forRoot(root).read()).runs).toHaveLength(1);
  });
});
