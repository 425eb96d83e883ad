const TITLE_MAX = 60;

/** Cuts a title part to a readable length. */
export function shorten(text: string, max = TITLE_MAX): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Indents every non-empty line by two spaces. */
export function indent(text: string | string[]): string {
  const lines = Array.isArray(text) ? text.join('\n') : text;
  return lines
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
