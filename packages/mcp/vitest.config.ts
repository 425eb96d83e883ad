import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The e2e tests drive whole generations through the server (real-runner validation included) on a 2-core machine.
    testTimeout: 180_000,
  },
});
