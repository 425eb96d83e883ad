import { afterAll, describe, expect, test } from 'vitest';
import { expectWorkerResources, recordingTestBody } from '../../../test-utils/worker-checks.js';
import { cleanup, createProject, RUNNERS, runVitest } from './project.js';

afterAll(cleanup);

const IMPORTS = `import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { test, expect } from 'vitest';
import { workerDatabaseName, workerPorts, workerSlot, workerTempDir } from '@assay/vitest-plugin/worker';
`;

describe.concurrent.each(RUNNERS.flatMap((runner) => ['forks', 'threads'].map((pool) => ({ runner, pool }))))(
  'worker helpers with $runner.label, $pool pool',
  ({ runner, pool }) => {
    test('each worker slot has its own folder, ports and database; the teardown removes the run folder', async () => {
      const files: Record<string, string> = {
        'vitest.config.ts': `export default { test: { pool: '${pool}', maxWorkers: 3, globalSetup: ['./teardown.ts'] } };\n`,
        'teardown.ts': `import { removeWorkerTempDirs } from '@assay/vitest-plugin/worker';\nexport default () => () => removeWorkerTempDirs();\n`,
      };
      for (const name of ['a', 'b', 'c', 'd']) files[`${name}.test.ts`] = IMPORTS + recordingTestBody(name);
      const root = createProject(runner, files);
      const result = await runVitest(runner, root);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expectWorkerResources(root, 4);
    });
  },
);
