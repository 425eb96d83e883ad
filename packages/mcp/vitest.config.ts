import { defineConfig } from 'vitest/config';
import { HANG_GUARD_MS } from '../../test-utils/hang-guard.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The e2e tests drive whole generations through the server (real-runner validation included) on a
    // 2-core machine, and start the server in a hook: hang guards only, as in the other packages (the
    // default 10 s hook limit failed the server's start at load 20).
    testTimeout: HANG_GUARD_MS,
    hookTimeout: HANG_GUARD_MS,
  },
});
