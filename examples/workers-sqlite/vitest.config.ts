import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // describe/test/expect as globals, so the same files run under Jest too.
    globals: true,
    // Three files at once even on a two-core machine, so they would meet on a shared database.
    maxWorkers: 3,
    globalSetup: ['vitest/global-setup.ts'],
    // Each file writes for about a second; a busy CI machine can make that much longer.
    testTimeout: 30_000,
  },
});
