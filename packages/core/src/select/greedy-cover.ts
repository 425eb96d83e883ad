/** Something that can be chosen for a test: what it covers, its kind of outcome, how costly it is to read. */
export interface Coverable {
  points: ReadonlySet<string>;
  /** Outcome kind: one of each kind is kept even when it covers nothing new (none: never kept for its kind). */
  kind: string | undefined;
  /**
   * A coarser grouping of kinds (`throw:TypeError` for every TypeError message): at most
   * {@link KINDS_PER_FAMILY} kinds of one family are kept for their kind alone.
   */
  family?: string | undefined;
  /** Lower is simpler (fewer steps, earlier candidate): preferred when coverage is equal. */
  cost: number;
}

/**
 * Ten TypeErrors that each quote a different wrong input are one behaviour (the input is rejected), not
 * ten: beyond this many, a kind of a family shown already earns no test unless it covers new code.
 */
export const KINDS_PER_FAMILY = 2;

/**
 * Greedy set cover: repeatedly takes the item that covers the most points not yet covered (the simpler
 * one on a tie) until nothing new is covered, then one item per outcome kind not yet shown, up to
 * `max`. Returns the chosen indices in their original order.
 */
export function greedyCover(items: readonly Coverable[], max: number): number[] {
  const chosen = new Set<number>();
  const reached = new Set<string>();
  while (chosen.size < max) {
    let best = -1;
    let bestGain = 0;
    items.forEach((item, index) => {
      if (chosen.has(index)) return;
      let gain = 0;
      for (const point of item.points) if (!reached.has(point)) gain++;
      if (gain > bestGain || (gain === bestGain && gain > 0 && item.cost < items[best]!.cost)) {
        best = index;
        bestGain = gain;
      }
    });
    if (best < 0) break;
    chosen.add(best);
    for (const point of items[best]!.points) reached.add(point);
  }
  const kinds = new Set([...chosen].map((i) => items[i]!.kind));
  const families = new Map<string, number>();
  for (const i of chosen) {
    const family = items[i]!.family;
    if (family !== undefined) families.set(family, (families.get(family) ?? 0) + 1);
  }
  items.forEach((item, index) => {
    if (chosen.size >= max || item.kind === undefined || kinds.has(item.kind)) return;
    const shown = item.family === undefined ? 0 : (families.get(item.family) ?? 0);
    if (shown >= KINDS_PER_FAMILY) return;
    if (item.family !== undefined) families.set(item.family, shown + 1);
    kinds.add(item.kind);
    chosen.add(index);
  });
  if (chosen.size === 0 && items.length > 0) chosen.add(0);
  return [...chosen].sort((a, b) => a - b);
}
