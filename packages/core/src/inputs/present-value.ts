import { type ArbitrarySpec, boundaryValues } from '@assay/property';

/**
 * One value of a spec that is "there" (a mocked function's result): among the spec's boundary values,
 * the first that is present and non-empty, recursively (a union takes its first member other than
 * null/undefined, an object all its properties, an array one item), so that code testing the result
 * (`if (!result.path)`) goes on past the test. Undefined when the spec allows no such value
 * (`void`, `any`/`unknown`, a class instance, a function): the mock then keeps returning undefined.
 */
export function presentValue(spec: ArbitrarySpec): { value: unknown } | undefined {
  try {
    return build(spec, 0);
  } catch {
    // A spec boundaryValues cannot walk (an instance without its class): nothing to return.
    return undefined;
  }
}

/** Nesting beyond this is cut short: the value is read by code, not compared as a whole. */
const MAX_DEPTH = 6;

function build(spec: ArbitrarySpec, depth: number): { value: unknown } | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const next = (s: ArbitrarySpec) => build(s, depth + 1);
  switch (spec.kind) {
    case 'constant':
      return spec.value === undefined ? undefined : { value: spec.value };
    case 'boolean':
      return { value: true };
    case 'number':
    case 'bigint':
    case 'string':
    case 'template':
    case 'date':
      return firstPresent(boundaryValues(spec));
    case 'union': {
      const members = spec.members.filter((m) => !(m.kind === 'constant' && m.value == null));
      for (const member of members) {
        const built = next(member);
        if (built) return built;
      }
      // Only `null` (or undefined) is allowed: null is a value the code may test.
      return spec.members.some((m) => m.kind === 'constant' && m.value === null)
        ? { value: null }
        : undefined;
    }
    case 'array': {
      if (spec.maxLength === 0) return { value: [] };
      const item = next(spec.item);
      if (!item) return undefined;
      return { value: Array.from({ length: Math.max(1, spec.minLength ?? 0) }, () => item.value) };
    }
    case 'tuple': {
      const items = spec.items.map(next);
      if (items.some((item) => !item)) return undefined;
      return { value: items.map((item) => item!.value) };
    }
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const property of spec.properties) {
        const built = next(property.spec);
        if (built) value[property.name] = built.value;
        else if (!property.optional) return undefined;
      }
      if (spec.index) {
        const entry = next(spec.index.value);
        if (entry) value[spec.index.key === 'number' ? '0' : 'key'] ??= entry.value;
      }
      return { value };
    }
    case 'map': {
      const key = next(spec.key);
      const value = next(spec.value);
      return { value: new Map(key && value && spec.maxSize !== 0 ? [[key.value, value.value]] : []) };
    }
    case 'set': {
      const item = next(spec.item);
      return { value: new Set(item && spec.maxSize !== 0 ? [item.value] : []) };
    }
    case 'branded':
      return next(spec.spec);
    case 'recursive':
      return firstPresent(boundaryValues(spec).reverse());
    default:
      // anything, ref, function, instance.
      return undefined;
  }
}

/** The first truthy value (`'a'` over `''`, `1` over `0`), else the first one. */
function firstPresent(values: unknown[]): { value: unknown } | undefined {
  if (values.length === 0) return undefined;
  const present = values.find((v) => Boolean(v) && !(typeof v === 'number' && !Number.isFinite(v)));
  return { value: present ?? values[0] };
}

/**
 * The other end: a value of the spec that is "missing" or empty (`undefined` where the type allows it,
 * `''`, `0`, `false`, `[]`, an object of such values), so that code checking the mocked result
 * (`if (!result.path) return …`) takes that branch too. Undefined when the spec has no such value.
 */
export function emptyValue(spec: ArbitrarySpec): { value: unknown } | undefined {
  try {
    return buildEmpty(spec, 0);
  } catch {
    return undefined;
  }
}

function buildEmpty(spec: ArbitrarySpec, depth: number): { value: unknown } | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const next = (s: ArbitrarySpec) => buildEmpty(s, depth + 1);
  switch (spec.kind) {
    case 'constant':
      return { value: spec.value };
    case 'boolean':
      return { value: false };
    case 'number':
    case 'bigint':
    case 'string':
    case 'template': {
      const values = boundaryValues(spec);
      const falsy = values.find((v) => !v && !(typeof v === 'number' && Number.isNaN(v)));
      return values.length === 0 ? undefined : { value: falsy ?? values[0] };
    }
    case 'union': {
      const missing = spec.members.find((m) => m.kind === 'constant' && m.value == null);
      if (missing) return next(missing);
      for (const member of spec.members) {
        const built = next(member);
        if (built) return built;
      }
      return undefined;
    }
    case 'array':
      return (spec.minLength ?? 0) === 0 ? { value: [] } : undefined;
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const property of spec.properties) {
        if (property.optional) continue;
        const built = next(property.spec);
        if (!built) return undefined;
        value[property.name] = built.value;
      }
      return { value };
    }
    case 'map':
      return { value: new Map() };
    case 'set':
      return { value: new Set() };
    case 'branded':
      return next(spec.spec);
    default:
      return undefined;
  }
}
