import type { StubCalls } from '../model/observation.js';
import type { Framework } from '../model/options.js';
import type { FunctionUnit } from '../model/unit.js';
import type { Encoded, StubBehaviour } from '../model/value.js';
import { renderLiteral } from './literal.js';
import { RESERVED } from './text.js';

/** Calls of one stub asserted one by one; beyond that only their number is. */
const MAX_CALLS_LISTED = 3;

export interface StubInfo {
  id: string;
  name: string;
  returns: Encoded;
  async: boolean;
  like?: StubBehaviour;
}

/** The stubs in a case's arguments, named after their parameter or property (`callback`, `onProgress`). */
export function stubsIn(args: readonly Encoded[], unit: FunctionUnit): StubInfo[] {
  return stubsOf(
    args,
    unit.parameters.map((p) => p.name),
    new Set([unit.name.split('.')[0]!]),
  );
}

/**
 * The stubs in one argument list, named after their parameter or property; `used` holds the names
 * already taken in the test (shared across the calls of a class sequence).
 */
export function stubsOf(
  args: readonly Encoded[],
  parameterNames: readonly string[],
  used: Set<string>,
): StubInfo[] {
  const found: StubInfo[] = [];
  const visit = (value: Encoded, hint: string) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, `${hint}Item`);
      return;
    }
    if (value.$ === 'stub') {
      let name = /^[A-Za-z_$][\w$]*$/.test(hint) ? hint : 'callback';
      while (used.has(name) || RESERVED.has(name) || name === 'result') name = `${name}Stub`;
      used.add(name);
      found.push({
        id: value.id,
        name,
        returns: value.returns,
        async: value.async === true,
        ...(value.like ? { like: value.like } : {}),
      });
    } else if (value.$ === 'object') {
      for (const [key, inner] of Object.entries(value.v)) visit(inner, key);
    }
  };
  args.forEach((arg, i) => {
    visit(arg, parameterNames[i] ?? `arg${i}`);
  });
  return found;
}

export function hasStubs(args: readonly Encoded[]): boolean {
  const visit = (value: Encoded): boolean => {
    if (value === null || typeof value !== 'object') return false;
    if (Array.isArray(value)) return value.some(visit);
    if (value.$ === 'stub') return true;
    return value.$ === 'object' && Object.values(value.v).some(visit);
  };
  return args.some(visit);
}

/** The code of a stub that behaves like its signature, as the sandbox's (`stubBehaviour`). */
const BEHAVIOURS: Record<StubBehaviour, string> = {
  compare: '(a, b) => (a < b ? -1 : a > b ? 1 : 0)',
  identity: '(value) => value',
};

/** `const callback = vi.fn(() => 1);` for each stub. */
export function stubDeclarations(stubs: readonly StubInfo[], framework: Framework): string[] {
  const fn = framework === 'vitest' ? 'vi.fn' : 'jest.fn';
  return stubs.map(({ name, returns, async, like }) => {
    if (like) return `const ${name} = ${fn}(${async ? 'async ' : ''}${BEHAVIOURS[like]});`;
    const isUndefined =
      returns !== null && typeof returns === 'object' && !Array.isArray(returns) && returns.$ === 'undefined';
    if (isUndefined) return async ? `const ${name} = ${fn}(async () => {});` : `const ${name} = ${fn}();`;
    const body = renderLiteral(returns);
    return `const ${name} = ${fn}(${async ? 'async ' : ''}() => ${body.startsWith('{') ? `(${body})` : body});`;
  });
}

/** How each stub was called: the number of calls, then the arguments of the first few. */
export function stubCallChecks(stubs: readonly StubInfo[], calls: StubCalls | undefined): string[] {
  return stubs.flatMap(({ id, name }) => {
    const received = calls?.[id] ?? [];
    if (received.length === 0) return [`expect(${name}).not.toHaveBeenCalled();`];
    const lines = [`expect(${name}).toHaveBeenCalledTimes(${received.length});`];
    received.slice(0, MAX_CALLS_LISTED).forEach((args, i) => {
      if (args.length === 0) return;
      const rendered = args.map((arg) => {
        try {
          return renderLiteral(arg);
        } catch {
          return 'expect.anything()';
        }
      });
      lines.push(`expect(${name}).toHaveBeenNthCalledWith(${[i + 1, ...rendered].join(', ')});`);
    });
    return lines;
  });
}
