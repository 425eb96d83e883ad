import { ts } from 'ts-morph';
import type { Assertion, CheckedExample, PlannedCase, TestGroup } from '../model/case.js';
import type { Outcome, Settled } from '../model/observation.js';
import type { Framework } from '../model/options.js';
import type { ClassPlan, UnitPlan } from '../model/plan.js';
import { RANDOM_SEQUENCE_CODE } from '../model/random.js';
import { templateChunk } from '../model/template.js';
import type { TestTemplateContext, TestTemplates } from '../model/templates.js';
import type { FunctionUnit, MockReturn } from '../model/unit.js';
import type { Encoded } from '../model/value.js';
import { BUILT_IN_ERRORS } from '../oracle/assertion.js';
import { opaqueInside } from '../sandbox/codec.js';
import { rejectedWithCheck, renderClassTests, valueCheck } from './class-tests.js';
import { renderLiteral } from './literal.js';
import {
  fileChecks,
  interactionChecks,
  type LocalModuleImport,
  type MockedModule,
  mockedModules,
  mockReturnLines,
  mockSetup,
} from './mocks.js';
import { stubCallChecks, stubDeclarations, stubsIn, stubsOf } from './stubs.js';
import { escapeRegExp, indent, RESERVED, shorten } from './text.js';
import { allTimersOptions, JEST_REAL_TIMERS } from './timers.js';

export interface TestFileInput {
  framework: Framework;
  /** First line of the file: the assay marker. */
  marker: string;
  /** Module specifier of the source, relative to the test file. */
  importPath: string;
  plans: readonly (UnitPlan | ClassPlan)[];
  /** Names the source module exports (error classes and enums are imported from it when used). */
  exportedNames: ReadonlySet<string>;
  /** Fake `Date` at this instant (epoch ms) in every test, as it was when the cases were observed. */
  fakeNow?: number | undefined;
  /** Built-ins the tests mock (`node:fs`), as they were mocked when the cases were observed. */
  mockModules?: readonly string[] | undefined;
  /** Those of `mockModules` the source reaches through `require()`. */
  requiredModules?: readonly string[] | undefined;
  /** What those built-ins' functions return in the tests, by module, as when the cases were observed. */
  mockReturns?: Readonly<Record<string, readonly MockReturn[]>> | undefined;
  /** `fs`/`fs/promises` answer from these in-memory files (memfs), as when the cases were observed. */
  memoryFiles?: Readonly<Record<string, string | null>> | undefined;
  /** Local modules that do I/O the tests mock (`./store`), as they were mocked when the cases were observed. */
  localMocks?: readonly LocalModuleImport[] | undefined;
  /** The user's template hooks (`generate.templates` in assay.config.ts). */
  templates?: TestTemplates | undefined;
  /** The source under test, relative to the project root, for the file template. */
  source?: string;
  /** Property tests that held when checked (a describe block), and the imports they need. */
  properties?: { code: string; imports: string[] } | undefined;
}

