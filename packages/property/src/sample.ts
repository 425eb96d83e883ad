import fc from 'fast-check';
import type { ArbitrarySpec } from './spec.js';
import { type ArbitraryOptions, toArbitrary } from './to-arbitrary.js';

export interface SampleOptions {
  /** Same seed, same values: generation must be reproducible. @default 42 */
  seed?: number;
  /** How many values to draw. @default 20 */
  count?: number;
  /** Values a person would write (see `ArbitraryOptions.readable`). @default false */
  readable?: boolean;
  /** The class of an instance spec (see `ArbitraryOptions.resolveClass`). */
  resolveClass?: ArbitraryOptions['resolveClass'];
  /** How promises of drawn values are made (see `ArbitraryOptions.promise`). */
  promise?: ArbitraryOptions['promise'];
  /** How web platform values are made (see `ArbitraryOptions.platform`). */
  platform?: ArbitraryOptions['platform'];
}

/**
 * Draws values from a spec with a fixed seed.
 *
 * @example
 * ```ts
 * sampleValues({ kind: 'string' }, { seed: 1, count: 5 });
 * ```
 */
export function sampleValues(spec: ArbitrarySpec, options: SampleOptions = {}): unknown[] {
  return fc.sample(
    toArbitrary(spec, {
      readable: options.readable ?? false,
      ...(options.resolveClass ? { resolveClass: options.resolveClass } : {}),
      ...(options.promise ? { promise: options.promise } : {}),
      ...(options.platform ? { platform: options.platform } : {}),
    }),
    {
      seed: options.seed ?? 42,
      numRuns: options.count ?? 20,
    },
  );
}

/**
 * A few strings that match a regular expression (fast-check's `stringMatching`), with a fixed seed.
 * Patterns fast-check cannot generate from (back-references, look-behind) give none.
 *
 * @example
 * ```ts
 * stringsMatching('^(\\d+)s$', ''); // e.g. ['0s', '31s', '7s']
 * ```
 */
export function stringsMatching(
  source: string,
  flags = '',
  options: { seed?: number; count?: number } = {},
): string[] {
  try {
    const arbitrary = fc.stringMatching(new RegExp(source, flags.replace(/[gy]/g, '')));
    return [...new Set(fc.sample(arbitrary, { seed: options.seed ?? 42, numRuns: options.count ?? 4 }))];
  } catch {
    return [];
  }
}
