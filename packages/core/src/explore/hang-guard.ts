import type { Problem } from '../model/report.js';

/**
 * The wall-clock limit on one unit's exploration. Exploration stops on counts (candidates, sequences),
 * never on time, so that a busy machine writes the same tests as an idle one; this guard only ends a
 * unit that is stuck far beyond what its counts should take, and says so in the report.
 */
export class HangGuard {
  readonly #deadline: number;
  #fired = false;

  constructor(readonly limitMs: number) {
    this.#deadline = Date.now() + limitMs;
  }

  /** True once the limit has passed (and from then on). */
  expired(): boolean {
    if (!this.#fired && Date.now() > this.#deadline) this.#fired = true;
    return this.#fired;
  }

  /** The `timeout` problem to report for `unit` when the guard stopped its exploration. */
  problem(unit: string): Problem[] {
    if (!this.#fired) return [];
    return [
      {
        code: 'timeout',
        unit,
        hangGuard: true,
        message: `${unit}: exploration was stopped by the ${this.limitMs / 1000} s hang guard (unitBudgetMs) before it tried every input; the tests written for it may differ on a less busy machine (raise --unit-budget)`,
      },
    ];
  }
}
