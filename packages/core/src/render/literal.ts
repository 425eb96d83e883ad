import { type ArbitrarySpec, platformMaker } from '@assay/property';
import { madeFromMessage } from '../model/errors.js';
import type { Encoded } from '../model/value.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Writes a value as a JavaScript literal. With the spec the value was generated from, enum members
 * are written by name (`Color.Red`) instead of by value.
 */
export function renderLiteral(
  value: Encoded,
  spec?: ArbitrarySpec,
  stubNames?: ReadonlyMap<string, string>,
): string {
  const label = labelFor(value, spec);
  if (label) return label;
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const items = value.map((item, i) => renderLiteral(item, elementSpec(spec, i), stubNames));
    return `[${items.join(', ')}]`;
  }
  switch (value.$) {
    case 'number':
      return value.v;
    case 'undefined':
      return 'undefined';
    case 'bigint':
      return `${value.v}n`;
    case 'date':
      return Number.isNaN(value.v)
        ? 'new Date(Number.NaN)'
        : `new Date(${JSON.stringify(new Date(value.v).toISOString())})`;
    case 'buffer':
      return bufferLiteral(value.v);
    case 'binary': {
      const items = `[${value.v.map((v) => renderLiteral(v)).join(', ')}]`;
      if (value.ctor === 'ArrayBuffer') return `new Uint8Array(${items}).buffer`;
      if (value.ctor === 'DataView') return `new DataView(new Uint8Array(${items}).buffer)`;
      return `new ${value.ctor}(${items})`;
    }
    case 'outside':
      // The type excludes the value: the cast says the test means it (JavaScript has no casts).
      return `${value.v === null ? 'null' : 'undefined'}${value.plain ? '' : ' as never'}`;
    case 'platform': {
      const maker = platformMaker(value.make);
      if (!maker) throw new TypeError(`cannot write a ${value.make}`);
      return maker.code(value.v.map((v) => renderLiteral(v)));
    }
    case 'regexp':
      // `source` is escaped for a literal (`/` as `\/`, the empty pattern as `(?:)`).
      return `/${value.source}/${value.flags}`;
    case 'map':
      return `new Map([${value.v.map(([k, v]) => `[${renderLiteral(k)}, ${renderLiteral(v)}]`).join(', ')}])`;
    case 'set':
      return `new Set([${value.v.map((v) => renderLiteral(v)).join(', ')}])`;
    case 'arguments':
      // The only way to write one: the runners compare an Arguments object's tag, not just its items.
      return `(function () { return arguments; })(${value.v.map((v) => renderLiteral(v)).join(', ')})`;
    case 'object': {
      const entries = Object.entries(value.v).map(([key, v]) => {
        const name = key === '__proto__' ? '["__proto__"]' : IDENTIFIER.test(key) ? key : JSON.stringify(key);
        const code = renderLiteral(v, propertySpec(spec, key), stubNames);
        // Shorthand only for an identifier key holding its own name (`{ a }`), never `{ "" }`.
        return code === name && IDENTIFIER.test(key) ? name : `${name}: ${code}`;
      });
      return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
    }
    case 'error': {
      // A TypeError is written as one: the runners compare an error's name.
      const error = `new ${madeFromMessage(value.ctor) && value.name === value.ctor ? value.ctor : 'Error'}(${JSON.stringify(value.message)})`;
      if (!value.props) return error;
      const fields = Object.entries(value.props).map(
        ([k, v]) => `${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${JSON.stringify(v)}`,
      );
      return `Object.assign(${error}, { ${fields.join(', ')} })`;
    }
    case 'opaque':
      throw new TypeError(`cannot write ${value.what} as a literal`);
    case 'self':
      throw new TypeError('cannot write an instance reference as a literal');
    case 'instance':
      throw new TypeError(`cannot write an instance of ${value.ctor} as a literal`);
    case 'resolved':
      return `Promise.resolve(${renderLiteral(value.v, spec, stubNames)})`;
    case 'rejected':
      return `Promise.reject(${renderLiteral(value.v, undefined, stubNames)})`;
    case 'stub': {
      const name = stubNames?.get(value.id);
      if (!name) throw new TypeError('a callback stub needs a declared name');
      return name;
    }
    case 'construct':
      return `new ${value.ctor}(${value.v.map((v) => renderLiteral(v, undefined, stubNames)).join(', ')})`;
    case 'template':
      // Only a tagged call passes one (see `taggedCall`); elsewhere its chunks read as the array they are.
      return `[${value.v.map((s) => JSON.stringify(s)).join(', ')}]`;
    case 'iterated':
      // What the iterator gave, as the array `[...iterator]` makes of it.
      return renderLiteral(value.v, undefined, stubNames);
    case 'result': {
      // The variable the earlier step's result was kept in (`const node = list.push(3);`).
      const name = stubNames?.get(resultKey(value.step));
      if (!name) throw new TypeError(`the result of step ${value.step} needs a declared name`);
      return name;
    }
  }
}

/** `Buffer.from('text')` when the bytes are printable UTF-8 that round-trips, else from base64. */
function bufferLiteral(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  const text = bytes.toString('utf8');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  const printable = !/[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/.test(text);
  return printable && Buffer.from(text, 'utf8').equals(bytes)
    ? `Buffer.from(${JSON.stringify(text)})`
    : `Buffer.from(${JSON.stringify(base64)}, 'base64')`;
}

/** The key a step's result variable is found under among the names passed to {@link renderLiteral}. */
export function resultKey(step: number): string {
  return `result:${step}`;
}

function labelFor(value: Encoded, spec: ArbitrarySpec | undefined): string | undefined {
  if (!spec || (typeof value !== 'string' && typeof value !== 'number')) return undefined;
  if (spec.kind === 'constant')
    return spec.label !== undefined && spec.value === value ? spec.label : undefined;
  if (spec.kind === 'union') {
    for (const member of spec.members) {
      const label = labelFor(value, member);
      if (label) return label;
    }
  }
  return undefined;
}

function elementSpec(spec: ArbitrarySpec | undefined, index: number): ArbitrarySpec | undefined {
  if (spec?.kind === 'array') return spec.item;
  if (spec?.kind === 'tuple') return spec.items[index];
  return undefined;
}

function propertySpec(spec: ArbitrarySpec | undefined, key: string): ArbitrarySpec | undefined {
  return spec?.kind === 'object' ? spec.properties.find((p) => p.name === key)?.spec : undefined;
}