/** Writes the test file: a `describe` per unit, a `test.each` table per group of like cases. */
export function renderTestFile(input: TestFileInput): string {
  const { framework, templates } = input;
  const mocked = mockedModules(
    input.mockModules ?? [],
    input.localMocks ?? [],
    new Set([...RESERVED, ...input.exportedNames]),
    input.mockReturns,
    input.requiredModules,
    input.memoryFiles !== undefined,
  );
  const aliases = new Map(mocked.map((m) => [m.id, m.alias]));
  const blocks = input.plans.filter(hasTests).map((plan) => {
    const unit = { name: plan.unit.name, kind: plan.unit.kind };
    const rendered =
      'kind' in plan
        ? renderClassTests(plan, input.exportedNames, framework)
        : renderFunctionTests(plan, input.exportedNames, framework, aliases, mocked);
    const tests = rendered.map(
      ({ kind, code }) => templates?.test?.({ framework, unit, kind, code }) ?? code,
    );
    const code = `describe(${singleQuoted(unit.name)}, () => {\n${indent(tests.join('\n\n'))}\n});`;
    return templates?.describe?.({ framework, unit, tests, code }) ?? code;
  });
  if (input.properties?.code) blocks.push(input.properties.code);
  const body = blocks.join('\n\n');
  const clock =
    input.fakeNow !== undefined
      ? clockHooks(framework, input.fakeNow)
      : usesFakeTimers(body)
        ? `afterEach(() => {\n  ${framework === 'vitest' ? 'vi' : 'jest'}.useRealTimers();\n});`
        : '';
  const mocks = mocked.length > 0 ? mockSetup(mocked, framework, input.memoryFiles) : undefined;
  const random = input.plans.some(seedsRandom) ? randomHooks(framework) : '';
  const imports = [
    importLines(input, body),
    ...(input.properties?.imports ?? []),
    ...(mocks?.imports ?? []),
  ].join('\n');
  const setup = [mocks?.body, clock, random].filter(Boolean).join('\n\n');
  const code = `${imports}\n\n${setup ? `${setup}\n\n` : ''}${body}\n`;
  const file =
    templates?.file?.({ framework, source: input.source ?? '', imports, setup, blocks, code }) ?? code;
  // The marker stays first whatever a template returns: without it assay would never update the file.
  return `${input.marker}\n${file}`;
}

