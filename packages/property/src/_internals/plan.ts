import type {
  ArbitrarySpec,
  InstanceSpec,
  NumberSpec,
  PlatformType,
  StringSpec,
  TupleSpec,
} from '../spec.js';
import { binaryItem, binaryOf, errorOf, type PromiseMaker, REGEXPS, realPromise } from './built-ins.js';
import { call, type Expr, fn, literalCode, method, options, value } from './expr.js';
import { PLATFORM_RECIPES, type PlatformFactory, platformMaker, realPlatform } from './platform.js';
import { leafOf } from './recursion.js';
import { typeText } from './type-text.js';

/** A class constructor, for instance specs built live. */
export type ClassConstructor = new (...args: never[]) => unknown;

export interface PlanOptions {
  readable: boolean;
  /** Live plans need the classes of instance specs; code plans only their names. */
  resolveClass?: ((spec: InstanceSpec) => ClassConstructor | undefined) | undefined;
  live: boolean;
  /** How live plans make a promise of a drawn value (see `ArbitraryOptions.promise`). */
  promise?: PromiseMaker | undefined;
  /** How live plans make a web platform value from its recipe (see `ArbitraryOptions.platform`). */
  platform?: PlatformFactory | undefined;
  /** `maxDepth` of the recursive specs being planned, by name. */
  depths?: ReadonlyMap<string, number>;
}

/** A spec names a class the live arbitrary cannot build: pass `resolveClass`. */
export class MissingClassError extends Error {
  readonly code = 'ASSAY_MISSING_CLASS';
  constructor(className: string) {
    super(
      `cannot build instances of ${className}: pass resolveClass (e.g. (spec) => module[spec.className]) to toArbitrary`,
    );
    this.name = 'MissingClassError';
  }
}

/** Largest collection drawn in readable mode: small enough to keep generated tests readable. */
const READABLE_MAX_LENGTH = 5;
const READABLE_STRING_LENGTH = 12;
export const READABLE_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,:/@#'.split(
  '',
);
const READABLE_PRIMITIVE: ArbitrarySpec = {
  kind: 'union',
  members: [
    { kind: 'number', integer: true, min: -10, max: 100 },
    { kind: 'string', maxLength: 8 },
    { kind: 'boolean' },
    { kind: 'constant', value: null },
  ],
};
const READABLE_ANYTHING: ArbitrarySpec = {
  kind: 'union',
  members: [
    READABLE_PRIMITIVE,
    { kind: 'array', item: READABLE_PRIMITIVE, maxLength: 3 },
    { kind: 'object', properties: [], index: { key: 'string', value: READABLE_PRIMITIVE } },
  ],
};
/** Default nesting of recursive values. */
export const DEFAULT_MAX_DEPTH = 4;

