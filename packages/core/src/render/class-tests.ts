import { nameableClass } from '../model/globals.js';
import type { Outcome, SequenceObservation, Step } from '../model/observation.js';
import type { Framework } from '../model/options.js';
import type { ClassPlan } from '../model/plan.js';
import type { ClassUnit } from '../model/unit.js';
import type { Encoded } from '../model/value.js';
import { opaqueInside } from '../sandbox/codec.js';
import { renderLiteral, resultKey } from './literal.js';
import { stubCallChecks, stubDeclarations, stubsOf } from './stubs.js';
import type { RenderedTest } from './test-file.js';
import { indent, shorten } from './text.js';
import { allTimersOptions } from './timers.js';

/**
 * A class's tests: one per sequence, which constructs an instance, calls the steps in order asserting
 * each result, and ends with the instance's observable state.
 */
export function renderClassTests(
  plan: ClassPlan,
  exportedNames: ReadonlySet<string>,
  framework: Framework,
): RenderedTest[] {
  return plan.sequences.map((sequence) => ({
    kind: 'sequence',
    code: renderSequence(plan.unit, sequence, exportedNames, framework),
  }));
}

function renderSequence(
  unit: ClassUnit,
  sequence: SequenceObservation,
  exportedNames: ReadonlySet<string>,
  framework: Framework,
): string {
  const instance = instanceName(unit);
  // Callback arguments are stubs declared first, named after their parameter, and checked at the end.
  const used = new Set([unit.name, instance]);
  const stubs = [
    ...stubsOf(
      sequence.constructorArgs,
      unit.constructorParameters.map((p) => p.name),
      used,
    ),
    ...sequence.steps.flatMap((step) =>
      stubsOf(
        step.args,
        (unit.methods.find((m) => m.name === step.method)?.parameters ?? []).map((p) => p.name),
        used,
      ),
    ),
  ];
  const stubNames = new Map(stubs.map((s) => [s.id, s.name]));
  // Steps whose result a later step passes back (`remove(node)`) keep it in a variable.
  for (const step of referencedSteps(sequence.steps)) {
    let name = `${sequence.steps[step]!.method}Result`;
    while (used.has(name)) name = `${name}${step}`;
    used.add(name);
    stubNames.set(resultKey(step), name);
  }
  const constructed = `${unit.factory ? '' : 'new '}${unit.name}(${renderArgs(sequence.constructorArgs, unit.constructorParameters, unit.constructorParameters.at(-1)?.rest, stubNames)})`;
  const { construct, steps } = sequence.outcome;
  const stubLines = stubDeclarations(stubs, framework);
  const callChecks = stubCallChecks(stubs, sequence.outcome.calls);
  if (construct.kind === 'throw') {
    const title = `${constructed} ${throwWords(construct)}`;
    return test(title, construct.async, [
      ...stubLines,
      ...(unit.usesTimers
        ? [`${framework === 'vitest' ? 'vi' : 'jest'}.useFakeTimers(${allTimersOptions(framework)});`]
        : []),
      throwCheck(`() => ${constructed}`, construct),
      ...callChecks,
    ]);
  }
  const timers = framework === 'vitest' ? 'vi' : 'jest';
  // A class that sets timers runs under fake timers, as it was explored: time moves only when told.
  const fake = unit.usesTimers ? [`${timers}.useFakeTimers(${allTimersOptions(framework)});`] : [];
  const lines = [...stubLines, ...fake, `const ${instance} = ${constructed};`];
  let isAsync = false;
  sequence.steps.forEach((step, i) => {
    const outcome = steps[i]!;
    if (step.advanceMs !== undefined) {
      const advance = `${timers}.advanceTimersByTime(${step.advanceMs})`;
      lines.push(outcome.kind === 'throw' ? throwCheck(`() => ${advance}`, outcome) : `${advance};`);
      return;
    }
    const method = unit.methods.find((m) => m.name === step.method);
    const call = `${instance}.${step.method}(${renderArgs(step.args, method?.parameters ?? [], method?.parameters.at(-1)?.rest, stubNames)})`;
    if (outcome.kind === 'throw') {
      isAsync ||= outcome.async;
      lines.push(outcome.async ? `await ${throwCheck(call, outcome)}` : throwCheck(`() => ${call}`, outcome));
      return;
    }
    if (outcome.kind !== 'return') return;
    isAsync ||= outcome.async;
    const kept = stubNames.get(resultKey(i));
    if (kept) {
      lines.push(`const ${kept} = ${outcome.async ? 'await ' : ''}${call};`);
      const check = valueCheck(`expect(${kept})`, outcome.value, instance, exportedNames);
      if (check) lines.push(check);
      return;
    }
    if (isIterated(outcome.value) && !outcome.async) {
      // An iterator is read to its end, as in exploration: its items are what the method computed.
      const items = outcome.value.v;
      const check = valueCheck(`expect([...${call}])`, items, instance, exportedNames);
      lines.push(check ?? `expect([...${call}]).toHaveLength(${items.length});`);
      return;
    }
    const subject = outcome.async ? `await expect(${call}).resolves` : `expect(${call})`;
    const check =
      isUndefined(outcome.value) && method?.returnsValue
        ? `${subject}.toBeUndefined();`
        : valueCheck(subject, outcome.value, instance, exportedNames);
    lines.push(check ?? `${outcome.async ? 'await ' : ''}${call};`);
  });
  for (const [name, value] of Object.entries(sequence.outcome.state)) {
    const check = valueCheck(`expect(${instance}.${name})`, value, instance, exportedNames);
    if (check) lines.push(check);
  }
  lines.push(...callChecks);
  return test(titleOf(unit, sequence, constructed, stubNames), isAsync, lines);
}

