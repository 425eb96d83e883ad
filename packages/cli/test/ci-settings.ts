import type { CiSettings } from '../src/ci/settings.js';

/** The settings of the workflow shown in docs/ci.md (a Vitest project on npm, two shards). */
export const DOCS_SETTINGS: CiSettings = {
  framework: 'vitest',
  packageManager: 'npm',
  shards: 2,
  node: '20',
  branch: 'main',
  coverageGate: false,
};