/** Turns a spec into a fast-check expression: the one plan behind both renderings. */
export function plan(spec: ArbitrarySpec, o: PlanOptions): Expr {
  const p = (s: ArbitrarySpec) => plan(s, o);
  const maxLength = (min: number | undefined, max: number | undefined) =>
    max ?? (o.readable ? Math.max(min ?? 0, READABLE_MAX_LENGTH) : undefined);
  switch (spec.kind) {
    case 'boolean':
      return call('boolean');
    case 'number':
      return numberPlan(spec, o.readable);
    case 'string':
      return stringPlan(spec, o.readable);
    case 'bigint':
      return call(
        'bigInt',
        options({
          min: spec.min ?? (o.readable ? -(2n ** 64n) : undefined),
          max: spec.max ?? (o.readable ? 2n ** 64n : undefined),
        }),
      );
    case 'constant':
      return call('constant', value(spec.value, spec.label));
    case 'union':
      return call('oneof', ...spec.members.map(p));
    case 'array':
      return call(
        'array',
        p(spec.item),
        options({ minLength: spec.minLength, maxLength: maxLength(spec.minLength, spec.maxLength) }),
      );
    case 'tuple':
      return tuplePlan(spec, p, o.readable);
    case 'object': {
      const record =
        spec.properties.length > 0 || !spec.index
          ? call(
              'record',
              { t: 'object', entries: spec.properties.map((prop) => [prop.name, p(prop.spec)]) },
              options({
                requiredKeys: spec.properties.some((prop) => prop.optional)
                  ? value(spec.properties.filter((prop) => !prop.optional).map((prop) => prop.name))
                  : undefined,
                noNullPrototype: true,
              }),
            )
          : undefined;
      if (!spec.index) return record!;
      const key =
        spec.index.key === 'number'
          ? method(call('nat', o.readable ? options({ max: 1000 }) : undefined), 'map', fn('String', String))
          : stringPlan({ kind: 'string' }, o.readable);
      const dictionary = call(
        'dictionary',
        key,
        p(spec.index.value),
        options({ maxKeys: o.readable ? READABLE_MAX_LENGTH : undefined, noNullPrototype: true }),
      );
      if (!record) return dictionary;
      return method(
        call('tuple', dictionary, record),
        'map',
        fn('([extra, known]) => ({ ...extra, ...known })', ([extra, known]: [object, object]) => ({
          ...extra,
          ...known,
        })),
      );
    }
    case 'anything':
      // Readable: the plain values an untyped parameter most often holds, small enough to read in a
      // test (`5`, `'abc'`, `[1, 'x']`, `{ key: 2 }`), not a random JSON tree with symbols for keys.
      return o.readable ? p(READABLE_ANYTHING) : call('jsonValue', options({ maxDepth: 2 }));
    case 'template':
      return cast(
        spec,
        method(
          call('tuple', ...spec.parts.map(p)),
          'map',
          fn("(parts) => parts.join('')", (parts: unknown[]) => parts.join('')),
        ),
      );
    case 'date':
      return call(
        'date',
        options({
          noInvalidDate: true,
          min: dateValue(spec.min ?? (o.readable ? Date.UTC(2000, 0, 1) : undefined)),
          max: dateValue(spec.max ?? (o.readable ? Date.UTC(2030, 11, 31) : undefined)),
        }),
      );
    case 'map':
      return method(
        call(
          'array',
          call('tuple', p(spec.key), p(spec.value)),
          options({ maxLength: maxLength(0, spec.maxSize) }),
        ),
        'map',
        fn('(entries) => new Map(entries)', (entries: Array<[unknown, unknown]>) => new Map(entries)),
      );
    case 'set':
      return method(
        call('array', p(spec.item), options({ maxLength: maxLength(0, spec.maxSize) })),
        'map',
        fn('(items) => new Set(items)', (items: unknown[]) => new Set(items)),
      );
    case 'recursive': {
      const depths = new Map(o.depths).set(spec.name, spec.maxDepth ?? DEFAULT_MAX_DEPTH);
      return cast(spec, { t: 'letrec', name: spec.name, body: plan(spec.spec, { ...o, depths }) });
    }
    case 'ref':
      // Each reference is a choice between the innermost level and one more; `maxDepth` ends the nesting.
      return call(
        'oneof',
        // The top level and the innermost (leaf) level count too: `maxDepth` levels in all.
        options({
          maxDepth: Math.max(0, (o.depths?.get(spec.name) ?? DEFAULT_MAX_DEPTH) - 2),
          depthIdentifier: spec.name,
        }),
        refLeaf(spec.name),
        { t: 'tie', name: spec.name },
      );
    case 'branded':
      return spec.typeName ? cast(spec, p(spec.spec)) : p(spec.spec);
    case 'instance':
      return instancePlan(spec, p, o);
    case 'function':
      return call('func', p(spec.returns));
    case 'binary': {
      const { make, code } = binaryOf(spec.type);
      return method(
        call('array', p(binaryItem(spec.type, o.readable)), options({ maxLength: maxLength(0, undefined) })),
        'map',
        fn(`(items) => ${code}`, make),
      );
    }
    case 'error': {
      const { make, code } = errorOf(spec.type);
      return method(stringPlan({ kind: 'string' }, o.readable), 'map', fn(`(message) => ${code}`, make));
    }
    case 'regexp':
      return call('constantFrom', ...REGEXPS.map((r) => value(r, String(r))));
    case 'platform':
      return platformPlan(spec.type, spec.item, p, o, maxLength(0, undefined));
    case 'promise': {
      // Drawn promises resolve: a rejected one nobody handles would fail the run that drew it.
      const make = o.promise ?? realPromise;
      return method(
        p(spec.value),
        'map',
        fn('(value) => Promise.resolve(value)', (v: unknown) => make(v, false)),
      );
    }
  }
}

/**
 * References are planned before the leaf is known (the spec is walked top-down); the recursive
 * spec's leaf is substituted afterwards by {@link planRecursive}. Here: a placeholder.
 */
function refLeaf(name: string): Expr {
  return { t: 'value', value: undefined, code: `/*leaf:${name}*/` };
}

/** Plans a spec, filling each reference's innermost choice with the leaf of its recursive spec. */
export function planSpec(spec: ArbitrarySpec, o: PlanOptions): Expr {
  return fill(plan(spec, o), spec, o);
}

