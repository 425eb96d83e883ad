// Worker-side helpers for test files. Never imports main-process modules.
import { MARKER } from './constants.js';

/**
 * Quarantines a test where it is written: the test is treated as if it were on
 * `.assay/quarantine.json` (skipped in `skip` mode; run, recorded and not failing the build in
 * `report` mode; a plain test in `off` mode or without the assay environment). Same meaning as the
 * marker of `@assay/vitest-plugin/runtime`.
 *
 * @example
 * test('syncs with the server', quarantined('times out on CI, #412', async () => { ... }));
 */
export function quarantined<F extends (...args: never[]) => unknown>(reason: string, fn: F): F {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new TypeError(
      'quarantined(reason, fn): give the reason as a non-empty string (it shows in reports)',
    );
  }
  if (typeof fn !== 'function') throw new TypeError('quarantined(reason, fn): fn must be the test function');
  // A wrapper, not a mark on `fn` itself: the same function may back tests that are not quarantined.
  const wrapper = function (this: unknown, ...args: unknown[]) {
    return (fn as unknown as (...a: unknown[]) => unknown).apply(this, args);
  };
  // jest-circus passes a `done` callback when the function declares a parameter: keep the arity.
  Object.defineProperty(wrapper, 'length', { value: fn.length });
  Object.defineProperty(wrapper, MARKER, { value: reason });
  wrapper.toString = () => fn.toString();
  return wrapper as unknown as F;
}
