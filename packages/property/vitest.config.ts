import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/.tmp holds generated files (typed values, the property benchmark's replay), not tests of ours.
    exclude: ['test/.tmp/**', '**/node_modules/**'],
    testTimeout: 60_000,
  },
});