function fill(expr: Expr, spec: ArbitrarySpec, o: PlanOptions): Expr {
  const leaves = new Map<string, Expr>();
  collectLeaves(spec, o, leaves);
  return replaceLeaves(expr, leaves);
}

function collectLeaves(spec: ArbitrarySpec, o: PlanOptions, out: Map<string, Expr>): void {
  visit(spec, (s) => {
    if (s.kind !== 'recursive') return;
    const leaf = leafOf(s.spec, s.name);
    if (!leaf)
      throw new Error(`recursive spec ${s.name} has no finite value (every level needs another one)`);
    out.set(s.name, plan(leaf, o));
  });
}

const cast = (spec: ArbitrarySpec, expr: Expr): Expr => ({ t: 'cast', expr, type: typeText(spec) });

function replaceLeaves(expr: Expr, leaves: ReadonlyMap<string, Expr>): Expr {
  const r = (e: Expr) => replaceLeaves(e, leaves);
  switch (expr.t) {
    case 'value': {
      const match = /^\/\*leaf:(.*)\*\/$/.exec(expr.code);
      // A leaf may hold references to enclosing recursive specs: fill those too.
      return match ? r(leaves.get(match[1]!)!) : expr;
    }
    case 'fc':
      return { ...expr, args: expr.args.map(r) };
    case 'method':
      return { ...expr, target: r(expr.target), args: expr.args.map(r) };
    case 'object':
      return { ...expr, entries: expr.entries.map(([k, v]) => [k, r(v)]) };
    case 'array':
      return { ...expr, items: expr.items.map(r) };
    case 'letrec':
      return { ...expr, body: r(expr.body) };
    case 'cast':
      return { ...expr, expr: r(expr.expr) };
    default:
      return expr;
  }
}

/** Calls `f` on a spec and every spec inside it. */
export function visit(spec: ArbitrarySpec, f: (s: ArbitrarySpec) => void): void {
  f(spec);
  const v = (s: ArbitrarySpec) => visit(s, f);
  switch (spec.kind) {
    case 'union':
      spec.members.forEach(v);
      break;
    case 'array':
    case 'set':
      v(spec.item);
      break;
    case 'tuple':
      spec.items.forEach(v);
      if (spec.rest) v(spec.rest);
      spec.after?.forEach(v);
      break;
    case 'object':
      for (const p of spec.properties) v(p.spec);
      if (spec.index) v(spec.index.value);
      break;
    case 'map':
      v(spec.key);
      v(spec.value);
      break;
    case 'recursive':
    case 'branded':
      v(spec.spec);
      break;
    case 'template':
      spec.parts.forEach(v);
      break;
    case 'instance':
      spec.args.forEach(v);
      break;
    case 'function':
      v(spec.returns);
      break;
    case 'promise':
      v(spec.value);
      break;
    default:
      break;
  }
}

function numberPlan(spec: NumberSpec, readable: boolean): Expr {
  if (spec.integer) {
    if (!readable) return call('integer', options({ min: spec.min, max: spec.max }));
    const [lo, hi] = readableRange(spec.min, spec.max);
    return call('integer', options({ min: Math.ceil(lo), max: Math.floor(hi) }));
  }
  if (!readable) {
    return call('double', options({ min: spec.min, max: spec.max, noNaN: true, noDefaultInfinity: true }));
  }
  // Whole numbers and numbers with two decimals: values a person would write.
  const [lo, hi] = readableRange(spec.min, spec.max);
  return call(
    'oneof',
    call('integer', options({ min: Math.ceil(lo), max: Math.floor(hi) })),
    method(
      call('integer', options({ min: Math.ceil(lo * 100), max: Math.floor(hi * 100) })),
      'map',
      fn('(n) => n / 100', (n: number) => n / 100),
    ),
  );
}

function readableRange(min: number | undefined, max: number | undefined): [number, number] {
  const lo = min ?? Math.min(max ?? 0, 0) - 1000;
  const hi = max ?? Math.max(lo, 0) + 1000;
  return [lo, hi];
}

