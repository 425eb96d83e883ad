/**
 * `count` and the noun in the form that fits it: `plural(1, 'test')` → "1 test", `plural(2, 'test')`
 * → "2 tests"; irregular plurals are passed in (`plural(n, 'branch', 'branches')`).
 */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
