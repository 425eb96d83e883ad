import { distance } from 'fastest-levenshtein';

/** Up to `limit` ids closest to `wanted` (edit distance), for "did you mean" hints. */
export function closestIds(wanted: string, ids: Iterable<string>, limit = 3): string[] {
  const scored = [...new Set(ids)]
    .filter((id) => id !== wanted)
    .map((id) => ({ id, d: distance(wanted, id) }))
    .filter(({ id, d }) => d <= Math.max(wanted.length, id.length) * 0.5)
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id));
  // Only ids about as close as the closest one: a typo's fix, not every test of the file.
  const best = scored[0]?.d ?? 0;
  return scored
    .filter(({ d }) => d <= best + 2)
    .slice(0, limit)
    .map(({ id }) => id);
}
