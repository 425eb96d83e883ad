import type { CoverageRange } from '../model/observation.js';

/**
 * Turns per-call V8 block coverage into sets of covered points. V8 reports a call's coverage as nested
 * ranges, leaves out blocks whose count equals their parent's and merges neighbouring blocks with equal
 * counts, so each call cuts the code differently. The points are therefore the atomic segments between
 * every range boundary seen in any call; a call covers a segment when the innermost of its ranges that
 * contains the segment has a non-zero count.
 */
export function coveredPoints(calls: readonly CoverageRange[][]): {
  points: string[];
  covered: Set<string>[];
} {
  const edges = new Set<number>();
  for (const ranges of calls) {
    for (const [start, end] of ranges) edges.add(start).add(end);
  }
  const boundaries = [...edges].sort((a, b) => a - b);
  const segments: Array<[number, number]> = [];
  for (let i = 0; i + 1 < boundaries.length; i++) {
    const segment: [number, number] = [boundaries[i]!, boundaries[i + 1]!];
    if (calls.some((ranges) => innermost(ranges, segment) !== undefined)) segments.push(segment);
  }
  const key = ([start, end]: [number, number]) => `${start}-${end}`;
  const covered = calls.map((ranges) => {
    const set = new Set<string>();
    for (const segment of segments) {
      if ((innermost(ranges, segment)?.[2] ?? 0) > 0) set.add(key(segment));
    }
    return set;
  });
  return { points: segments.map(key), covered };
}

function innermost(
  ranges: readonly CoverageRange[],
  [start, end]: [number, number],
): CoverageRange | undefined {
  let best: CoverageRange | undefined;
  for (const range of ranges) {
    if (range[0] <= start && end <= range[1] && (!best || range[1] - range[0] < best[1] - best[0]))
      best = range;
  }
  return best;
}
