import { OutsideValue } from './outside.js';
import { PlatformValue } from './stub.js';

/**
 * A string that is equal for structurally equal values (NaN, -0, undefined and bigint included), used
 * to deduplicate inputs and compare outcomes.
 */
export function stableKey(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    return Object.is(value, -0) ? '-0' : String(value);
  }
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  if (value instanceof OutsideValue) return `outside:${stableKey(value.value)}`;
  if (value instanceof PlatformValue) return `${value.maker}(${stableKey(value.args)})`;
  if (value instanceof Date) return `Date(${value.getTime()})`;
  if (value instanceof RegExp || value instanceof Error) return `${value.constructor.name}(${String(value)})`;
  if (value instanceof ArrayBuffer) return `ArrayBuffer${stableKey([...new Uint8Array(value)])}`;
  if (value instanceof DataView)
    return `DataView${stableKey([...new Uint8Array(value.buffer, value.byteOffset, value.byteLength)])}`;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return `${value.constructor.name}${stableKey([...(value as unknown as Iterable<unknown>)])}`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${stableKey(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? String(value);
}
