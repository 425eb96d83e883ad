// Worker-side entry: `setupFilesAfterEnv: ['@assay/jest-plugin/setup']`. Applies the `retry` option
// with Jest's own `jest.retryTimes` and lets the environment list the modules the test file loaded
// (its code version). Never imports main-process modules.

import { WORKER_CONFIG, type WorkerConfig } from './constants.js';
import { AssayJestError } from './errors.js';

// Jest injects `jest` into every CommonJS module it loads (this file is loaded as CommonJS).
declare const jest: {
  retryTimes(count: number, options?: { logErrorsBeforeRetry?: boolean }): unknown;
};

const config = (globalThis as unknown as Record<symbol, WorkerConfig | undefined>)[WORKER_CONFIG];

if (!config) {
  throw new AssayJestError(
    'ASSAY_JEST_ENVIRONMENT_MISSING',
    "@assay/jest-plugin/setup needs the assay environment: set testEnvironment: '@assay/jest-plugin/environment' " +
      "in your Jest config (for jsdom add testEnvironmentOptions: { assay: { environment: 'jsdom' } }).",
  );
}

// Inside Jest, `require.cache` is a view of this test file's module registry: every module it loaded.
if (typeof require === 'function' && typeof require.cache === 'object' && require.cache !== null) {
  const cache = require.cache;
  config.loaded = () => Object.keys(cache);
}

if (config.retry > 0) {
  if (typeof jest !== 'undefined') jest.retryTimes(config.retry, { logErrorsBeforeRetry: true });
  else {
    // Loaded as an ES module (no injected `jest`): set the globals `jest.retryTimes` sets.
    const g = globalThis as unknown as Record<symbol, unknown>;
    g[Symbol.for('RETRY_TIMES')] = config.retry;
    g[Symbol.for('LOG_ERRORS_BEFORE_RETRY')] = true;
  }
}
