/**
 * Tag functions (`html\`<b>${name}</b>\``) get their text as a `TemplateStringsArray`: the cooked
 * strings, frozen, with the source text of each chunk as `raw`. The sandbox builds one from the same
 * chunks the generated test writes between backticks, so `strings.raw` is equal in both.
 */

/** The source text of a template chunk whose cooked value is `cooked`. */
export function templateChunk(cooked: string): string {
  let out = '';
  for (let i = 0; i < cooked.length; i++) {
    const c = cooked[i]!;
    const code = c.charCodeAt(0);
    if (c === '\\' || c === '`') out += `\\${c}`;
    else if (c === '$' && cooked[i + 1] === '{') out += '\\$';
    // A carriage return in source reads back as a line feed: written escaped.
    else if (c === '\r') out += '\\r';
    else if ((code < 0x20 && c !== '\n' && c !== '\t') || loneSurrogate(cooked, i))
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

/** A surrogate at `i` that is not half of a pair (an emoji's halves are written as they are). */
function loneSurrogate(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return !(next >= 0xdc00 && next <= 0xdfff);
  }
  if (code >= 0xdc00 && code <= 0xdfff) {
    const previous = text.charCodeAt(i - 1);
    return !(previous >= 0xd800 && previous <= 0xdbff);
  }
  return false;
}

/** A `TemplateStringsArray` as a tagged template literal with these chunks passes it. */
export function templateStrings(cooked: readonly string[]): TemplateStringsArray {
  const strings = [...cooked];
  Object.defineProperty(strings, 'raw', { value: Object.freeze(cooked.map(templateChunk)) });
  return Object.freeze(strings) as unknown as TemplateStringsArray;
}

/**
 * Chunks for a call with `values` substitutions: a template has one more chunk than substitutions,
 * so drawn chunks are cut, or padded with empty ones.
 */
export function fitChunks(chunks: readonly string[], values: number): string[] {
  const fitted = chunks.slice(0, values + 1);
  while (fitted.length < values + 1) fitted.push('');
  return fitted;
}
