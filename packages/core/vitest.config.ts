import { defineConfig } from 'vitest/config';
import { HANG_GUARD_MS } from '../../test-utils/hang-guard.js';

export default defineConfig({
  test: {
    testTimeout: HANG_GUARD_MS,
    hookTimeout: HANG_GUARD_MS,
    include: ['test/**/*.test.ts'],
    // Fixture projects and the temporary copies the tests generate into are not assay's own tests.
    exclude: ['test/fixtures/**', 'test/.tmp/**', '**/node_modules/**'],
  },
});
