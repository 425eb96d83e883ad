import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RunStore } from '@assay/history';
import { afterAll, describe, expect, test } from 'vitest';
import { withPlugin } from './fixtures.js';
import { cleanup, createProject, RUNNERS, runVitest } from './project.js';

afterAll(cleanup);

describe.concurrent.each(RUNNERS)('ASSAY_RECORD with $label', (runner) => {
  test('ASSAY_RECORD=off keeps the run out of the history; without it the run is recorded', async () => {
    const root = createProject(runner, {
      ...withPlugin(),
      'a.test.ts': `import { test } from 'vitest';\ntest('a', () => {});\n`,
    });
    expect((await runVitest(runner, root, [], { ASSAY_RECORD: 'off' })).code).toBe(0);
    expect(existsSync(join(root, '.assay/runs'))).toBe(false);
    expect((await runVitest(runner, root)).code).toBe(0);
    expect((await RunStore.forRoot(root).read()).runs).toHaveLength(1);
  });
});
