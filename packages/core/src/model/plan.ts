/** Plans: what to write for each unit of a file, render's input. */

import type { CheckedExample, TestGroup } from './case.js';
import type { SequenceObservation } from './observation.js';
import type { ClassUnit, FunctionUnit } from './unit.js';

export interface UnitPlan {
  unit: FunctionUnit;
  groups: TestGroup[];
  /** Written first in the unit's block: the documented behaviour. */
  examples?: CheckedExample[];
}

/** The sequences chosen for a class, one test each, in the order the file runs them. */
export interface ClassPlan {
  kind: 'class';
  unit: ClassUnit;
  sequences: SequenceObservation[];
}

export type Plan = UnitPlan | ClassPlan;

/** The property tests block of a file, as exploration returns it. */
export type PropertyBlock = { code: string; imports: string[]; count: number } | undefined;
