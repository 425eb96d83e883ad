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

// Names a test cannot declare: its own bindings, and JavaScript's reserved words (a parameter named
// `delete` or `new` is fine in a signature, not as a `test.each` parameter).
export const RESERVED: ReadonlySet<string> = new Set([
  ...['describe', 'expect', 'test', 'expected', 'vi', 'jest'],
  ...['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do'],
  ...['else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in'],
  ...['instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof'],
  ...['var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package'],
  ...['private', 'protected', 'public', 'await', 'arguments', 'eval'],
]);
