import fc from 'fast-check';

/**
 * A fast-check expression, kept as data so one plan can be printed as source code and built as a
 * live arbitrary: the two renderings cannot drift apart.
 */
export type Expr =
  | { t: 'fc'; name: string; args: Expr[] }
  | { t: 'method'; target: Expr; name: string; args: Expr[] }
  | { t: 'value'; value: unknown; code: string }
  | { t: 'object'; entries: Array<[string, Expr]> }
  | { t: 'array'; items: Expr[] }
  | { t: 'fn'; code: string; fn: (...args: never[]) => unknown }
  | { t: 'letrec'; name: string; body: Expr }
  | { t: 'tie'; name: string }
  /** `expr as fc.Arbitrary<type>` in TypeScript output, where fast-check's inference loses the type. */
  | { t: 'cast'; expr: Expr; type: string };

export const call = (name: string, ...args: Array<Expr | undefined>): Expr => ({
  t: 'fc',
  name,
  args: args.filter((a): a is Expr => a !== undefined),
});

export const method = (target: Expr, name: string, ...args: Expr[]): Expr => ({
  t: 'method',
  target,
  name,
  args,
});

export const fn = <A extends never[]>(code: string, f: (...args: A) => unknown): Expr => ({
  t: 'fn',
  code,
  fn: f as (...args: never[]) => unknown,
});

/** A literal: numbers, strings, booleans, bigint, null, undefined (and arrays of them). */
export function value(v: unknown, code: string = literalCode(v)): Expr {
  return { t: 'value', value: v, code };
}

/** An options object without its undefined entries, or undefined when nothing is left. */
export function options(entries: Record<string, unknown>): Expr | undefined {
  const defined = Object.entries(entries).filter(([, v]) => v !== undefined);
  if (defined.length === 0) return undefined;
  return {
    t: 'object',
    entries: defined.map(([k, v]) => [k, isExpr(v) ? v : value(v)]),
  };
}

function isExpr(v: unknown): v is Expr {
  return typeof v === 'object' && v !== null && 't' in v && typeof (v as { t: unknown }).t === 'string';
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) && name !== '__proto__' ? name : JSON.stringify(name);
}

export function literalCode(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number') {
    if (Object.is(v, -0)) return '-0';
    return Number.isFinite(v)
      ? String(v)
      : Number.isNaN(v)
        ? 'Number.NaN'
        : v > 0
          ? 'Number.POSITIVE_INFINITY'
          : 'Number.NEGATIVE_INFINITY';
  }
  if (Array.isArray(v)) return `[${v.map(literalCode).join(', ')}]`;
  return JSON.stringify(v);
}

const tieName = (name: string) => `tie${name.replace(/[^\w$]/g, '_')}`;

/** Prints an expression as source code; `fc` must be in scope where it is used. */
export function print(expr: Expr, ties: ReadonlyMap<string, string> = new Map(), typescript = false): string {
  const p = (e: Expr) => print(e, ties, typescript);
  switch (expr.t) {
    case 'fc':
      return `fc.${expr.name}(${expr.args.map(p).join(', ')})`;
    case 'method':
      return `${p(expr.target)}.${expr.name}(${expr.args.map(p).join(', ')})`;
    case 'value':
      return expr.code;
    case 'object':
      return `{ ${expr.entries.map(([k, v]) => `${propertyKey(k)}: ${p(v)}`).join(', ')} }`;
    case 'array':
      return `[${expr.items.map(p).join(', ')}]`;
    case 'fn':
      return expr.code;
    case 'letrec': {
      const tie = tieName(expr.name);
      const inner = new Map(ties).set(expr.name, tie);
      return `fc.letrec((${tie}) => ({ ${propertyKey(expr.name)}: ${print(expr.body, inner, typescript)} }))${IDENTIFIER.test(expr.name) ? `.${expr.name}` : `[${JSON.stringify(expr.name)}]`}`;
    }
    case 'tie': {
      const tie = ties.get(expr.name);
      if (!tie) throw new Error(`reference to ${expr.name} outside its recursive spec`);
      return `${tie}(${JSON.stringify(expr.name)})`;
    }
    case 'cast':
      return typescript ? `(${p(expr.expr)} as fc.Arbitrary<${expr.type}>)` : p(expr.expr);
  }
}

type Tie = (name: string) => fc.Arbitrary<unknown>;

/** Builds the live value of an expression (an arbitrary, or an options object, a function …). */
export function build(expr: Expr, ties: ReadonlyMap<string, Tie> = new Map()): unknown {
  const b = (e: Expr) => build(e, ties);
  switch (expr.t) {
    case 'fc': {
      const factory = (fc as unknown as Record<string, (...args: unknown[]) => unknown>)[expr.name];
      if (typeof factory !== 'function') throw new Error(`fast-check has no ${expr.name}`);
      return factory(...expr.args.map(b));
    }
    case 'method': {
      const target = b(expr.target) as Record<string, (...args: unknown[]) => unknown>;
      return target[expr.name]!(...expr.args.map(b));
    }
    case 'value':
      return expr.value;
    case 'object':
      return Object.fromEntries(expr.entries.map(([k, v]) => [k, b(v)]));
    case 'array':
      return expr.items.map(b);
    case 'fn':
      return expr.fn;
    case 'letrec': {
      const name = expr.name;
      const record = fc.letrec((tie) => ({
        [name]: build(expr.body, new Map(ties).set(name, tie)) as fc.Arbitrary<unknown>,
      }));
      return record[name];
    }
    case 'tie': {
      const tie = ties.get(expr.name);
      if (!tie) throw new Error(`reference to ${expr.name} outside its recursive spec`);
      return tie(expr.name);
    }
    case 'cast':
      return b(expr.expr);
  }
}
