import { ERROR_TYPES } from '@assay/property';

/** The language's own error classes: tests name them without importing anything. */
export const BUILT_IN_ERRORS: ReadonlySet<string> = new Set<string>([...ERROR_TYPES, 'AggregateError']);

/** Whether an error of this class is made from its message alone (`new TypeError('a')`). */
export function madeFromMessage(ctor: string): boolean {
  return BUILT_IN_ERRORS.has(ctor) && ctor !== 'AggregateError';
}
