// Memory sizes as users write them. Imports nothing of the history store: worker code reads budgets too.
import bytes from 'bytes';
import { OptionError } from './errors.js';

const MB = 1024 * 1024;
/** Below this a Node worker cannot even start its runner: such a budget is a typo. */
export const MIN_BUDGET = 64 * MB;
const BUDGET_FORMAT = /^\s*\d+(\.\d+)?\s*(b|kb|mb|gb|tb)\s*$/i;

/**
 * Reads a memory budget: a string with a unit (`'4GB'`, `'512MB'`, `'1.5gb'`; units are powers of
 * 1024) or a number of bytes. `option` names the setting in the error message.
 *
 * @example
 * parseMemoryBudget('4GB', 'assay({ memoryBudget })'); // 4294967296
 */
export function parseMemoryBudget(value: unknown, option: string): number {
  let parsed: number | null = null;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) parsed = Math.floor(value);
  else if (typeof value === 'string' && BUDGET_FORMAT.test(value)) parsed = bytes.parse(value);
  if (parsed === null || !Number.isFinite(parsed)) {
    throw new OptionError(
      option,
      `${JSON.stringify(value)} is not a memory size. Give a number with a unit, e.g. '4GB' or '512MB', or a number of bytes.`,
    );
  }
  if (parsed < MIN_BUDGET) {
    throw new OptionError(
      option,
      `${JSON.stringify(value)} is ${formatBytes(parsed)}, too small for even one test worker (at least 64MB). Did you forget the unit, e.g. '4GB'?`,
    );
  }
  return parsed;
}

/** A size for people: `1.5 GB`, `512 MB`. */
export function formatBytes(value: number): string {
  return bytes.format(value, { unitSeparator: ' ', decimalPlaces: 1 }) ?? `${value} B`;
}