/** The steps whose result a later step takes as an argument. */
function referencedSteps(steps: readonly Step[]): Set<number> {
  const found = new Set<number>();
  const visit = (value: Encoded): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) value.forEach(visit);
    else if (value.$ === 'result') found.add(value.step);
    else if (value.$ === 'object') Object.values(value.v).forEach(visit);
  };
  for (const step of steps) step.args.forEach(visit);
  return found;
}

/** An assertion on a value, or undefined when there is nothing worth asserting (undefined, opaque). */
export function valueCheck(
  subject: string,
  value: Encoded,
  instance: string,
  exportedNames: ReadonlySet<string>,
): string | undefined {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if (value.$ === 'self') return `${subject}.toBe(${instance});`;
    if (value.$ === 'undefined') return undefined;
    if (value.$ === 'number' && value.v === 'NaN') return `${subject}.toBeNaN();`;
    if (value.$ === 'instance')
      return nameableClass(value.ctor, exportedNames)
        ? `${subject}.toBeInstanceOf(${value.ctor});`
        : undefined;
  }
  if (opaqueInside(value) !== undefined) return undefined;
  if (value === null) return `${subject}.toBeNull();`;
  const primitive =
    typeof value !== 'object' || (!Array.isArray(value) && (value.$ === 'number' || value.$ === 'bigint'));
  return `${subject}.${primitive ? 'toBe' : 'toEqual'}(${renderLiteral(value)});`;
}

/** A rejection with a value that is not an Error, checked by value (Jest's `rejects.toThrow()` would fail). */
export function rejectedWithCheck(subject: string, value: Encoded): string {
  if (value === null) return `${subject}.toBeNull();`;
  if (typeof value === 'object' && !Array.isArray(value) && value.$ === 'undefined')
    return `${subject}.toBeUndefined();`;
  return `${subject}.toEqual(${renderLiteral(value)});`;
}

