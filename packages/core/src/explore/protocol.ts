import type { Encoded } from './codec.js';

/** Parent → child: call one export with these arguments. */
export interface CallRequest {
  type: 'call';
  id: number;
  /** Property path from the module namespace to the function: `['clamp']`, `['Text', 'camelCase']`. */
  path: string[];
  args: Encoded[];
  /** The last argument holds a rest parameter's values, spread into the call. */
  spreadLast: boolean;
  timeoutMs: number;
}

/** What a call did. */
export type Outcome =
  | { kind: 'return'; value: Encoded; async: boolean }
  | { kind: 'throw'; error: Encoded; async: boolean }
  | { kind: 'timeout' }
  | { kind: 'exit'; code: number | undefined }
  | { kind: 'blocked'; operation: string };

/** One V8 coverage range of the module under test: [start offset, end offset, count]. */
export type CoverageRange = [number, number, number];

/** Child → parent. */
export type ChildMessage =
  | { type: 'ready' }
  | { type: 'load-error'; message: string }
  | { type: 'result'; id: number; outcome: Outcome; ranges: CoverageRange[] };

/** Set in the child's environment: the absolute path of the module to load. */
export const MODULE_ENV = 'ASSAY_SANDBOX_MODULE';
