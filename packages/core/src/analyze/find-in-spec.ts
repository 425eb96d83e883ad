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
