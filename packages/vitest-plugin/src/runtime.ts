// Worker-side helpers for test files. Never imports main-process modules.
import { inject } from 'vitest';
import { META_QUARANTINE, PROVIDE_KEY, type WorkerConfig } from './shared.js';

interface MarkerContext {
  task: { meta: Record<string, unknown> };
  skip: (note?: string) => never;
}

/**
 * Quarantines a test where it is written: the test is treated as if it were on
 * `.assay/quarantine.json` (skipped in `skip` mode; run, recorded and not failing the build in
 * `report` mode; a plain test in `off` mode or without the plugin).
 *
 * @example
 * test('syncs with the server', quarantined('times out on CI, #412', async () => { ... }));
 */
export function quarantined<F extends (...args: never[]) => unknown>(reason: string, fn: F): F {
  const config = (inject as (key: string) => unknown)(PROVIDE_KEY) as WorkerConfig | undefined;
  const wrapper = function (this: unknown, ...args: unknown[]) {
    const context = args[0] as MarkerContext | undefined;
    if (config && config.mode !== 'off' && context?.task) {
      context.task.meta[META_QUARANTINE] = reason;
      if (config.mode === 'skip') context.skip(`quarantined: ${reason}`);
    }
    return (fn as unknown as (...a: unknown[]) => unknown).apply(this, args);
  };
  // Vitest reads the test function's source to find the fixtures it uses: show it the original.
  wrapper.toString = () => fn.toString();
  return wrapper as unknown as F;
}