function stringPlan(spec: StringSpec, readable: boolean): Expr {
  const lengthFilter = (e: Expr) =>
    spec.minLength === undefined && spec.maxLength === undefined
      ? e
      : method(
          e,
          'filter',
          fn(
            `(s) => ${[
              spec.minLength === undefined ? '' : `s.length >= ${spec.minLength}`,
              spec.maxLength === undefined ? '' : `s.length <= ${spec.maxLength}`,
            ]
              .filter(Boolean)
              .join(' && ')}`,
            (s: string) =>
              s.length >= (spec.minLength ?? 0) && s.length <= (spec.maxLength ?? Number.POSITIVE_INFINITY),
          ),
        );
  if (spec.format) return lengthFilter(formatPlan(spec.format));
  if (spec.pattern !== undefined) {
    const regex = new RegExp(spec.pattern);
    return lengthFilter(call('stringMatching', value(regex, regexLiteral(spec.pattern))));
  }
  if (!readable) return call('string', options({ minLength: spec.minLength, maxLength: spec.maxLength }));
  return call(
    'string',
    options({
      unit: call('constantFrom', ...READABLE_CHARS.map((c) => value(c))),
      minLength: spec.minLength ?? 0,
      maxLength: spec.maxLength ?? Math.max(spec.minLength ?? 0, READABLE_STRING_LENGTH),
    }),
  );
}

function formatPlan(format: NonNullable<StringSpec['format']>): Expr {
  switch (format) {
    case 'email':
      return call('emailAddress');
    case 'uuid':
      return call('uuid');
    case 'url':
      return call('webUrl');
    case 'date-time':
      return method(
        call(
          'date',
          options({
            noInvalidDate: true,
            min: dateValue(Date.UTC(1970, 0, 1)),
            max: dateValue(Date.UTC(2100, 11, 31)),
          }),
        ),
        'map',
        fn('(d) => d.toISOString()', (d: Date) => d.toISOString()),
      );
  }
}

function dateValue(ms: number | undefined): Expr | undefined {
  if (ms === undefined) return undefined;
  return value(new Date(ms), `new Date(${JSON.stringify(new Date(ms).toISOString())})`);
}

function regexLiteral(source: string): string {
  // A regular expression literal cannot be empty or contain an unescaped `/` outside a class.
  return source === '' ? '/(?:)/' : `new RegExp(${JSON.stringify(source)})`;
}

function tuplePlan(spec: TupleSpec, p: (s: ArbitrarySpec) => Expr, readable: boolean): Expr {
  const required = spec.required ?? spec.items.length;
  const items = call('tuple', ...spec.items.map(p));
  if (required >= spec.items.length && !spec.rest && !spec.after?.length) return items;
  const restArb = spec.rest
    ? call('array', p(spec.rest), options({ maxLength: readable ? READABLE_MAX_LENGTH : undefined }))
    : call('constant', value([]));
  const after = call('tuple', ...(spec.after ?? []).map(p));
  // Optional elements are cut from the end; a rest element needs all of them present.
  return cast(
    spec,
    method(
      call(
        'tuple',
        items,
        call('integer', options({ min: required, max: spec.items.length })),
        restArb,
        after,
      ),
      'map',
      fn(
        '([items, count, rest, after]) => [...(rest.length > 0 ? items : items.slice(0, count)), ...rest, ...after]',
        ([its, count, rest, aft]: [unknown[], number, unknown[], unknown[]]) => [
          ...(rest.length > 0 ? its : its.slice(0, count)),
          ...rest,
          ...aft,
        ],
      ),
    ),
  );
}

function instancePlan(spec: InstanceSpec, p: (s: ArbitrarySpec) => Expr, o: PlanOptions): Expr {
  let construct: (args: unknown[]) => unknown = () => {
    throw new MissingClassError(spec.className);
  };
  if (o.live) {
    const Class = o.resolveClass?.(spec);
    if (!Class) throw new MissingClassError(spec.className);
    construct = (args) => new Class(...(args as never[]));
  }
  return method(
    call('tuple', ...spec.args.map(p)),
    'map',
    fn(`(args) => new ${spec.className}(...args)`, construct),
  );
}

/**
 * A platform value per draw, made fresh (a request's body or a stream is read once): one of the type's
 * recipes, or a `ReadableStream` of drawn chunks.
 */
function platformPlan(
  type: PlatformType,
  item: ArbitrarySpec | undefined,
  p: (s: ArbitrarySpec) => Expr,
  o: PlanOptions,
  maxLength: number | undefined,
): Expr {
  const make = o.platform ?? realPlatform;
  if (type === 'ReadableStream')
    return method(
      call('array', p(item ?? { kind: 'anything' }), options({ maxLength })),
      'map',
      fn(`(chunks) => ${platformMaker('ReadableStream')!.code(['chunks'])}`, (chunks: unknown[]) =>
        make('ReadableStream', [chunks]),
      ),
    );
  const each = PLATFORM_RECIPES[type].map(([maker, args]) =>
    method(
      call('constant', value(null)),
      'map',
      fn(`() => ${platformMaker(maker)!.code(args.map(literalCode))}`, () => make(maker, args)),
    ),
  );
  return each.length === 1 ? each[0]! : call('oneof', ...each);
}