/** A string literal in single quotes, as most code bases and Prettier configs write them. */
function singleQuoted(text: string): string {
  return `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** One rendered test and what it is, for the test template. */
export interface RenderedTest {
  kind: TestTemplateContext['kind'];
  code: string;
}

function importLines(input: TestFileInput, body: string): string {
  const lines: string[] = [];
  if (input.framework === 'vitest') {
    const mocking =
      (input.mockModules?.length ?? 0) + (input.localMocks?.length ?? 0) > 0 || input.plans.some(seedsRandom);
    const timers = usesFakeTimers(body);
    const hooks = [
      ...(input.fakeNow !== undefined || timers ? ['afterEach'] : []),
      ...(input.fakeNow !== undefined || mocking ? ['beforeEach'] : []),
    ]
      .map((h) => `${h}, `)
      .join('');
    const vi = input.fakeNow === undefined && !mocking && !timers && !body.includes('vi.fn(') ? '' : ', vi';
    lines.push(`import { ${hooks}describe, expect, test${vi} } from 'vitest';`);
  }
  const units = input.plans.filter(hasTests).map((p) => p.unit);
  const defaultUnit = units.find((u) => u.exportName === 'default');
  const named = new Set(units.filter((u) => u.exportName !== 'default').map((u) => u.exportName));
  // Error classes and enums of the module that the code refers to (`toThrow(ParseError)`, `Color.Red`),
  // not the titles and string values that mention them.
  const code = body.replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, '""');
  for (const name of input.exportedNames) {
    if (name !== 'default' && new RegExp(`(?<![\\w$.])${escapeRegExp(name)}(?![\\w$])`).test(code))
      named.add(name);
  }
  const specifiers = [...named].sort();
  const parts = [
    // A function of a default-exported object is called through the import: `crawlerUrlParser.parse(…)`.
    defaultUnit?.name.split('.')[0],
    specifiers.length > 0 ? `{ ${specifiers.join(', ')} }` : undefined,
  ].filter(Boolean);
  lines.push(`import ${parts.join(', ')} from ${JSON.stringify(input.importPath)};`);
  return lines.join('\n');
}

function renderFunctionTests(
  plan: UnitPlan,
  exportedNames: ReadonlySet<string>,
  framework: Framework,
  mockAliases: ReadonlyMap<string, string>,
  mocked: readonly MockedModule[],
): RenderedTest[] {
  return [
    ...(plan.examples ?? []).map((example) => ({
      kind: 'example' as const,
      code: renderExample(example, exportedNames),
    })),
    ...plan.groups.map((group) => ({
      kind: group.cases.length === 1 ? ('case' as const) : ('table' as const),
      code: renderGroup(plan.unit, group, framework, mockAliases, mocked),
    })),
  ];
}

/**
 * Why a case cannot be written as a test (a value with no literal form, code that does not parse), or
 * undefined when it can. Checked case by case, so one such case is dropped instead of failing the file.
 */
export function unwritableReason(unit: FunctionUnit, planned: PlannedCase): string | undefined {
  let code: string;
  try {
    code = renderGroup(unit, { cases: [planned] }, 'vitest');
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const parsed = ts.createSourceFile('case.test.ts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const diagnostics = (parsed as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  const first = diagnostics[0];
  return first
    ? `its test does not parse: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}`
    : undefined;
}

/**
 * Lets callbacks the code queued for later turns of the event loop run, as the sandbox let them. A
 * chain of turns gets one more: a test body starts in another phase of the event loop than the
 * sandbox's call (seen: 3 turns under Vitest where the sandbox counted 2), and waiting longer is safe,
 * since the sandbox saw nothing left queued after the last of them.
 */
function waitTurns(turns: number): string {
  const wait = 'await new Promise((resolve) => setImmediate(resolve));';
  return turns === 1 ? wait : `for (let turn = 0; turn < ${turns + 1}; turn++) {\n  ${wait}\n}`;
}

function renderGroup(
  unit: FunctionUnit,
  group: TestGroup,
  framework: Framework,
  mockAliases?: ReadonlyMap<string, string>,
  mocked: readonly MockedModule[] = [],
): string {
  const first = group.cases[0]!;
  // A tag function is called the way its users call it, `tag\`a${x}b\``, which a table row cannot hold.
  if (unit.parameters[0]?.template && group.cases.length > 1) {
    return group.cases
      .map((c) => renderGroup(unit, { ...group, cases: [c] }, framework, mockAliases, mocked))
      .join('\n\n');
  }
  if (first.assertion.kind === 'returned-function')
    return renderReturnedFunction(unit, first, framework, mocked);
  if (group.cases.length === 1) {
    const stubs = stubsIn(first.observation.args, unit);
    const stubNames = new Map(stubs.map((s) => [s.id, s.name]));
    const args = renderArgs(unit, first, stubNames);
    const empty = first.observation.mockReturns === 'empty';
    const tagged = taggedCall(unit, first.observation.args, stubNames);
    const title = `${tagged ?? `${unit.name}(${shorten(args.join(', '))})`} ${outcomeWords(first.assertion, true)}${empty ? ' (mocks return empty values)' : ''}`;
    const call = tagged ?? callExpression(unit, args);
    const outcome = first.observation.outcome;
    const interactionsOf = (o: typeof outcome) =>
      o.kind === 'return' || o.kind === 'throw' ? (o.interactions ?? []) : [];
    const later = (outcome.kind === 'return' || outcome.kind === 'throw') && outcome.callsLater === true;
    const turns =
      (outcome.kind === 'return' || outcome.kind === 'throw' ? outcome.laterTurns : undefined) ?? 1;
    const lines = [
      ...(empty ? mockReturnLines(mocked, framework, 'empty', interactionsOf(outcome)) : []),
      ...stubDeclarations(stubs, framework),
      ...assertionLines(first.assertion, call),
      // The code calls back on a later tick (a node-style callback): one turn of the event loop first.
      ...(later ? [waitTurns(turns)] : []),
      ...stubCallChecks(
        stubs,
        outcome.kind === 'return' || outcome.kind === 'throw' ? outcome.calls : undefined,
      ),
      ...interactionChecks(
        outcome.kind === 'return' || outcome.kind === 'throw' ? outcome.interactions : undefined,
        mockAliases,
      ),
      ...fileChecks(outcome.kind === 'return' || outcome.kind === 'throw' ? outcome.files : undefined),
    ];
    const prefix = later ? 'async ' : asyncPrefix(first.assertion);
    return `test(${JSON.stringify(title)}, ${prefix}() => {\n${indent(lines)}\n});`;
  }
  const names = parameterNames(unit);
  const withExpected = hasExpectedColumn(first.assertion);
  const rows = group.cases.map((c) => {
    const cells = renderArgs(unit, c);
    if (withExpected && c.assertion.kind === 'value') cells.push(renderLiteral(c.assertion.expected));
    if (withExpected && c.assertion.kind === 'instance') cells.push(renderLiteral(c.assertion.fields));
    return `[${cells.join(', ')}]`;
  });
  const placeholders = names.map(() => '%o').join(', ');
  const title = `${unit.name}(${placeholders}) ${outcomeWords(first.assertion, false)}`;
  const params = withExpected ? [...names, 'expected'] : names;
  const call = callExpression(unit, names);
  return (
    `test.each([\n${indent(rows.join(',\n'))}\n])(${JSON.stringify(title)}, ${asyncPrefix(first.assertion)}(${params.join(', ')}) => {\n` +
    `${indent(assertionLines(first.assertion, call, withExpected ? 'expected' : undefined))}\n});`
  );
}

