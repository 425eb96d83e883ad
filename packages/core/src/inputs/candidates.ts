import { type ArbitrarySpec, boundaryValues, sampleValues, stringsMatching } from '@assay/property';
import type { FunctionUnit, MinedConstants } from '../model/unit.js';
import { OutsideValue, outsideProbes } from './outside.js';
import { stableKey } from './stable-key.js';
import { platformValue, promisedValue, recordingClass } from './stub.js';

/**
 * Instances of the module's classes are drawn as recorded constructor calls (see `BuiltValue`),
 * promises as what they settle with (see `PromisedValue`), web platform objects as how they are made
 * (see `PlatformValue`).
 */
const DRAW = { resolveClass: recordingClass, promise: promisedValue, platform: platformValue };

/** One way to call a unit: its argument values, in parameter order (rest values flattened last). */
export interface Candidate {
  args: unknown[];
  /** Where the tuple came from, for debugging and reports. */
  origin: 'boundary' | 'constant' | 'random';
}

/**
 * Argument tuples for a unit, most telling first: boundaries of each parameter (one at a time, the
 * others at a base value), the constants its conditions compare against and their neighbours, then
 * a seeded random sample. Duplicates are removed; at most `max` are returned.
 */
export function candidatesFor(
  unit: FunctionUnit,
  options: {
    seed: number;
    max: number;
    /**
     * Also pass `null` and `undefined` where the types exclude them (see `OutsideValue`): written
     * `null as never` (`'cast'`, TypeScript tests) or `null` (`'plain'`, JavaScript tests).
     * @default not passed
     */
    outside?: 'cast' | 'plain';
  },
): Candidate[] {
  const specs = unit.parameters.map((p) => p.spec);
  const seen = new Set<string>();
  const out: Candidate[] = [];
  const add = (args: unknown[], origin: Candidate['origin']) => {
    const key = stableKey(args);
    if (out.length >= options.max || seen.has(key)) return;
    seen.add(key);
    out.push({ args, origin });
  };

  if (specs.length === 0) {
    add([], 'boundary');
    return out;
  }

  const perParameter = specs.map((spec) => boundaryValues(spec, DRAW));
  const base = perParameter.map((values) => values[0]);
  add(base, 'boundary');
  // Constants first: they are what the code's branches test, so they reach the most code per call.
  const mined = specs.map((spec) => constantValues(spec, unit.constants));
  forEachVariation(base, mined, (args) => add(args, 'constant'));
  forEachVariation(base, perParameter, (args) => add(args, 'boundary'));
  if (options.outside) {
    for (const index of outsideProbes(unit.parameters)) {
      for (const value of [undefined, null]) {
        const args = [...base];
        args[index] = new OutsideValue(value, options.outside === 'cast');
        add(args, 'boundary');
      }
    }
  }
  // Pairs of constants: conditions that relate two parameters (`min > max`) need both to move.
  for (let i = 0; i < specs.length; i++) {
    for (let j = i + 1; j < specs.length; j++) {
      for (const a of mined[i]!.slice(0, 6)) {
        for (const b of mined[j]!.slice(0, 6)) {
          const args = [...base];
          args[i] = a;
          args[j] = b;
          add(args, 'constant');
        }
      }
    }
  }
  const randomCount = Math.max(10, options.max - out.length);
  const tuples = sampleValues(
    { kind: 'tuple', items: specs },
    { seed: options.seed, count: randomCount, readable: true, ...DRAW },
  );
  for (const tuple of tuples) add(tuple as unknown[], 'random');
  return out;
}

function forEachVariation(base: unknown[], values: unknown[][], visit: (args: unknown[]) => void): void {
  values.forEach((options, index) => {
    for (const value of options) {
      const args = [...base];
      args[index] = value;
      visit(args);
    }
  });
}

/** Mined constants (and their neighbours) that fit a parameter's spec. */
export function constantValues(spec: ArbitrarySpec, constants: MinedConstants): unknown[] {
  switch (spec.kind) {
    case 'number': {
      const around = constants.numbers.flatMap((c) => [c, c - 1, c + 1]);
      return around.filter(
        (n) =>
          (!spec.integer || Number.isInteger(n)) &&
          (spec.min === undefined || n >= spec.min) &&
          (spec.max === undefined || n <= spec.max),
      );
    }
    case 'string': {
      const fromStrings = constants.strings.flatMap((s) => [s, `${s}x`, `x${s}`]);
      // A separator the code splits on or looks for (`&`, `=`, `, `): text that holds it between
      // items, and the same item more than once (a query's repeated key, a duplicate in a list).
      const fromSeparators = constants.strings
        .filter((s) => SEPARATOR.test(s))
        .flatMap((s) => [`a${s}b`, `a${s}a${s}a`]);
      const fromLengths = constants.lengths
        .flatMap((n) => [n - 1, n, n + 1])
        .filter((n) => n >= 0 && n <= 1000)
        .map((n) => 'a'.repeat(n));
      const fromPatterns = constants.patterns.flatMap(([source, flags]) => stringsMatching(source, flags));
      return [...fromStrings, ...fromSeparators, ...fromPatterns, ...fromLengths];
    }
    case 'array': {
      const items = boundaryValues(spec.item, DRAW);
      return constants.lengths
        .flatMap((n) => [n - 1, n, n + 1])
        .filter((n) => n >= 0 && n <= 50)
        .map((n) => Array.from({ length: n }, (_, i) => items[i % items.length]));
    }
    case 'union':
      return spec.members.flatMap((member) => constantValues(member, constants));
    case 'object': {
      // Vary one property at a time with the constants compared against a property of that name.
      const base = boundaryValues(spec, DRAW)[0] as Record<string, unknown>;
      return spec.properties.flatMap((property) => {
        // Own keys only: a property named `constructor` must not find Object.prototype.constructor.
        const named = Object.hasOwn(constants.byProperty, property.name)
          ? constants.byProperty[property.name]!
          : [];
        const fitting = constantValues(property.spec, {
          ...constants,
          numbers: named.filter(isNumber),
          strings: named.filter(isString),
        });
        const nested = property.spec.kind === 'object' ? constantValues(property.spec, constants) : [];
        return [...fitting, ...nested].map((value) => ({ ...base, [property.name]: value }));
      });
    }
    case 'tuple':
      return spec.items.flatMap((item, index) => {
        const base = boundaryValues(spec, DRAW)[0] as unknown[];
        return constantValues(item, constants).map((value) => base.map((v, i) => (i === index ? value : v)));
      });
    default:
      return [];
  }
}

/** Short runs of punctuation or spaces: what code splits text on. */
const SEPARATOR = /^[^\p{L}\p{N}]{1,3}$/u;

const isNumber = (v: unknown): v is number => typeof v === 'number';
const isString = (v: unknown): v is string => typeof v === 'string';
