import { literalCode } from '../_internals/expr.js';
import { boundaryValues } from '../boundaries.js';
import type { ArbitrarySpec } from '../spec.js';
import { areInverseNames } from './names.js';
import { hasLength, isOrderedPrimitive, itemOf, shapeOf } from './shape.js';
import type { CandidateProperty, FunctionDescription } from './types.js';

/** How many boundary values are tried as the identity element of a binary operation. */
const IDENTITY_TRIES = 6;

/**
 * The properties worth checking for a module's functions: laws of one function (idempotence,
 * involution, determinism, no throw, invariants between input and output), of binary operations
 * (commutativity, associativity, identity element) and of pairs (round trips, found by name or by
 * matching types).
 */
export function candidatesFor(functions: readonly FunctionDescription[]): CandidateProperty[] {
  const out: CandidateProperty[] = [];
  functions.forEach((fn) => {
    out.push(...single(fn));
    out.push(...binary(fn));
  });
  out.push(...roundTrips(functions));
  return out;
}

/** The parameters a call must pass: up to the last required one (rest parameters are spread). */
function requiredParameters(fn: FunctionDescription) {
  let last = -1;
  fn.parameters.forEach((p, i) => {
    if (!p.optional && !p.rest) last = i;
  });
  return fn.parameters.slice(0, last + 1);
}

/** Callable with one argument: its one required parameter, not a rest parameter. */
function unaryInput(fn: FunctionDescription): ArbitrarySpec | undefined {
  const required = requiredParameters(fn);
  const first = fn.parameters[0];
  if (!first || first.rest || required.length > 1) return undefined;
  return first.spec;
}

function variableNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((raw, i) => {
    let name = /^[A-Za-z_$][\w$]*$/.test(raw) && !RESERVED.has(raw) ? raw : `arg${i}`;
    while (used.has(name)) name = `${name}_`;
    used.add(name);
    return name;
  });
}

const RESERVED = new Set(['fc', 'isDeepStrictEqual', 'out', 'once', 'expected', 'arguments', 'eval']);

function single(fn: FunctionDescription): CandidateProperty[] {
  const out: CandidateProperty[] = [];
  const parameters = fn.parameters.filter((p, i) => i < requiredParameters(fn).length || p.rest);
  const variables = variableNames(parameters.map((p) => p.name));
  const args = parameters.map((p, i) => (p.rest ? `...${variables[i]}` : variables[i]!)).join(', ');
  const inputs = parameters.map((p) => p.spec);
  const base = { functions: [fn.name], inputs, variables };
  // A property needs at least one input; a function without parameters is a plain unit test.
  if (parameters.length === 0) return out;
  out.push({
    ...base,
    kind: 'deterministic',
    title: `${fn.name} gives equal results for equal arguments`,
    body: (_, call) => `isDeepStrictEqual(${call(0, args)}, ${call(0, args)})`,
  });
  out.push({
    ...base,
    kind: 'no-throw',
    title: `${fn.name} does not throw on valid arguments`,
    body: (_, call) => `${call(0, args)};\nreturn true;`,
  });

  const input = unaryInput(fn);
  const returns = fn.returns;
  if (input && returns) {
    const [x] = variableNames([fn.parameters[0]!.name]) as [string];
    const unary = { functions: [fn.name], inputs: [input], variables: [x] };
    if (shapeOf(input) === shapeOf(returns)) {
      out.push({
        ...unary,
        kind: 'idempotent',
        title: `${fn.name} is idempotent: ${fn.name}(${fn.name}(${x})) equals ${fn.name}(${x})`,
        body: (_, call) => `const once = ${call(0, x)};\nreturn isDeepStrictEqual(${call(0, 'once')}, once);`,
      });
      out.push({
        ...unary,
        kind: 'involution',
        title: `${fn.name} undoes itself: ${fn.name}(${fn.name}(${x})) equals ${x}`,
        body: (_, call) => `isDeepStrictEqual(${call(0, call(0, x))}, ${x})`,
      });
    }
    if (hasLength(input) && hasLength(returns)) {
      out.push({
        ...unary,
        kind: 'length-preserved',
        title: `${fn.name} keeps the length of ${x}`,
        body: (_, call) => `${call(0, x)}.length === ${x}.length`,
      });
    }
    if (isOrderedPrimitive(itemOf(returns))) {
      out.push({
        ...unary,
        kind: 'sorted',
        title: `${fn.name} returns its items in ascending order`,
        // Equal to a sorted copy (a stable sort leaves equal items alone): no index arithmetic to type.
        body: (_, call) =>
          `const out = ${call(0, x)};\nreturn isDeepStrictEqual(out, [...out].sort((p, q) => (p < q ? -1 : p > q ? 1 : 0)));`,
      });
    }
    const inItem = itemOf(input);
    const outItem = itemOf(returns);
    if (inItem && outItem && shapeOf(inItem) === shapeOf(outItem)) {
      if (isOrderedPrimitive(inItem)) {
        out.push({
          ...unary,
          kind: 'permutation',
          title: `${fn.name} returns a permutation of ${x}`,
          body: (_, call) => `isDeepStrictEqual([...${call(0, x)}].sort(), [...${x}].sort())`,
        });
      }
      out.push({
        ...unary,
        kind: 'subset',
        title: `every item ${fn.name} returns is an item of ${x}`,
        body: (_, call) =>
          `const out = ${call(0, x)};\nreturn out.every((v) => ${x}.some((w) => isDeepStrictEqual(v, w)));`,
      });
    }
    if (inItem && shapeOf(inItem) === 'number' && shapeOf(returns) === 'number' && input.kind === 'array') {
      out.push({
        ...unary,
        inputs: [{ ...input, minLength: Math.max(1, input.minLength ?? 0) }],
        kind: 'within-range',
        title: `${fn.name} returns a number between the least and the greatest of ${x}`,
        body: (_, call) =>
          `const out = ${call(0, x)};\nreturn out >= Math.min(...${x}) && out <= Math.max(...${x});`,
      });
    }
  }
  const numeric = parameters.length >= 2 && parameters.every((p) => !p.rest && shapeOf(p.spec) === 'number');
  if (numeric && returns && shapeOf(returns) === 'number') {
    const list = variables.join(', ');
    out.push({
      ...base,
      kind: 'within-range',
      title: `${fn.name} returns a number between its least and greatest argument`,
      body: (_, call) =>
        `const out = ${call(0, args)};\nreturn out >= Math.min(${list}) && out <= Math.max(${list});`,
    });
  }
  return out;
}