/** A JSDoc example in its own words: its call, and the result it states. */
function renderExample({ example, outcome }: CheckedExample, exportedNames: ReadonlySet<string>): string {
  const awaited = example.call.startsWith('await ');
  const call = awaited ? example.call.slice('await '.length) : example.call;
  if (example.expected.kind === 'value') {
    const title = `example: ${shorten(example.call)} → ${shorten(example.expected.code, 30)}`;
    const line = awaited
      ? `await expect(${call}).resolves.toEqual(${example.expected.code});`
      : `expect(${call}).toEqual(${example.expected.code});`;
    return `test(${JSON.stringify(title)}, ${awaited ? 'async ' : ''}() => {\n  ${line}\n});`;
  }
  const error = outcome.kind === 'throw' ? outcome.error : null;
  const ctor =
    error !== null && typeof error === 'object' && !Array.isArray(error) && error.$ === 'error'
      ? error.ctor
      : undefined;
  const check = ctor && (BUILT_IN_ERRORS.has(ctor) || exportedNames.has(ctor)) ? ctor : '';
  const title = `example: ${shorten(example.call)} throws${ctor ? ` ${ctor}` : ''}`;
  const line = awaited
    ? `await expect(${call}).rejects.toThrow(${check});`
    : `expect(() => ${call}).toThrow(${check});`;
  return `test(${JSON.stringify(title)}, ${awaited ? 'async ' : ''}() => {\n  ${line}\n});`;
}

/**
 * A unit that returns a function (`debounce`, `memoize`): call it under fake timers, call what it
 * returned as exploration did, check the stubs, advance the clock past every pending timer, check them
 * again.
 */
