import { RunStore, type TestResult } from '@assay/history';

export { byId, quarantineJson, readText } from '../../../test-utils/e2e.js';

/** package.json + vitest.config.ts with the plugin and the given options (source text). */
export function withPlugin(options = '{}', extraConfig = ''): Record<string, string> {
  return {
    'package.json': '{ "type": "module" }\n',
    'vitest.config.ts': `import assay from '@assay/vitest-plugin';\nexport default { plugins: [assay(${options})], test: { ${extraConfig} } };\n`,
  };
}

/** A test body that fails on the runs listed (1-based), counting runs in a file of the project. */
export function failsOnRuns(name: string, runs: number[]): string {
  return `(() => {
    const fs = process.getBuiltinModule('node:fs');
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

export { writeFiles as writeFilesNow } from './project.js';
