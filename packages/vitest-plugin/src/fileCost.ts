import type { TestModule } from 'vitest/node';

type ModuleDiagnostic = Pick<
  ReturnType<TestModule['diagnostic']>,
  'environmentSetupDuration' | 'prepareDuration' | 'collectDuration' | 'setupDuration' | 'duration'
>;

/**
 * A test file's whole cost in milliseconds, what shard plans weigh it by. `workerMs` is the file's
 * wall time in its worker, measured by the plugin's setup file (worker start-up included). Without
 * it (the reporter used without the plugin), the sum of Vitest's per-file diagnostics: environment
 * set-up, harness, set-up files, import (with its transform) and collection, tests and hooks. That
 * sum leaves out the worker's own start: on es-toolkit's specs, with a new process per file, 38 ms of
 * a file's ~300 ms (bench/sharding, session 4).
 */
export function fileCostMs(diagnostic: ModuleDiagnostic, workerMs?: unknown): number {
  const parts = [
    diagnostic.environmentSetupDuration,
    diagnostic.prepareDuration,
    diagnostic.setupDuration,
    diagnostic.collectDuration,
    diagnostic.duration,
  ];
  const sum = parts.reduce((total, ms) => total + (Number.isFinite(ms) && ms > 0 ? ms : 0), 0);
  const measured = typeof workerMs === 'number' && Number.isFinite(workerMs) ? workerMs : 0;
  return Math.round(Math.max(sum, measured));
}