function renderReturnedFunction(
  unit: FunctionUnit,
  planned: PlannedCase,
  framework: Framework,
  mocked: readonly MockedModule[],
): string {
  const outcome = planned.observation.outcome;
  const thenCall = planned.observation.thenCall;
  if (outcome.kind !== 'return' || !outcome.returned || !thenCall)
    throw new TypeError('no returned function');
  const returned = outcome.returned;
  const returnedNames = (unit.returnedFunction ?? []).map((p) => p.name);
  const used = new Set([unit.name.split('.')[0]!, 'returned']);
  const stubs = [
    ...stubsOf(
      planned.observation.args,
      unit.parameters.map((p) => p.name),
      used,
    ),
    ...thenCall.calls.flatMap((args) => stubsOf(args, returnedNames, used)),
  ];
  const stubNames = new Map(stubs.map((s) => [s.id, s.name]));
  const args = renderArgs(unit, planned, stubNames);
  const timers = framework === 'vitest' ? 'vi' : 'jest';
  const empty = planned.observation.mockReturns === 'empty';
  const lines = [
    ...(empty ? mockReturnLines(mocked, framework, 'empty', outcome.interactions ?? []) : []),
    ...stubDeclarations(stubs, framework),
    `${timers}.useFakeTimers(${allTimersOptions(framework)});`,
    `const returned = ${taggedCall(unit, planned.observation.args, stubNames) ?? callExpression(unit, args)};`,
    `expect(typeof returned).toBe('function');`,
  ];
  const spreadLast = unit.returnedFunction?.at(-1)?.rest ?? false;
  const settled = returned.settled;
  const awaited: string[] = [];
  thenCall.calls.forEach((callArgs, i) => {
    const rendered = callArgs.map((arg, j) => {
      const code = renderLiteral(arg, unit.returnedFunction?.[j]?.spec, stubNames);
      return spreadLast && j === callArgs.length - 1 ? `...${code}` : code;
    });
    const call = `returned(${rendered.join(', ')})`;
    const promise = settled?.[i];
    if (promise) {
      // The check is attached at once (a rejection must not go unhandled) and awaited once the timers ran.
      const name = `call${i + 1}`;
      lines.push(`const ${name} = ${settledCheck(`expect(${call})`, promise)}`);
      awaited.push(`await ${name};`);
      return;
    }
    lines.push(valueCheck(`expect(${call})`, returned.results[i]!, 'returned', new Set()) ?? `${call};`);
  });
  if (settled) {
    if (JSON.stringify(returned.before) !== JSON.stringify(returned.after))
      lines.push(...stubCallChecks(stubs, returned.before));
    lines.push(`await ${timers}.runAllTimersAsync();`, ...awaited);
  } else if (returned.pendingTimers > 0) {
    lines.push(...stubCallChecks(stubs, returned.before));
    lines.push(`${timers}.advanceTimersByTime(${returned.advancedMs});`);
  }
  lines.push(...stubCallChecks(stubs, returned.after));
  const firstStub = stubs[0];
  const times = firstStub ? (returned.after[firstStub.id]?.length ?? 0) : 0;
  const count = thenCall.calls.length;
  const effect = firstStub ? ` → ${firstStub.name} called ${times === 1 ? 'once' : `${times} times`}` : '';
  const waited = settled
    ? `, awaited${returned.advancedMs > 0 ? ` over ${returned.advancedMs} ms` : ''}${settledWords(settled)}`
    : returned.pendingTimers > 0
      ? `, then ${returned.advancedMs} ms`
      : '';
  const title = `${unit.name}(${shorten(args.join(', '))}) returns ${settled ? 'an async' : 'a'} function: ${count} ${count === 1 ? 'call' : 'calls'}${waited}${effect}${empty ? ' (mocks return empty values)' : ''}`;
  return `test(${JSON.stringify(title)}, ${settled ? 'async ' : ''}() => {\n${indent(lines)}\n});`;
}

/** `expect(call).resolves.toEqual(…)` / `.rejects.toThrow(…)`, without its `await`. */
function settledCheck(subject: string, settled: Settled): string {
  if (settled.kind === 'resolve') {
    const value = settled.value;
    // Resolved to something no literal can state (a function): only that it resolved.
    if (opaqueInside(value) !== undefined) return `${subject}.resolves.toBeDefined();`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && value.$ === 'undefined')
      return `${subject}.resolves.toBeUndefined();`;
    return (
      valueCheck(`${subject}.resolves`, value, 'returned', new Set()) ?? `${subject}.resolves.toBeDefined();`
    );
  }
  const error = settled.error;
  if (error !== null && typeof error === 'object' && !Array.isArray(error) && error.$ === 'error')
    return `${subject}.rejects.toThrow(${error.message ? JSON.stringify(error.message) : ''});`;
  return opaqueInside(error) === undefined
    ? rejectedWithCheck(`${subject}.rejects`, error)
    : `${subject}.rejects.toBeDefined();`;
}

/** ` → resolves`, ` → 1 resolves, 1 rejects`. */
function settledWords(settled: ReadonlyArray<Settled | null>): string {
  const resolves = settled.filter((s) => s?.kind === 'resolve').length;
  const rejects = settled.filter((s) => s?.kind === 'reject').length;
  if (rejects === 0) return ' → resolves';
  if (resolves === 0) return ' → rejects';
  return ` → ${resolves} resolve, ${rejects} reject`;
}

