import type { ArbitrarySpec } from '@assay/property';
import { typeToSpec } from '@assay/property/typescript';
import { type CallExpression, type Identifier, Node, type SourceFile, SyntaxKind, type Type } from 'ts-morph';
import { emptyValue, presentValue } from '../inputs/present-value.js';
import type { MockReturn } from '../model/unit.js';
import { encode } from '../sandbox/codec.js';
import { builtInBindings } from './built-in-bindings.js';

/** JSON a mocked read returns when nothing says what the code expects in it. */
const SOME_JSON = '{}';
/** Bytes a mocked read returns (as text) when the code does not parse them. */
const SOME_TEXT = 'a';

/**
 * What the tests make the mocked I/O built-ins return, per module as the source imports it (`node:fs`):
 * for each function the module calls, a value of the type its call site resolves to (`existsSync` →
 * `true`, `readFileSync(p, 'utf8')` → text, `readFile` from `fs/promises` → text, resolved), and an
 * empty one (`false`, `''`) for the branch where the file is missing or empty. Text that the code hands
 * to `JSON.parse` is JSON of the type the parse result is used as (`const c: Config = JSON.parse(…)`),
 * `{}` when nothing says. A read that gives bytes (`readFileSync(p)`) returns the bytes of such text
 * (empty: no bytes). Calls whose results have no plain data type (`Stats`, `void` with a callback) keep
 * automock's `undefined`.
 *
 * @example
 * ```ts
 * // import { existsSync, readFileSync } from 'node:fs';
 * // export function load(p: string): Config { return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : {}; }
 * builtInReturns(sourceFile);
 * // { 'node:fs': [{ name: 'existsSync', value: true, empty: false, async: false },
 * //               { name: 'readFileSync', value: '{"port":1}', empty: '', async: false }] }
 * ```
 */
export function builtInReturns(sourceFile: SourceFile): Record<string, MockReturn[]> {
  const byModule: Record<string, MockReturn[]> = {};
  for (const binding of builtInBindings(sourceFile)) {
    const specifier = binding.specifier;
    const calls: Array<{ path: string; call: CallExpression }> = [];
    for (const { name, local } of binding.named) {
      for (const call of callsOf(local)) calls.push({ path: name, call });
    }
    // `import fs from 'node:fs'`, `import * as fs`, `const fs = require('fs')`: `fs.readFileSync(…)`.
    for (const namespace of binding.namespaces) {
      for (const reference of referencesIn(sourceFile, namespace)) {
        const access = reference.getParent();
        if (!Node.isPropertyAccessExpression(access) || access.getExpression() !== reference) continue;
        const call = access.getParent();
        if (Node.isCallExpression(call) && call.getExpression() === access)
          calls.push({ path: access.getName(), call });
      }
    }
    const returns = new Map<string, MockReturn>();
    for (const { path, call } of calls) {
      if (returns.has(path)) continue;
      const built = returnOf(call);
      if (built) returns.set(path, { name: path, ...built });
    }
    // Two bindings of one module (`const fs = require('fs')` and `const { stat } = require('fs')`).
    const known = byModule[specifier] ?? [];
    const added = [...returns.values()].filter((r) => !known.some((k) => k.name === r.name));
    if (added.length > 0) byModule[specifier] = [...known, ...added];
  }
  return byModule;
}

/** Calls of an imported function in its file: `readFileSync(…)` where `readFileSync` is the import. */
function callsOf(local: Identifier): CallExpression[] {
  return referencesIn(local.getSourceFile(), local).flatMap((reference) => {
    const call = reference.getParent();
    return Node.isCallExpression(call) && call.getExpression() === reference ? [call] : [];
  });
}

/**
 * The uses of an imported name in one file. (The language service's find-references would also search
 * every declaration file of the program: @types/node alone makes that slow.)
 */
function referencesIn(sourceFile: SourceFile, name: Identifier): Identifier[] {
  const symbol = name.getSymbol();
  if (!symbol) return [];
  return sourceFile
    .getDescendantsOfKind(SyntaxKind.Identifier)
    .filter((id) => id !== name && id.getText() === name.getText() && id.getSymbol() === symbol);
}

/** The value and empty value of what one call resolves to, awaited; none when it is not plain data. */
function returnOf(call: CallExpression): Omit<MockReturn, 'name'> | undefined {
  const checker = call.getProject().getTypeChecker();
  const signature = checker.getResolvedSignature(call);
  const returned = signature?.getReturnType();
  if (!returned) return undefined;
  if (returned.isVoid()) return callbackAnswer(call);
  const awaited = awaitedType(returned);
  const async = awaited !== returned;
  const type = textOrBuffer(awaited);
  if (type && isBuffer(type)) {
    // `readFileSync(p)` with no encoding: the bytes of some text (JSON when the code parses it).
    const json = parsedAs(call);
    return {
      value: encode(Buffer.from(json ? jsonText(json) : SOME_TEXT)),
      async,
      empty: encode(Buffer.alloc(0)),
    };
  }
  const spec = specOf(type ?? awaited, call);
  if (!spec) return undefined;
  const json = spec.kind === 'string' ? parsedAs(call) : undefined;
  const present = json ? jsonText(json) : presentValue(spec)?.value;
  if (present === undefined) return undefined;
  const empty = emptyValue(spec);
  const value = encode(present);
  const emptyEncoded = empty && encode(empty.value);
  return {
    value,
    async,
    ...(emptyEncoded !== undefined && JSON.stringify(emptyEncoded) !== JSON.stringify(value)
      ? { empty: emptyEncoded }
      : {}),
  };
}

