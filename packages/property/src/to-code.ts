import { print } from './_internals/expr.js';
import { planSpec } from './_internals/plan.js';
import type { ArbitrarySpec } from './spec.js';

export interface CodeOptions {
  /** The readable variant (see `ArbitraryOptions.readable`). @default false */
  readable?: boolean;
  /**
   * TypeScript output: casts where fast-check's inference loses the type (branded types, template
   * literals, tuples with optional or rest elements, recursive types), so the arbitrary type-checks
   * as `fc.Arbitrary<T>`. Named types it casts to must be in scope.
   * @default false
   */
  typescript?: boolean;
}

/**
 * Renders a spec as fast-check source code, for generated tests. `fc` must be in scope, and so must
 * the classes of instance specs (by their `className`) and the enums of labelled constants.
 *
 * @example
 * ```ts
 * toCode({ kind: 'tuple', items: [{ kind: 'boolean' }, { kind: 'string' }] });
 * // 'fc.tuple(fc.boolean(), fc.string())'
 * ```
 */
export function toCode(spec: ArbitrarySpec, options: CodeOptions = {}): string {
  return print(
    planSpec(spec, { readable: options.readable ?? false, live: false }),
    new Map(),
    options.typescript ?? false,
  );
}
