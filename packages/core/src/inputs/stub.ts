import type { ArbitrarySpec } from '@assay/property';
import type { Encoded } from '../explore/codec.js';

/** A callback argument: in the sandbox a recording function returning `returns`, in tests a `vi.fn`. */
export class StubValue {
  constructor(readonly returns: unknown) {}
}

/**
 * Replaces the function values drawn for callback parameters (and callback properties of objects) by
 * stubs that return what the function returned: functions cannot cross into the sandbox, and a test
 * needs a stub it can inspect anyway.
 */
export function stubify(value: unknown, spec: ArbitrarySpec | undefined): unknown {
  if (!spec) return value;
  switch (spec.kind) {
    case 'function':
      return typeof value === 'function' ? new StubValue(safeCall(value as () => unknown)) : value;
    case 'union': {
      if (typeof value !== 'function') return value;
      const member = spec.members.find((m) => m.kind === 'function');
      return member ? stubify(value, member) : value;
    }
    case 'object': {
      if (value === null || typeof value !== 'object') return value;
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const property of spec.properties) {
        if (property.name in out) out[property.name] = stubify(out[property.name], property.spec);
      }
      return out;
    }
    case 'array':
      return Array.isArray(value) ? value.map((item) => stubify(item, spec.item)) : value;
    case 'tuple':
      return Array.isArray(value) ? value.map((item, i) => stubify(item, spec.items[i])) : value;
    default:
      return value;
  }
}

/** Gives every stub in a call's arguments an id (s1, s2, … in order of appearance). */
export function numberStubs(args: Encoded[]): Encoded[] {
  let next = 1;
  const visit = (value: Encoded): Encoded => {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map(visit);
    if (value.$ === 'stub') return { ...value, id: `s${next++}` };
    if (value.$ === 'object')
      return { $: 'object', v: Object.fromEntries(Object.entries(value.v).map(([k, v]) => [k, visit(v)])) };
    return value;
  };
  return args.map(visit);
}

function safeCall(fn: () => unknown): unknown {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