function binary(fn: FunctionDescription): CandidateProperty[] {
  const required = requiredParameters(fn);
  if (required.length !== 2 || required.some((p) => p.rest)) return [];
  const [p, q] = required as [(typeof required)[0], (typeof required)[0]];
  if (
    shapeOf(p.spec) !== shapeOf(q.spec) ||
    JSON.stringify(p.spec, bigints) !== JSON.stringify(q.spec, bigints)
  ) {
    return [];
  }
  const spec = p.spec;
  const f = fn.name;
  const out: CandidateProperty[] = [
    {
      kind: 'commutative',
      functions: [f],
      inputs: [spec, spec],
      variables: ['a', 'b'],
      title: `${f} is commutative: ${f}(a, b) equals ${f}(b, a)`,
      body: (_, call) => `isDeepStrictEqual(${call(0, 'a, b')}, ${call(0, 'b, a')})`,
    },
  ];
  if (!fn.returns || shapeOf(fn.returns) !== shapeOf(spec)) return out;
  out.push({
    kind: 'associative',
    functions: [f],
    inputs: [spec, spec, spec],
    variables: ['a', 'b', 'c'],
    title: `${f} is associative: ${f}(${f}(a, b), c) equals ${f}(a, ${f}(b, c))`,
    body: (_, call) =>
      `isDeepStrictEqual(${call(0, `${call(0, 'a, b')}, c`)}, ${call(0, `a, ${call(0, 'b, c')}`)})`,
  });
  // Hypothesis guesses the identity from the smallest example; we try the first boundary values.
  const tried = new Set<string>();
  for (const value of boundaryValues(spec)) {
    const code = plainLiteral(value);
    if (code === undefined || tried.has(code)) continue;
    tried.add(code);
    if (tried.size > IDENTITY_TRIES) break;
    out.push({
      kind: 'identity-element',
      functions: [f],
      inputs: [spec],
      variables: ['a'],
      detail: code,
      title: `${code} is an identity element of ${f}: ${f}(a, ${code}) and ${f}(${code}, a) equal a`,
      body: (_, call) =>
        `isDeepStrictEqual(${call(0, `a, ${code}`)}, a) && isDeepStrictEqual(${call(0, `${code}, a`)}, a)`,
    });
  }
  return out;
}

function roundTrips(functions: readonly FunctionDescription[]): CandidateProperty[] {
  const out: CandidateProperty[] = [];
  for (const f of functions) {
    for (const g of functions) {
      if (f === g) continue;
      const input = unaryInput(f);
      const middle = unaryInput(g);
      if (!input || !middle || !f.returns || !g.returns) continue;
      // g(f(x)) must be comparable with x and f's output a valid input of g.
      if (shapeOf(f.returns) !== shapeOf(middle) || shapeOf(g.returns) !== shapeOf(input)) continue;
      const byName = areInverseNames(f.name, g.name) || areInverseNames(g.name, f.name);
      const byTypes = shapeOf(input) !== shapeOf(f.returns);
      if (!byName && !byTypes) continue;
      const [x] = variableNames([f.parameters[0]!.name]) as [string];
      out.push({
        kind: 'round-trip',
        functions: [f.name, g.name],
        inputs: [input],
        variables: [x],
        detail: byName ? 'name' : 'types',
        title: `${g.name} undoes ${f.name}: ${g.name}(${f.name}(${x})) equals ${x}`,
        body: (_, call) => `isDeepStrictEqual(${call(1, call(0, x))}, ${x})`,
      });
    }
  }
  return out;
}

/** A value written as a literal, for values simple enough to read in a test (no objects). */
function plainLiteral(value: unknown): string | undefined {
  if (value === null || ['number', 'string', 'boolean', 'bigint', 'undefined'].includes(typeof value)) {
    return literalCode(value);
  }
  if (Array.isArray(value) && value.length === 0) return '[]';
  return undefined;
}

function bigints(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value;
}