/** One check for a throw, so the code runs exactly once, as it did when explored. */
function throwCheck(subject: string, outcome: Extract<Outcome, { kind: 'throw' }>): string {
  const error = outcome.error;
  const matcher = outcome.async ? `expect(${subject}).rejects.toThrow` : `expect(${subject}).toThrow`;
  if (error !== null && typeof error === 'object' && !Array.isArray(error) && error.$ === 'error') {
    return `${matcher}(${error.message ? JSON.stringify(error.message) : ''});`;
  }
  if (outcome.async && opaqueInside(error) === undefined)
    return rejectedWithCheck(`expect(${subject}).rejects`, error);
  return `${matcher}();`;
}

function throwWords(outcome: Extract<Outcome, { kind: 'throw' }>): string {
  const error = outcome.error;
  const name =
    error !== null && typeof error === 'object' && !Array.isArray(error) && error.$ === 'error'
      ? error.ctor
      : 'a value';
  return `${outcome.async ? 'rejects with' : 'throws'} ${name}`;
}

function titleOf(
  unit: ClassUnit,
  sequence: SequenceObservation,
  constructed: string,
  stubNames: ReadonlyMap<string, string>,
): string {
  const calls = sequence.steps.map((s) =>
    s.advanceMs !== undefined
      ? `${duration(s.advanceMs)} ${duration(s.advanceMs).startsWith('1 ') ? 'passes' : 'pass'}`
      : `${s.method}(${shorten(renderArgs(s.args, [], false, stubNames), 20)})`,
  );
  const last = sequence.outcome.steps.at(-1);
  const lastWords =
    last?.kind === 'throw'
      ? ` ${throwWords(last)}`
      : last?.kind === 'return' && opaqueInside(last.value) === undefined && !isUndefined(last.value)
        ? ` → ${shorten(isSelf(last.value) ? 'this' : renderLiteral(last.value), 24)}`
        : '';
  const start =
    unit.factory || unit.constructorParameters.length > 0 || calls.length === 0
      ? `${constructed}${calls.length ? ': ' : ''}`
      : '';
  return shorten(`${start}${calls.join(', ')}${lastWords}`, 100);
}

/** `1 day`, `30 s`, `250 ms`: how long a "time passes" step of a title waits. */
function duration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} day${ms === 86_400_000 ? '' : 's'}`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function renderArgs(
  args: Encoded[],
  parameters: ClassUnit['constructorParameters'],
  spreadLast: boolean | undefined,
  stubNames: ReadonlyMap<string, string>,
): string {
  // Trailing undefined arguments are what leaving them out passes: `new Stack()`, not `new Stack(undefined)`.
  let end = args.length;
  while (end > 0 && !spreadLast && isUndefined(args[end - 1]!)) end--;
  return args
    .slice(0, end)
    .map((arg, i) => {
      const code = renderLiteral(arg, parameters[i]?.spec, stubNames);
      return spreadLast && i === args.length - 1 ? `...${code}` : code;
    })
    .join(', ');
}

function test(title: string, isAsync: boolean, lines: string[]): string {
  return `test(${JSON.stringify(title)}, ${isAsync ? 'async ' : ''}() => {\n${indent(lines)}\n});`;
}

/** `stack` for `new Stack()`; `lruCache` for `createLruCache()`, a factory named after what it makes. */
function instanceName(unit: ClassUnit): string {
  const made = unit.factory ? /^(?:create|make|new|build)([A-Z]\w*)$/.exec(unit.name)?.[1] : unit.name;
  const base = made ?? unit.name;
  const name = base.charAt(0).toLowerCase() + base.slice(1);
  return ['expect', 'test', 'describe', 'vi', 'jest'].includes(name) || name === unit.name
    ? `${name}${unit.factory ? 'Result' : 'Instance'}`
    : name;
}

const isIterated = (value: Encoded): value is Extract<Encoded, { $: 'iterated' }> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && value.$ === 'iterated';
const isSelf = (value: Encoded) =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && value.$ === 'self';
const isUndefined = (value: Encoded) =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && value.$ === 'undefined';
