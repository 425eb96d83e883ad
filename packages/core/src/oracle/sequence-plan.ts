import type { ClassUnit } from '../analyze/unit.js';
import type { SequenceObservation } from '../explore/explore-class.js';

/** The sequences chosen for a class, one test each, in the order the file runs them. */
export interface ClassPlan {
  kind: 'class';
  unit: ClassUnit;
  sequences: SequenceObservation[];
}
