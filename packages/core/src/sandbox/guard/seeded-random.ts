/**
 * `Math.random` in the sandbox: a fixed, evenly spread sequence (multiples of the golden ratio, modulo
 * 1) that restarts at every request. A call that reads it therefore gives the same outcome every time it
 * is made, and a generated test that installs the same sequence (`vi.spyOn(Math, 'random')` with
 * model/random.ts's `RANDOM_SEQUENCE_CODE`) sees exactly what the sandbox saw.
 *
 * Whether a result depends on the draws at all is asked by calling again on another sequence (`start`
 * 0.5): a randomized-pivot sort returns the same either way and is asserted without any mock.
 */

import { GOLDEN } from '../../model/random.js';

let draw = 0;
let start = 0;

/** Starts the sequence afresh: at 0 (what tests install) or at another point, to see if results depend on it. */
export function restartRandom(at = 0): void {
  draw = 0;
  start = at;
}

/** The next value; `start + …` is exact for `start` 0, so the sandbox and the test compute the same number. */
export function nextRandom(): number {
  return (start + draw++ * GOLDEN) % 1;
}
