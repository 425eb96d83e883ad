// Test timeouts are hang guards, not budgets: a test that is only slow (a loaded 2-core machine runs
// the end-to-end suites several times slower than an idle one) must pass; only a test that never ends
// is cut off. One value for every package's vitest.config.ts, so no test file sets its own.

/** Milliseconds after which a test or hook is taken as hung. */
export const HANG_GUARD_MS = 20 * 60_000;
