import { afterAll, describe, expect, test } from 'vitest';
import { expectWorkerResources, recordingTestBody } from '../../../test-utils/worker-checks.js';
import { cleanup, createProject, JESTS, runJest } from './project.js';

afterAll(cleanup);

const IMPORTS = `const { existsSync, mkdirSync, writeFileSync } = require('node:fs');
const { workerDatabaseName, workerPorts, workerSlot, workerTempDir } = require('@assay/jest-plugin/worker');
`;

const MODES = [
  { label: '3 workers', args: ['--maxWorkers=3'] },
  { label: 'in band', args: ['--runInBand'] },
];

describe.concurrent.each(JESTS.flatMap((jest) => MODES.map((mode) => ({ jest, mode }))))(
  'worker helpers with $jest.label, $mode.label',
  ({ jest, mode }) => {
    test('each worker slot has its own folder, ports and database; the teardown removes the run folder', async () => {
      const files: Record<string, string> = {
        'jest.config.js': `module.exports = { transform: {}, testEnvironment: 'node', globalTeardown: '<rootDir>/teardown.js' };\n`,
        'teardown.js': `module.exports = () => require('@assay/jest-plugin/worker').removeWorkerTempDirs();\n`,
      };
      for (const name of ['a', 'b', 'c', 'd']) files[`${name}.test.js`] = IMPORTS + recordingTestBody(name);
      const root = createProject(jest, files);
      const result = await runJest(jest, root, mode.args);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const seen = expectWorkerResources(root, 4);
      if (mode.label === 'in band') expect(new Set(seen.map((s) => s.slot))).toEqual(new Set([1]));
    });
  },
);
