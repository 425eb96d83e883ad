/**
 * Core's reports carry values in the sandbox's tagged encoding (`{"$":"object","v":{…}}`, `{"$":"undefined"}`),
 * which reads like an internal error to a user. These helpers turn the JSON of such values, wherever it
 * appears in a message, back into JavaScript as one would write it: `{ a: 1 }`, `undefined`, `10n`.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `message` with every JSON value in it that uses the tagged encoding written as plain JavaScript. */
export function decodeValuesIn(message: string): string {
  let out = '';
  let i = 0;
  while (i < message.length) {
    const ch = message[i];
    if (ch === '{' || ch === '[') {
      const end = balancedEnd(message, i);
      if (end > i) {
        const text = message.slice(i, end + 1);
        const value = parseJson(text);
        if (value !== undefined && hasTag(value)) {
          out += plain(value);
          i = end + 1;
          continue;
        }
      }
    }
    out += ch;
    i++;
  }
  return out;
}

/** Index of the bracket closing the one at `start` (strings skipped), or -1. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function parseJson(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasTag(value: Json): boolean {
  if (Array.isArray(value)) return value.some(hasTag);
  if (!isObject(value)) return false;
  return typeof value.$ === 'string' || Object.values(value).some(hasTag);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** One encoded value as JavaScript source (short forms for what cannot be a literal). */
export function plain(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(plain).join(', ')}]`;
  if (!isObject(value)) return typeof value === 'string' ? JSON.stringify(value) : String(value);
  const v = value.v;
  switch (value.$) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return String(v);
    case 'bigint':
      return `${v}n`;
    case 'date':
      return typeof v === 'number' ? `new Date(${JSON.stringify(new Date(v).toISOString())})` : 'Date';
    case 'map':
      return `new Map(${plain(v ?? [])})`;
    case 'set':
      return `new Set(${plain(v ?? [])})`;
    case 'arguments':
      return `arguments ${plain(v ?? [])}`;
    case 'object':
      return fields(v);
    case 'instance':
      return `${value.ctor} ${fields(v)}`;
    case 'error':
      return `${value.ctor}(${JSON.stringify(value.message)})`;
    case 'binary':
      return `${value.ctor} ${plain(v ?? [])}`;
    case 'outside':
      return v === null ? 'null' : 'undefined';
    case 'regexp':
      return `/${value.source}/${value.flags}`;
    case 'platform':
      return `${value.make}(${Array.isArray(v) ? v.map(plain).join(', ') : ''})`;
    case 'rejected':
      return `Promise.reject(${plain(v ?? null)})`;
    case 'opaque':
      return `<${value.what}>`;
    case 'self':
      return 'this';
    case 'resolved':
      return `Promise.resolve(${plain(v ?? null)})`;
    case 'stub':
      return 'a callback';
    case 'result':
      return `the result of step ${value.step}`;
    case 'iterated':
      return `[...${plain(v ?? [])}]`;
    default:
      return fields(value);
  }
}

function fields(value: Json | undefined): string {
  if (value === undefined || !isObject(value)) return '{}';
  const entries = Object.entries(value).map(
    ([key, field]) => `${IDENTIFIER.test(key) ? key : JSON.stringify(key)}: ${plain(field)}`,
  );
  return entries.length ? `{ ${entries.join(', ')} }` : '{}';
}
