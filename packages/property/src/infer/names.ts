/** Words whose pairs undo each other (`encode`/`decode`), first the forward one. */
const INVERSE_WORDS: ReadonlyArray<readonly [string, string]> = [
  ['encode', 'decode'],
  ['serialize', 'deserialize'],
  ['serialize', 'parse'],
  ['stringify', 'parse'],
  ['format', 'parse'],
  ['print', 'parse'],
  ['compress', 'decompress'],
  ['encrypt', 'decrypt'],
  ['pack', 'unpack'],
  ['marshal', 'unmarshal'],
  ['dump', 'load'],
  ['save', 'load'],
  ['write', 'read'],
  ['escape', 'unescape'],
  ['zip', 'unzip'],
  ['deflate', 'inflate'],
  ['wrap', 'unwrap'],
  ['quote', 'unquote'],
  ['freeze', 'thaw'],
  ['to', 'from'],
];

/** camelCase / snake_case words of a name, lowercased: `toBase64` → ['to', 'base64']. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_$-]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/**
 * Whether `backward` undoes `forward`, judging by their names only: a word swapped for its inverse
 * (`encodeBase64`/`decodeBase64`, `serialize`/`parse`, `toHex`/`fromHex`), `x`/`unx`
 * (`escape`/`unescape`, `wrap`/`unwrap`), or `aToB`/`bToA`.
 *
 * @example
 * ```ts
 * areInverseNames('encodeUri', 'decodeUri'); // true
 * areInverseNames('celsiusToFahrenheit', 'fahrenheitToCelsius'); // true
 * ```
 */
export function areInverseNames(forward: string, backward: string): boolean {
  const f = words(lastSegment(forward));
  const b = words(lastSegment(backward));
  if (f.length === 0 || b.length === 0) return false;
  if (f.length === b.length) {
    const differing = f.map((w, i) => [w, b[i]!] as const).filter(([x, y]) => x !== y);
    if (differing.length === 1) {
      const [x, y] = differing[0]!;
      if (INVERSE_WORDS.some(([p, q]) => p === x && q === y)) return true;
      if (y === `un${x}` || y === `de${x}`) return true;
    }
    // aToB / bToA
    const to = f.indexOf('to');
    if (to > 0 && to < f.length - 1 && b.indexOf('to') === f.length - 1 - to) {
      const [fromPart, toPart] = [f.slice(0, to).join(' '), f.slice(to + 1).join(' ')];
      const bt = b.indexOf('to');
      if (b.slice(0, bt).join(' ') === toPart && b.slice(bt + 1).join(' ') === fromPart) return true;
    }
  }
  // `unx` as a single word: `unescape` for `escape` is covered above; `unzip` for `zip` too.
  return f.length === 1 && b.length === 1 && (b[0] === `un${f[0]}` || b[0] === `de${f[0]}`);
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}
