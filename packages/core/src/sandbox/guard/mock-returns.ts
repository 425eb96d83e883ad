import type { MockReturnsVariant } from '../../model/observation.js';
import type { MockReturn } from '../../model/unit.js';
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

/** What the mocked function at `fn` returns now, given its module's {@link MockReturn}s. */
export function mockReturnValue(returns: readonly MockReturn[] | undefined, fn: string): unknown {
  const found = returnsSet ? returns?.find((r) => r.name === fn) : undefined;
  if (!found) return undefined;
  if (!current.has(found))
    current.set(found, decode(variant === 'empty' && found.empty !== undefined ? found.empty : found.value));
  const value = current.get(found);
  return found.async ? Promise.resolve(value) : value;
}
