import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { installFakes, onRefusal } from './fakes.js';

/** Folders the guarded runner may still write into (its coverage and cache folder), as JSON. */
export const GUARD_WRITABLE_ENV = 'ASSAY_GUARD_WRITABLE';

/** Starts the line the guard writes to the runner's console for each refusal. */
export const GUARD_LOG_PREFIX = '[assay guard] refused ';

const REPORT = Symbol.for('assay.guard.report');

/**
 * The guard of a validation run: writes only into `writable`, no process, connection, native code or
 * signal; exits are left to the runner, which reports them. Each refusal is also written to the
 * console the runner attributes to the running test (Vitest) and kept for {@link takeRefusals} (Jest,
 * in band in the runner child), so a refusal the code swallows still fails the test.
 */
export function installValidationGuard(writable: readonly string[]): void {
  const state = globalThis as unknown as Record<symbol, unknown>;
  // Bound now, before the test file loads: code under test that replaces console.error later does not
  // silence the report.
  state[REPORT] = console.error.bind(console);
  installFakes({ writable, descriptors: true });
  onRefusal((operation) => {
    const report = state[REPORT] as ((line: string) => void) | undefined;
    report?.(`${GUARD_LOG_PREFIX}${operation}`);
  });
}

/** The setup file that installs the guard: built beside the bundle in dist/, or the TypeScript source. */
export function guardSetupFile(): string {
  const built = fileURLToPath(new URL('./validation-setup.js', import.meta.url));
  return fs.existsSync(built) ? built : fileURLToPath(new URL('./validation-setup.ts', import.meta.url));
}
