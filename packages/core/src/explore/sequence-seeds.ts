import type { ArbitrarySpec } from '@assay/property';
import { findInSpec } from '../analyze/find-in-spec.js';
import type { Outcome, Step } from '../model/observation.js';
import type { ClassUnit, MethodInfo } from '../model/unit.js';
import type { Encoded } from '../model/value.js';

/**
 * Sequence shapes that random extension rarely builds but that reach a data structure's code: stories
 * (add three elements, then read one back), tours (add, then every other method once) and calls whose
 * arguments are values an earlier step passed in (`set('a', 1)` … `get('a')`).
 */

const ADDS = /^(push|add|set|put|insert|enqueue|append|prepend|unshift|offer|write)/i;
const READS =
  /^(pop|peek|get|shift|dequeue|poll|remove|delete|has|top|first|last|front|back|read|take|evict)/i;

/** How far the clock moves in a "time passes" step: a second, and a day (past most expiry times). */
export const CLOCK_STEPS_MS = [1_000, 86_400_000] as const;

/**
 * The same for a class that sets timers: shorter, since every interval callback runs as the fake
 * clock moves (a 1 ms interval over a day would be 86 million calls).
 */
export const TIMER_STEPS_MS = [100, 1_000, 60_000] as const;

/** A step that lets time pass on the fake clock instead of calling a method. */
export function timePasses(ms: number): Step {
  return { method: 'advanceTimersByTime', args: [], advanceMs: ms };
}

/** A method with the argument tuples drawn for it. */
export interface MethodArgs {
  method: MethodInfo;
  args: Encoded[][];
}

/** The methods that add elements (`push`, `set`, `enqueue` …) and take arguments. */
export function adders(methods: readonly MethodArgs[]): MethodArgs[] {
  return methods.filter(
    (m) => ADDS.test(m.method.name) && m.method.parameters.length > 0 && m.args.length > 0,
  );
}

/**
 * Three adds with different arguments (keys and values alike, where the types allow): what shows a
 * stack's order or a cache's eviction.
 */
export function threeAdds(adder: MethodArgs): Step[] {
  const columns = adder.method.parameters.map((_, p) => {
    const seen = new Map(adder.args.map((tuple) => [JSON.stringify(tuple[p]), tuple[p]!]));
    return [...seen.values()];
  });
  return [0, 1, 2].map((i) => ({
    method: adder.method.name,
    args: columns.map((column) => column[Math.min(i, column.length - 1)]!),
  }));
}

/**
 * Data-structure stories: three adds, then one read or removal, once per reading method; a reader that
 * takes arguments is asked for the first element added (gone from a full cache, at the bottom of a
 * stack) and for the last one.
 */
export function stories(methods: readonly MethodArgs[], laterMs?: number): Step[][] {
  const readers = methods.filter((m) => READS.test(m.method.name));
  return adders(methods)
    .slice(0, 2)
    .flatMap((adder) => {
      const adds = threeAdds(adder);
      return readers.flatMap((reader) => {
        if (reader.method.parameters.length === 0)
          return [[...adds, { method: reader.method.name, args: [] }]];
        const asked = [adds[0]!, adds[2]!].flatMap((add) => {
          const args = reusedArgs(reader.method, [add]);
          return args ? [args] : [];
        });
        const variants = asked.length > 0 ? asked : [reader.args[0] ?? []];
        const distinct = new Map(variants.map((args) => [JSON.stringify(args), args]));
        return [...distinct.values()].flatMap((args) => {
          const read = { method: reader.method.name, args };
          // With the clock faked, the same read some time later: what expires has.
          const later = laterMs === undefined ? [] : [[...adds, timePasses(laterMs), read]];
          return [[...adds, read], ...later];
        });
      });
    });
}

/**
 * Tours: a few adds, then every other method once in declaration order, cut into sequences of at most
 * `maxSteps` calls. One tour reaches what a method does on a structure that holds something, which the
 * single calls on a fresh instance never show; a call that throws ends its sequence (and is asserted).
 */
export function tours(methods: readonly MethodArgs[], maxSteps: number): Step[][] {
  const adder = adders(methods)[0];
  const prefix = adder ? threeAdds(adder) : [];
  const rest = methods.filter((m) => m !== adder);
  const room = Math.max(1, maxSteps - prefix.length);
  const out: Step[][] = [];
  for (let start = 0; start < rest.length; start += room) {
    const steps = [...prefix];
    for (const m of rest.slice(start, start + room))
      steps.push({ method: m.method.name, args: reusedArgs(m.method, steps) ?? m.args[0] ?? [] });
    out.push(steps);
  }
  return out;
}

