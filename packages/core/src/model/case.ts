/** Cases: observations chosen to be written, and how each is asserted. */

import type { Observation, Outcome } from './observation.js';
import type { DocExample } from './unit.js';
import type { Encoded } from './value.js';

/** A case worth writing: an observation whose outcome can be asserted, with the points it covers. */
export interface SelectedCase {
  observation: Observation;
  points: Set<string>;
}

/** How an observed outcome is checked in the generated test. */
export type Assertion =
  | {
      kind: 'value';
      matcher: 'toBe' | 'toEqual' | 'toBeNaN' | 'toBeUndefined' | 'toBeNull';
      expected: Encoded;
      async: boolean;
    }
  | {
      /** An instance of a class the module exports: toBeInstanceOf, then toMatchObject on its fields. */
      kind: 'instance';
      ctor: string;
      /** The instance's fields that can be written as literals. */
      fields: Encoded;
      async: boolean;
    }
  | {
      /** The unit returned a function: the test calls it as exploration did, runs the timers, checks the stubs. */
      kind: 'returned-function';
      async: false;
    }
  | {
      kind: 'throws';
      /** The error class to check with `toThrow(Class)`, when it is a built-in or exported by the module. */
      errorClass: string | undefined;
      /** Checked with `toThrow(message)`; left out when empty. */
      message: string | undefined;
      /** Name of the thrown class, for the test title. */
      shownAs: string;
      async: boolean;
      /**
       * Check with one call only (the message, else the class): the case passes callback stubs, whose
       * call counts a second call would double.
       */
      once?: boolean;
      /**
       * A rejection with a non-Error value: checked with `rejects.toEqual(value)`, since Jest's
       * `rejects.toThrow()` only accepts Error objects.
       */
      rejectedWith?: Encoded;
    };

export interface PlannedCase {
  observation: Observation;
  assertion: Assertion;
}

/** Cases checked the same way: written as one `test.each` table when there are several. */
export interface TestGroup {
  cases: PlannedCase[];
}

/** A JSDoc example whose stated result the code really gives: written as a test in the example's own words. */
export interface CheckedExample {
  example: DocExample;
  /** What the call gave in the sandbox (for the error class, and to verify it again). */
  outcome: Outcome;
}