function assertionLines(assertion: Assertion, call: string, expectedName?: string): string[] {
  if (assertion.kind === 'returned-function') return [`${call};`];
  if (assertion.kind === 'value') {
    const subject = assertion.async ? `await expect(${call}).resolves` : `expect(${call})`;
    if (assertion.matcher === 'toBe' || assertion.matcher === 'toEqual') {
      return [`${subject}.${assertion.matcher}(${expectedName ?? renderLiteral(assertion.expected)});`];
    }
    return [`${subject}.${assertion.matcher}();`];
  }
  if (assertion.kind === 'instance') {
    // One call, two checks: the class, then the fields that can be written down.
    return [
      `const result = ${assertion.async ? 'await ' : ''}${call};`,
      `expect(result).toBeInstanceOf(${assertion.ctor});`,
      `expect(result).toMatchObject(${expectedName ?? renderLiteral(assertion.fields)});`,
    ];
  }
  const subject = assertion.async ? `await expect(${call}).rejects` : `expect(() => ${call})`;
  if (assertion.rejectedWith !== undefined) return [rejectedWithCheck(subject, assertion.rejectedWith)];
  const checks = [
    assertion.errorClass,
    assertion.message === undefined ? undefined : JSON.stringify(assertion.message),
  ];
  const present = checks.filter((c): c is string => c !== undefined);
  if (present.length === 0) return [`${subject}.toThrow();`];
  if (assertion.once) return [`${subject}.toThrow(${present.at(-1)});`];
  return present.map((check) => `${subject}.toThrow(${check});`);
}

/** How many times the rendered test calls the unit for a case: the verification run mirrors it. */
export function callsPerCase(assertion: Assertion): number {
  if (assertion.kind !== 'throws' || assertion.once) return 1;
  return Math.max(1, Number(assertion.errorClass !== undefined) + Number(assertion.message !== undefined));
}

function outcomeWords(assertion: Assertion, withValue: boolean): string {
  if (assertion.kind === 'returned-function') return 'returns a function';
  if (assertion.kind === 'throws')
    return `${assertion.async ? 'rejects with' : 'throws'} ${assertion.shownAs}`;
  const prefix = assertion.async ? 'resolves to' : '→';
  if (assertion.kind === 'instance') return `${prefix} a ${assertion.ctor}`;
  switch (assertion.matcher) {
    case 'toBeNaN':
      return `${prefix} NaN`;
    case 'toBeUndefined':
      return `${prefix} undefined`;
    case 'toBeNull':
      return `${prefix} null`;
    default:
      return withValue ? `${prefix} ${shorten(renderLiteral(assertion.expected))}` : `${prefix} %o`;
  }
}

function hasExpectedColumn(assertion: Assertion): boolean {
  if (assertion.kind === 'instance') return true;
  return assertion.kind === 'value' && (assertion.matcher === 'toBe' || assertion.matcher === 'toEqual');
}

function asyncPrefix(assertion: Assertion): string {
  return assertion.async ? 'async ' : '';
}

function renderArgs(
  unit: FunctionUnit,
  planned: PlannedCase,
  stubNames?: ReadonlyMap<string, string>,
): string[] {
  return planned.observation.args.map((arg, i) => renderLiteral(arg, unit.parameters[i]?.spec, stubNames));
}

function callExpression(unit: FunctionUnit, args: readonly string[]): string {
  const spreadLast = unit.parameters.at(-1)?.rest ?? false;
  const rendered = args.map((a, i) => (spreadLast && i === args.length - 1 ? `...${a}` : a));
  return `${unit.name}(${rendered.join(', ')})`;
}

/**
 * A tag function's call as a tagged template (`html\`<b>${name}</b>\``), from the chunks and
 * substitutions the sandbox passed; undefined for other units.
 */
