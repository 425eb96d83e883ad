/** Something that can be chosen for a test: what it covers, its kind of outcome, how costly it is to read. */
export interface Coverable {
  points: ReadonlySet<string>;
  /** Outcome kind: one of each kind is kept even when it covers nothing new (none: never kept for its kind). */
  kind: string | undefined;
  /** Lower is simpler (fewer steps, earlier candidate): preferred when coverage is equal. */
  cost: number;
}

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
  items.forEach((item, index) => {
    if (chosen.size >= max || item.kind === undefined || kinds.has(item.kind)) return;
    kinds.add(item.kind);
    chosen.add(index);
  });
  if (chosen.size === 0 && items.length > 0) chosen.add(0);
  return [...chosen].sort((a, b) => a - b);
}
