/** @type {import('jest').Config} */
module.exports = {
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': '@swc/jest' },
  // Sources import './x.js' (ESM style); Jest finds the .ts file behind it.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Three files at once even on a two-core machine, so they would meet on a shared database. Each
  // file takes over a second: Jest runs suites it remembers as fast in band, without workers.
  maxWorkers: 3,
  globalTeardown: '<rootDir>/jest/global-teardown.ts',
  // Each file writes for about a second; a busy CI machine can make that much longer.
  testTimeout: 30_000,
};
