import type { ArbitrarySpec } from '../spec.js';

/**
 * The non-recursive part of a recursive spec: what its innermost level may take (`null` instead of a
 * nested node, `[]` instead of children, an absent optional property). `undefined` when every value
 * must contain another level (`interface Loop { next: Loop }`): such a type has no finite value.
 */
export function leafOf(spec: ArbitrarySpec, name: string): ArbitrarySpec | undefined {
  const leaf = (s: ArbitrarySpec) => leafOf(s, name);
  switch (spec.kind) {
    case 'ref':
      return spec.name === name ? undefined : spec;
    case 'union': {
      const members = spec.members.map(leaf).filter((m): m is ArbitrarySpec => m !== undefined);
      if (members.length === 0) return undefined;
      return members.length === 1 ? members[0] : { kind: 'union', members };
    }
    case 'array': {
      const item = leaf(spec.item);
      if (item) return { ...spec, item };
      return (spec.minLength ?? 0) > 0 ? undefined : { kind: 'tuple', items: [] };
    }
    case 'tuple': {
      const required = spec.required ?? spec.items.length;
      const items: ArbitrarySpec[] = [];
      for (const [i, item] of spec.items.entries()) {
        const l = leaf(item);
        if (!l) {
          if (i < required) return undefined;
          break;
        }
        items.push(l);
      }
      const after = (spec.after ?? []).map(leaf);
      if (after.some((a) => a === undefined)) return undefined;
      const rest = spec.rest && leaf(spec.rest);
      const out: ArbitrarySpec = { kind: 'tuple', items };
      if (required < items.length) out.required = required;
      if (rest) out.rest = rest;
      if (after.length > 0) out.after = after as ArbitrarySpec[];
      return out;
    }
    case 'object': {
      const properties = [];
      for (const property of spec.properties) {
        const l = leaf(property.spec);
        if (l) properties.push({ ...property, spec: l });
        else if (!property.optional) return undefined;
      }
      const value = spec.index && leaf(spec.index.value);
      return value
        ? { kind: 'object', properties, index: { key: spec.index!.key, value } }
        : { kind: 'object', properties };
    }
    case 'map': {
      const key = leaf(spec.key);
      const value = leaf(spec.value);
      if (key && value) return { ...spec, key, value };
      return {
        kind: 'map',
        key: { kind: 'constant', value: null },
        value: { kind: 'constant', value: null },
        maxSize: 0,
      };
    }
    case 'set': {
      const item = leaf(spec.item);
      return item ? { ...spec, item } : { kind: 'set', item: { kind: 'constant', value: null }, maxSize: 0 };
    }
    case 'recursive': {
      const inner = leaf(spec.spec);
      return inner && { ...spec, spec: inner };
    }
    case 'branded': {
      const inner = leaf(spec.spec);
      return inner && { ...spec, spec: inner };
    }
    case 'template': {
      const parts = spec.parts.map(leaf);
      return parts.some((p) => p === undefined)
        ? undefined
        : { kind: 'template', parts: parts as ArbitrarySpec[] };
    }
    case 'instance': {
      const args = spec.args.map(leaf);
      return args.some((a) => a === undefined) ? undefined : { ...spec, args: args as ArbitrarySpec[] };
    }
    case 'function': {
      const returns = leaf(spec.returns);
      return returns && { kind: 'function', returns };
    }
    default:
      return spec;
  }
}

/** Whether a spec mentions `{ kind: 'ref', name }` (outside a nested recursive spec of that name). */
export function refersTo(spec: ArbitrarySpec, name: string): boolean {
  const r = (s: ArbitrarySpec) => refersTo(s, name);
  switch (spec.kind) {
    case 'ref':
      return spec.name === name;
    case 'union':
      return spec.members.some(r);
    case 'array':
    case 'set':
      return r(spec.item);
    case 'tuple':
      return spec.items.some(r) || (spec.rest !== undefined && r(spec.rest)) || (spec.after ?? []).some(r);
    case 'object':
      return spec.properties.some((p) => r(p.spec)) || (spec.index !== undefined && r(spec.index.value));
    case 'map':
      return r(spec.key) || r(spec.value);
    case 'recursive':
      return spec.name !== name && r(spec.spec);
    case 'branded':
      return r(spec.spec);
    case 'template':
      return spec.parts.some(r);
    case 'instance':
      return spec.args.some(r);
    case 'function':
      return r(spec.returns);
    default:
      return false;
  }
}

/** The recursive spec's body with each reference replaced by `by` (e.g. its leaf: one level of nesting). */
export function unfoldOnto(spec: ArbitrarySpec & { kind: 'recursive' }, by: ArbitrarySpec): ArbitrarySpec {
  return substitute(spec.spec, spec.name, by);
}

function substitute(spec: ArbitrarySpec, name: string, by: ArbitrarySpec): ArbitrarySpec {
  const s = (x: ArbitrarySpec) => substitute(x, name, by);
  switch (spec.kind) {
    case 'ref':
      return spec.name === name ? by : spec;
    case 'union':
      return { ...spec, members: spec.members.map(s) };
    case 'array':
    case 'set':
      return { ...spec, item: s(spec.item) };
    case 'tuple': {
      const out: ArbitrarySpec = { ...spec, items: spec.items.map(s) };
      if (spec.rest) out.rest = s(spec.rest);
      if (spec.after) out.after = spec.after.map(s);
      return out;
    }
    case 'object':
      return {
        ...spec,
        properties: spec.properties.map((p) => ({ ...p, spec: s(p.spec) })),
        ...(spec.index ? { index: { key: spec.index.key, value: s(spec.index.value) } } : {}),
      };
    case 'map':
      return { ...spec, key: s(spec.key), value: s(spec.value) };
    case 'recursive':
      return spec.name === name ? spec : { ...spec, spec: s(spec.spec) };
    case 'branded':
      return { ...spec, spec: s(spec.spec) };
    case 'template':
      return { ...spec, parts: spec.parts.map(s) };
    case 'instance':
      return { ...spec, args: spec.args.map(s) };
    case 'function':
      return { ...spec, returns: s(spec.returns) };
    default:
      return spec;
  }
}
