import type { MockReturnsVariant } from '../../model/observation.js';
import { CALLBACK_ERROR, type MockReturn } from '../../model/unit.js';
import { decode } from '../codec.js';

/**
 * Mocked functions (built-ins and local modules alike) return undefined while the module under test
 * loads (the test file's imports run before its `beforeEach` sets any return value), then what
 * {@link MockReturn} says from the first call on.
 */
let returnsSet = false;
let variant: MockReturnsVariant | undefined;
/** Per mocked function, the value it returns during the current call: one object, as `mockReturnValue` gives. */
const current = new Map<MockReturn, unknown>();

/**
 * Starts a test afresh, as the test's `beforeEach` does: mocked functions return new copies of their
 * values from now on (what one test did to a returned object does not carry into the next), their
 * empty ones when the test sets those.
 */
export function resetMockReturns(returns?: MockReturnsVariant): void {
  returnsSet = true;
  variant = returns;
  current.clear();
}

/**
 * What the mocked function at `fn` returns now, given its module's {@link MockReturn}s; one answering
 * through a callback calls its last function argument instead (see {@link MockReturn.callback}).
 */
export function mockReturnValue(
  returns: readonly MockReturn[] | undefined,
  fn: string,
  args: readonly unknown[] = [],
): unknown {
  const found = returnsSet ? returns?.find((r) => r.name === fn) : undefined;
  if (!found) return undefined;
  if (found.callback) {
    const callback = args.at(-1);
    if (typeof callback !== 'function') return undefined;
    if (variant === 'empty') callback(new Error(CALLBACK_ERROR));
    else callback(null, decode(found.value));
    return undefined;
  }
  if (!current.has(found))
    current.set(found, decode(variant === 'empty' && found.empty !== undefined ? found.empty : found.value));
  const value = current.get(found);
  return found.async ? Promise.resolve(value) : value;
}
