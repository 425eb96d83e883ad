import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

export default defineConfig([
  packageBuild({ index: 'src/index.ts', spec: 'src/spec/index.ts' }),
  // The executable: ESM only, with a shebang, no declarations.
  packageBuild(
    { bin: 'src/bin.ts' },
    { format: ['esm'], dts: false, clean: false, banner: { js: '#!/usr/bin/env node' } },
  ),
  // Reporters that `assay flaky diagnose` hands to the runner: Vitest loads the ESM one, Jest the CJS one.
  packageBuild(
    {
      'diagnose-vitest-reporter': 'src/diagnose/reporters/vitest.ts',
      'diagnose-jest-reporter': 'src/diagnose/reporters/jest.ts',
    },
    { dts: false, clean: false },
  ),
]);
