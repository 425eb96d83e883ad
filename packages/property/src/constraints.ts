import type { ArbitrarySpec, StringFormat } from './spec.js';

/**
 * Narrowing read from JSDoc tags (`@minimum 0`, `@format email`, …) or guessed from a name. Numbers
 * take `minimum`/`maximum`/`integer`, strings the rest; arrays take `minLength`/`maxLength` for
 * their length.
 */
export interface Constraints {
  minimum?: number;
  maximum?: number;
  integer?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: StringFormat;
}

const FORMATS: readonly StringFormat[] = ['email', 'uuid', 'url', 'date-time'];

/**
 * Reads constraint tags (name and text, as JSDoc gives them) into {@link Constraints}. Unknown tags
 * and values that do not parse are ignored; `uri` is read as `url`.
 *
 * @example
 * ```ts
 * constraintsFromTags([{ name: 'minimum', text: '0' }, { name: 'integer', text: '' }]);
 * // { minimum: 0, integer: true }
 * ```
 */
export function constraintsFromTags(tags: ReadonlyArray<{ name: string; text: string }>): Constraints {
  const out: Constraints = {};
  const num = (text: string) => {
    const n = Number(text.trim().split(/\s+/)[0]);
    return Number.isFinite(n) ? n : undefined;
  };
  for (const { name, text } of tags) {
    switch (name) {
      case 'minimum':
      case 'min':
        out.minimum = num(text) ?? out.minimum;
        break;
      case 'maximum':
      case 'max':
        out.maximum = num(text) ?? out.maximum;
        break;
      case 'minLength':
      case 'minItems':
        out.minLength = num(text) ?? out.minLength;
        break;
      case 'maxLength':
      case 'maxItems':
        out.maxLength = num(text) ?? out.maxLength;
        break;
      case 'integer':
      case 'int':
        out.integer = true;
        break;
      case 'pattern': {
        const source = text.trim().replace(/^\/(.*)\/[a-z]*$/s, '$1');
        try {
          new RegExp(source);
          out.pattern = source;
        } catch {
          // Not a regular expression JavaScript understands: no narrowing from it.
        }
        break;
      }
      case 'format': {
        const format = text.trim().split(/\s+/)[0]?.replace(/^uri$/, 'url');
        if (FORMATS.includes(format as StringFormat)) out.format = format as StringFormat;
        break;
      }
      default:
        break;
    }
  }
  return out;
}

interface NameHint {
  words: readonly string[];
  number?: Constraints;
  string?: Constraints;
}

/** Names and what they usually mean. Only the type's own kind is narrowed (`port: string` stays a string). */
const NAME_HINTS: readonly NameHint[] = [
  { words: ['email', 'mail'], string: { format: 'email' } },
  { words: ['url', 'uri', 'href', 'link', 'website', 'homepage', 'endpoint'], string: { format: 'url' } },
  { words: ['uuid', 'guid'], string: { format: 'uuid' } },
  { words: ['port'], number: { integer: true, minimum: 0, maximum: 65535 } },
  { words: ['age'], number: { integer: true, minimum: 0, maximum: 150 } },
  {
    words: [
      'count',
      'index',
      'idx',
      'length',
      'size',
      'offset',
      'limit',
      'total',
      'quantity',
      'qty',
      'retries',
    ],
    number: { integer: true, minimum: 0 },
  },
  { words: ['percent', 'percentage'], number: { minimum: 0, maximum: 100 } },
  { words: ['month'], number: { integer: true, minimum: 1, maximum: 12 } },
  { words: ['hour', 'hours'], number: { integer: true, minimum: 0, maximum: 23 } },
  { words: ['minute', 'minutes', 'second', 'seconds'], number: { integer: true, minimum: 0, maximum: 59 } },
];

/**
 * What a parameter or property name suggests about its values: `email` is an email address, `port`
 * a whole number from 0 to 65535, `itemCount` a whole number from 0. The last word of a camelCase or
 * snake_case name counts (`userEmail`, `start_index`).
 *
 * @example
 * ```ts
 * constraintsFromName('retryCount', 'number'); // { integer: true, minimum: 0 }
 * constraintsFromName('email', 'number'); // {}
 * ```
 */
export function constraintsFromName(name: string, kind: 'number' | 'string'): Constraints {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-$]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const last = words.at(-1);
  if (!last) return {};
  for (const hint of NAME_HINTS) {
    if (!hint.words.includes(last)) continue;
    const found = kind === 'number' ? hint.number : hint.string;
    if (found) return { ...found };
  }
  return {};
}

/**
 * Narrows a spec with constraints. Numbers, strings and array lengths are narrowed; unions, branded
 * and optional values narrow their members; other kinds are returned unchanged.
 *
 * @example
 * ```ts
 * applyConstraints({ kind: 'number' }, { minimum: 0, integer: true }); // { kind: 'number', integer: true, min: 0 }
 * ```
 */
export function applyConstraints(spec: ArbitrarySpec, c: Constraints): ArbitrarySpec {
  switch (spec.kind) {
    case 'number': {
      const out = { ...spec };
      if (c.integer) out.integer = true;
      if (c.minimum !== undefined) out.min = c.minimum;
      if (c.maximum !== undefined) out.max = c.maximum;
      return out;
    }
    case 'string': {
      const out = { ...spec };
      if (c.minLength !== undefined) out.minLength = c.minLength;
      if (c.maxLength !== undefined) out.maxLength = c.maxLength;
      if (c.pattern !== undefined) out.pattern = c.pattern;
      if (c.format !== undefined) out.format = c.format;
      return out;
    }
    case 'array': {
      const out = { ...spec };
      if (c.minLength !== undefined) out.minLength = c.minLength;
      if (c.maxLength !== undefined) out.maxLength = c.maxLength;
      return out;
    }
    case 'union':
      return { ...spec, members: spec.members.map((m) => applyConstraints(m, c)) };
    case 'branded':
      return { ...spec, spec: applyConstraints(spec.spec, c) };
    default:
      return spec;
  }
}

/**
 * Narrows a spec by what a name suggests (see {@link constraintsFromName}), unless `explicit`
 * constraints (from JSDoc) already say something about the same kind of value.
 */
export function applyNameHints(spec: ArbitrarySpec, name: string, explicit: Constraints = {}): ArbitrarySpec {
  const target = spec.kind === 'array' ? spec.item : spec;
  const kind = primitiveKind(target);
  if (!kind) return spec;
  const hint = constraintsFromName(name, kind);
  if (Object.keys(hint).length === 0) return spec;
  const explicitFor =
    kind === 'number'
      ? explicit.minimum !== undefined || explicit.maximum !== undefined || explicit.integer
      : explicit.format !== undefined || explicit.pattern !== undefined;
  if (explicitFor) return spec;
  if (spec.kind === 'array') return { ...spec, item: applyConstraints(spec.item, hint) };
  return applyConstraints(spec, hint);
}

function primitiveKind(spec: ArbitrarySpec): 'number' | 'string' | undefined {
  if (spec.kind === 'number' || spec.kind === 'string') return spec.kind;
  if (spec.kind === 'union') {
    // `port?: number` and `email: string | null`: hint the one primitive member.
    const kinds = new Set(spec.members.map((m) => (m.kind === 'constant' ? 'constant' : m.kind)));
    kinds.delete('constant');
    const [only] = kinds;
    return kinds.size === 1 && (only === 'number' || only === 'string') ? only : undefined;
  }
  return undefined;
}
