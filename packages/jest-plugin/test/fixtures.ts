import { RunStore, type TestResult } from '@assay/history';

export { byId, quarantineJson, readText } from '../../../test-utils/e2e.js';

/** package.json + jest.config.js with assay's reporter (given options), environment and setup. */
export function withPlugin(options = '{}', extraConfig = ''): Record<string, string> {
  return {
    'package.json': '{ "name": "fixture", "private": true }\n',
    'jest.config.js': `module.exports = {
  reporters: ['default', ['@assay/jest-plugin/reporter', ${options}]],
  testEnvironment: '@assay/jest-plugin/environment',
  setupFilesAfterEnv: ['@assay/jest-plugin/setup'],
  ${extraConfig}
};
`,
  };
}

/** A test body that fails on the attempts listed (1-based), counting attempts in a file of the project. */
export function failsOnRuns(name: string, runs: number[]): string {
  return `(() => {
    const fs = require('node:fs');
    const file = ${JSON.stringify(`.count-${name}`)};
    const n = (fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : 0) + 1;
    fs.writeFileSync(file, String(n));
    if (${JSON.stringify(runs)}.includes(n)) throw new Error('failed on attempt ' + n);
  })`;
}

/** Every recorded test result of a project, oldest run first. */
export async function recordedTests(root: string): Promise<TestResult[][]> {
  const { runs } = await RunStore.forRoot(root).read();
  return runs.map((r) => r.record.tests);
}
