import type { ParameterInfo } from '../model/unit.js';
import type { Encoded } from '../model/value.js';

/** One argument tuple in this many passes its `Promise` parameters rejected (the second, the sixth…). */
export const REJECT_EVERY = 4;
/** What a rejected `Promise` parameter rejects with. */
const REJECTION: Encoded = { $: 'error', name: 'Error', message: 'rejected', ctor: 'Error' };

/**
 * The arguments of the `index`-th tuple as the call gets them: a `Promise<T>` parameter's value of `T`
 * passed resolved, or rejected on every {@link REJECT_EVERY}-th tuple, so that both the awaited value
 * and the error path are reached (functions, methods and constructors alike).
 */
export function withPromises(
  args: Encoded[],
  parameters: readonly ParameterInfo[],
  index: number,
): Encoded[] {
  if (!parameters.some((p) => p.promised)) return args;
  const rejected = index % REJECT_EVERY === 1;
  return args.map((arg, i) => {
    if (!parameters[i]?.promised) return arg;
    return rejected ? { $: 'rejected', v: REJECTION } : { $: 'resolved', v: arg };
  });
}
