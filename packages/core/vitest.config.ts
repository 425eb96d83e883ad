import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Fixture projects and the temporary copies the tests generate into are not assay's own tests.
    exclude: ['test/fixtures/**', 'test/.tmp/**', '**/node_modules/**'],
    testTimeout: 60_000,
  },
});