/**
 * A node-style call (`fs.readFile(p, 'utf8', (err, text) => …)`): the value its callback receives, of
 * the type of the callback's second parameter, passed by the fake as `callback(null, value)`.
 */
function callbackAnswer(call: CallExpression): Omit<MockReturn, 'name'> | undefined {
  const last = call.getArguments().at(-1);
  const callback = last?.getType().getCallSignatures()[0];
  const data = callback?.getParameters()[1];
  if (!last || !data) return undefined;
  const type = data.getTypeAtLocation(last);
  const text = textOrBuffer(type);
  if (text && isBuffer(text)) return { value: encode(Buffer.from(SOME_TEXT)), async: false, callback: true };
  const spec = specOf(text ?? type.getNonNullableType(), call);
  const present = spec && presentValue(spec)?.value;
  return present === undefined ? undefined : { value: encode(present), async: false, callback: true };
}

/**
 * Of a read's result type, the member the test returns: text when the call may give text or bytes
 * (`readFileSync(p, options)` with an encoding not known until run time), else the bytes. Undefined for
 * anything else (the type is then built as it is).
 */
function textOrBuffer(type: Type): Type | undefined {
  const members = type.isUnion() ? type.getUnionTypes() : [type];
  const buffer = members.find(isBuffer);
  if (!buffer) return undefined;
  return members.find((m) => m.isString()) ?? buffer;
}

/** Node's `Buffer` (`NonSharedBuffer` in recent @types/node). */
function isBuffer(type: Type): boolean {
  const name = (type.getAliasSymbol() ?? type.getSymbol())?.getName();
  return name === 'Buffer' || name === 'NonSharedBuffer';
}

function specOf(type: Type, at: Node): ArbitrarySpec | undefined {
  try {
    return typeToSpec(type, at, { dataOnly: true });
  } catch {
    // A class instance (Buffer, Stats), a function, any: the mock keeps returning undefined.
    return undefined;
  }
}

function awaitedType(type: Type): Type {
  const name = type.getSymbol()?.getName();
  return (name === 'Promise' || name === 'PromiseLike') && type.getTypeArguments()[0]
    ? type.getTypeArguments()[0]!
    : type;
}

/**
 * When the call's text goes to `JSON.parse` (directly, through `.toString()`, or through a `const`),
 * the parse call: its result's contextual type says what the JSON holds.
 */
function parsedAs(call: CallExpression): { parse: CallExpression } | undefined {
  let node: Node = call;
  // `readFileSync(p).toString()`, `(await readFile(p, 'utf8'))`.
  for (;;) {
    const parent = node.getParent();
    if (Node.isParenthesizedExpression(parent) || Node.isAwaitExpression(parent)) node = parent;
    else if (
      Node.isPropertyAccessExpression(parent) &&
      parent.getName() === 'toString' &&
      Node.isCallExpression(parent.getParent())
    )
      node = parent.getParent()!;
    else break;
  }
  const direct = jsonParseOf(node);
  if (direct) return { parse: direct };
  const declaration = node.getParent();
  if (!Node.isVariableDeclaration(declaration) || declaration.getInitializer() !== node) return undefined;
  const name = declaration.getNameNode();
  if (!Node.isIdentifier(name)) return undefined;
  for (const reference of referencesIn(name.getSourceFile(), name)) {
    const parse = jsonParseOf(reference);
    if (parse) return { parse };
  }
  return undefined;
}

/** The `JSON.parse(node)` call that takes `node` as its text. */
function jsonParseOf(node: Node): CallExpression | undefined {
  const parse = node.getParent();
  if (!Node.isCallExpression(parse) || parse.getArguments()[0] !== node) return undefined;
  return parse.getExpression().getText().replace(/\s/g, '') === 'JSON.parse' ? parse : undefined;
}

/** JSON of a value of the type the parse result is used as (`Config`), `{}` when the type says nothing. */
function jsonText({ parse }: { parse: CallExpression }): string {
  const contextual = parse.getContextualType();
  if (!contextual || contextual.isAny() || contextual.isUnknown()) return SOME_JSON;
  const spec = specOf(contextual, parse);
  const built = spec && presentValue(spec);
  if (!built) return SOME_JSON;
  try {
    return JSON.stringify(built.value) ?? SOME_JSON;
  } catch {
    return SOME_JSON;
  }
}
