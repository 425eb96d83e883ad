import type { Outcome } from '../model/observation.js';
import type { Encoded } from '../model/value.js';

/**
 * The kind of an outcome, coarser than its value: a return of `true` and of `false` differ, two
 * different numbers do not, each distinct error (class and message) is its own kind.
 */
export function outcomeClass(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'return':
      return `return:${valueClass(outcome.value)}`;
    case 'throw': {
      const error = outcome.error;
      if (error !== null && typeof error === 'object' && !Array.isArray(error) && error.$ === 'error') {
        return `throw:${error.ctor}:${messageShape(error.message)}`;
      }
      return `throw:${JSON.stringify(error)}`;
    }
    default:
      return outcome.kind;
  }
}

/** The family of an outcome's kind: the error class for throws (see `KINDS_PER_FAMILY`), else none. */
export function outcomeFamily(outcome: Outcome): string | undefined {
  if (outcome.kind !== 'throw') return undefined;
  const error = outcome.error;
  return error !== null && typeof error === 'object' && !Array.isArray(error) && error.$ === 'error'
    ? `throw:${error.ctor}`
    : 'throw';
}

function valueClass(value: Encoded): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value === '' ? 'empty-string' : 'string';
  if (typeof value === 'number') return value === 0 ? 'zero' : value < 0 ? 'negative' : 'positive';
  if (Array.isArray(value)) return value.length === 0 ? 'empty-array' : 'array';
  if (value.$ === 'number') return value.v;
  if (value.$ === 'object') return Object.keys(value.v).length === 0 ? 'empty-object' : 'object';
  return value.$;
}

/**
 * A message with its numbers and quoted parts blanked: "got 0.5" and "got -3" are the same error
 * reported for different inputs, not two behaviours worth a test each.
 */
function messageShape(message: string): string {
  return message.replace(/(["'`]).*?\1/g, '"…"').replace(/-?(\d+(\.\d+)?(e[+-]?\d+)?|NaN|Infinity)/gi, '#');
}
