import { defineConfig } from 'vitest/config';
import { HANG_GUARD_MS } from '../../test-utils/hang-guard.js';

export default defineConfig({
  test: {
    testTimeout: HANG_GUARD_MS,
    hookTimeout: HANG_GUARD_MS,
    include: ['test/**/*.test.ts'],
    // Two test files at a time: core's suite is the longest, and once the other packages' suites end
    // (turbo runs two packages at once on CI's two cores) one worker would leave a core idle.
    maxWorkers: 2,
    // Fixture projects and the temporary copies the tests generate into are not assay's own tests.
    exclude: ['test/fixtures/**', 'test/.tmp/**', '**/node_modules/**'],
  },
});
