import { configDefaults, defineConfig } from 'vitest/config';
import { FULL_SUITE } from '../../test-utils/full-suite.js';
import { HANG_GUARD_MS } from '../../test-utils/hang-guard.js';

export default defineConfig({
  test: {
    testTimeout: HANG_GUARD_MS,
    hookTimeout: HANG_GUARD_MS,
    include: ['test/**/*.test.ts'],
    // CI's 20 minutes on two cores: the two dearest end-to-end files (whole generations and `assay
    // init` on fixture projects, ~136 s) run in the full suite (`ASSAY_FULL=1`) only.
    exclude: [
      ...configDefaults.exclude,
      ...(FULL_SUITE ? [] : ['test/generate.e2e.test.ts', 'test/init.e2e.test.ts']),
    ],
  },
});