function taggedCall(
  unit: FunctionUnit,
  observed: readonly Encoded[],
  stubNames?: ReadonlyMap<string, string>,
): string | undefined {
  const strings = observed[0];
  if (!unit.parameters[0]?.template || !strings || typeof strings !== 'object' || Array.isArray(strings))
    return undefined;
  if (strings.$ !== 'template') return undefined;
  const last = unit.parameters.at(-1);
  const values: string[] = [];
  observed.slice(1).forEach((arg, j) => {
    const parameter = unit.parameters[j + 1];
    if (parameter?.rest && parameter === last && Array.isArray(arg)) {
      const item = parameter.spec.kind === 'array' ? parameter.spec.item : undefined;
      for (const value of arg) values.push(renderLiteral(value, item, stubNames));
    } else values.push(renderLiteral(arg, parameter?.spec, stubNames));
  });
  const text = strings.v.map(
    (chunk, i) => `${templateChunk(chunk)}${i < values.length ? `\${${values[i]}}` : ''}`,
  );
  return `${unit.name}\`${text.join('')}\``;
}

function parameterNames(unit: FunctionUnit): string[] {
  // `a.mul(a, b)` would read the parameter `a`: the binding the call goes through is taken.
  const used = new Set<string>([unit.name.split('.')[0]!]);
  return unit.parameters.map((p) => {
    let name = p.name;
    while (RESERVED.has(name) || used.has(name)) name = `${name}_`;
    used.add(name);
    return name;
  });
}

/** The code reads the clock: every test runs with `Date` fixed at the instant the cases were observed at. */
function clockHooks(framework: Framework, now: number): string {
  const date = `new Date(${JSON.stringify(new Date(now).toISOString())})`;
  // Only Date is faked, as in exploration: timers and microtasks keep running.
  const install =
    framework === 'vitest'
      ? `vi.useFakeTimers({ now: ${date}, toFake: ['Date'] });`
      : `jest.useFakeTimers({ now: ${date}, doNotFake: [${JEST_REAL_TIMERS.map((t) => `'${t}'`).join(', ')}] });`;
  const restore = framework === 'vitest' ? 'vi.useRealTimers();' : 'jest.useRealTimers();';
  return `beforeEach(() => {\n  ${install}\n});\n\nafterEach(() => {\n  ${restore}\n});`;
}

/** Some kept outcome depends on `Math.random`'s draws (see seeded-random.ts). */
function seedsRandom(plan: UnitPlan | ClassPlan): boolean {
  const seeded = (o: Outcome) => (o.kind === 'return' || o.kind === 'throw') && o.seededRandom === true;
  if ('kind' in plan)
    return plan.sequences.some((s) => [s.outcome.construct, ...s.outcome.steps].some(seeded));
  return plan.groups.some((g) => g.cases.some((c) => seeded(c.observation.outcome)));
}

/**
 * `Math.random` as the sandbox gave it: the same fixed sequence, from its start in every test, so that
 * results that depend on the draws are repeatable and asserted as they were seen.
 */
function randomHooks(framework: Framework): string {
  const api = framework === 'vitest' ? 'vi' : 'jest';
  return [
    'beforeEach(() => {',
    '  // Math.random as assay saw it: an evenly spread fixed sequence, from its start in each test.',
    '  let draw = 0;',
    `  ${api}.spyOn(Math, 'random').mockImplementation(() => ${RANDOM_SEQUENCE_CODE});`,
    '});',
  ].join('\n');
}

/** Some test fakes the timers itself (to drive a returned function): the file restores them after each. */
function usesFakeTimers(body: string): boolean {
  return /\b(vi|jest)\.useFakeTimers\(/.test(body);
}

/** Whether a plan has anything to write. */
export function hasTests(plan: UnitPlan | ClassPlan): boolean {
  return 'kind' in plan
    ? plan.sequences.length > 0
    : plan.groups.length > 0 || (plan.examples?.length ?? 0) > 0;
}
