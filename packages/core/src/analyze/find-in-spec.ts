import type { ArbitrarySpec } from '@assay/property';

/** The first spec, the given one or one nested in it (items, members, properties, returns…), that matches. */
export function findInSpec(
  spec: ArbitrarySpec,
  matches: (s: ArbitrarySpec) => boolean,
): ArbitrarySpec | undefined {
  if (matches(spec)) return spec;
  for (const value of Object.values(spec)) {
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child === null || typeof child !== 'object') continue;
      // Object properties hold their spec under `spec`; everything else nested is a spec itself.
      const nested = ('kind' in child ? child : (child as { spec?: ArbitrarySpec }).spec) as
        | ArbitrarySpec
        | undefined;
      const found = nested && findInSpec(nested, matches);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The spec without the union members that hold a class instance (`E | ListNode<E>` becomes `E`, a node
 * interface's `list: List | null` becomes `null`): the other members still drive the code. Undefined
 * when an instance is needed anyway (no other member).
 */
export function withoutInstances(spec: ArbitrarySpec): ArbitrarySpec | undefined {
  if (!findInSpec(spec, (s) => s.kind === 'instance')) return spec;
  switch (spec.kind) {
    case 'union': {
      const members = spec.members.flatMap((m) => withoutInstances(m) ?? []);
      if (members.length === 0) return undefined;
      return members.length === 1 ? members[0] : { ...spec, members };
    }
    case 'recursive': {
      const inner = withoutInstances(spec.spec);
      return inner && { ...spec, spec: inner };
    }
    case 'array': {
      const item = withoutInstances(spec.item);
      return item && { ...spec, item };
    }
    case 'object': {
      const properties = [];
      for (const property of spec.properties) {
        const kept = withoutInstances(property.spec);
        if (kept) properties.push({ ...property, spec: kept });
        else if (!property.optional) return undefined;
      }
      return { ...spec, properties };
    }
    default:
      return undefined;
  }
}
