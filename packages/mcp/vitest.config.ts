import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The generate e2e tests run the whole pipeline, real-runner validation included, on a 2-core CI machine.
    testTimeout: 180_000,
  },
});