/**
 * Arguments for `method` made of values earlier steps passed (latest first), when every parameter can
 * take one: `get(key)` after `set(key, value)`, `delete(x)` after `push(x)`. Undefined when some
 * parameter has no earlier value of its type.
 */
export function reusedArgs(method: MethodInfo, earlier: readonly Step[], skip = 0): Encoded[] | undefined {
  if (method.parameters.length === 0) return undefined;
  const values = earlier.flatMap((s) => s.args).reverse();
  const args: Encoded[] = [];
  for (const parameter of method.parameters) {
    if (parameter.rest) return undefined;
    const fitting = values.filter((v) => fits(v, parameter.spec) && !args.includes(v));
    const value = fitting[Math.min(skip, fitting.length - 1)];
    if (value === undefined) return undefined;
    args.push(value);
  }
  return args;
}

/**
 * Arguments for `method` that pass back objects earlier steps returned (`list.remove(node)` with the
 * node `list.push(3)` gave) wherever a parameter takes an object; the others keep `drawn`. Undefined when
 * no parameter takes an object or no step returned one.
 */
export function resultArgs(
  method: MethodInfo,
  returned: readonly Outcome[],
  drawn: readonly Encoded[],
  choose: (count: number) => number,
): Encoded[] | undefined {
  const objects = returned.flatMap((o, i) =>
    o.kind === 'return' && isObjectValue(o.value) && !o.async ? [i] : [],
  );
  if (objects.length === 0) return undefined;
  let passed = false;
  const args = method.parameters.map((parameter, k): Encoded => {
    const takesObject = findInSpec(parameter.spec, (s) => s.kind === 'object' || s.kind === 'recursive');
    if (parameter.rest || !takesObject) return drawn[k] ?? { $: 'undefined' };
    passed = true;
    return { $: 'result', step: objects[choose(objects.length)]! };
  });
  return passed ? args : undefined;
}

function isObjectValue(value: Encoded): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? value.$ === 'instance' || value.$ === 'object'
    : false;
}

/** Whether an encoded value could be an argument of this spec, by kind (ranges are not checked). */
function fits(value: Encoded, spec: ArbitrarySpec): boolean {
  switch (spec.kind) {
    case 'union':
      return spec.members.some((m) => fits(value, m));
    case 'branded':
      return fits(value, spec.spec);
    case 'number':
      return typeof value === 'number' && (!spec.integer || Number.isInteger(value));
    case 'string':
    case 'template':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'constant':
      return spec.value !== undefined && value === spec.value;
    case 'anything':
      return typeof value === 'number' || typeof value === 'string';
    default:
      return false;
  }
}

/**
 * How much a value holds: an empty array or an absent option holds nothing, a list of three elements or
 * an options object with every callback set holds much. The fullest constructor arguments make an
 * instance whose methods have something to work on.
 */
export function fill(value: Encoded): number {
  if (value === null || typeof value !== 'object') return 1;
  if (Array.isArray(value))
    return value.length === 0 ? 0 : 1 + value.reduce<number>((n, v) => n + fill(v), 0);
  switch (value.$) {
    case 'undefined':
      return 0;
    case 'object':
      return 1 + Object.values(value.v).reduce<number>((n, v) => n + fill(v), 0);
    case 'stub':
      return value.like ? 3 : 2;
    case 'map':
    case 'set':
      return value.v.length === 0 ? 0 : 1 + value.v.length;
    default:
      return 1;
  }
}

/** Per parameter, the fullest value any of the tuples has for it (see {@link fill}). */
export function fullestTuple(tuples: readonly Encoded[][]): Encoded[] | undefined {
  if (tuples.length === 0) return undefined;
  const width = Math.max(...tuples.map((t) => t.length));
  return Array.from({ length: width }, (_, i) => {
    let best: Encoded = tuples[0]![i] ?? { $: 'undefined' };
    for (const tuple of tuples) if (i < tuple.length && fill(tuple[i]!) > fill(best)) best = tuple[i]!;
    return best;
  });
}

/** The unit's methods paired with their drawn arguments. */
export function methodArgsOf(unit: ClassUnit, args: readonly Encoded[][][]): MethodArgs[] {
  return unit.methods.map((method, i) => ({ method, args: args[i] ?? [] }));
}
