export type Case = 'camel' | 'kebab' | 'snake';

/** Splits an identifier or phrase into lower-case words. */
export function words(input: string): string[] {
  return input
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/** Converts between naming conventions: "Hello World" → "helloWorld" / "hello-world" / "hello_world". */
export function toCase(input: string, style: Case): string {
  const parts = words(input);
  switch (style) {
    case 'camel':
      return parts.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
    case 'kebab':
      return parts.join('-');
    case 'snake':
      return parts.join('_');
  }
}

/** Shortens text to at most `max` characters, ending with an ellipsis when cut. */
export const truncate = (text: string, max: number): string => {
  if (max < 1) throw new RangeError(`max must be at least 1, got ${max}`);
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1)}…`;
};
