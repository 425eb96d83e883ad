import type { ArbitrarySpec, PropertySpec } from '@assay/property';
import { Node, type Type } from 'ts-morph';

/** A type the generator cannot build inputs for yet, with the reason shown to the user. */
export class UnsupportedType extends Error {}

const MAX_DEPTH = 6;

/** Built-in object types that are not plain data: they need constructors, not object literals. */
const NON_PLAIN = new Set([
  'Date',
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'Promise',
  'RegExp',
  'Error',
  'Function',
]);

/**
 * Describes the values of a TypeScript type as an {@link ArbitrarySpec}.
 *
 * @param at the node the type is seen from (a parameter), needed to read property types.
 * @param exportedEnums names of enums exported by the module, written as `Enum.Member` in tests.
 * @throws UnsupportedType for types outside what generation handles (functions, classes, …).
 */
export function typeToSpec(
  type: Type,
  at: Node,
  exportedEnums: ReadonlySet<string>,
  depth = 0,
): ArbitrarySpec {
  if (depth > MAX_DEPTH) throw new UnsupportedType(`type nests deeper than ${MAX_DEPTH} levels (recursive?)`);
  const next = (t: Type) => typeToSpec(t, at, exportedEnums, depth + 1);

  if (type.isAny() || type.isUnknown()) return { kind: 'anything' };
  if (type.isBoolean()) return { kind: 'boolean' };
  if (type.isNumber()) return { kind: 'number' };
  if (type.isString()) return { kind: 'string' };
  if (type.isBigInt()) return { kind: 'bigint' };
  if (type.isNull()) return { kind: 'constant', value: null };
  if (type.isUndefined() || type.isVoid()) return { kind: 'constant', value: undefined };
  if (type.isBooleanLiteral()) return { kind: 'constant', value: type.getText() === 'true' };
  if (type.isEnumLiteral() || type.isStringLiteral() || type.isNumberLiteral())
    return literalSpec(type, exportedEnums);
  if (type.isBigIntLiteral()) {
    const { negative, base10Value } = type.getLiteralValue() as { negative: boolean; base10Value: string };
    return { kind: 'constant', value: BigInt(`${negative ? '-' : ''}${base10Value}`) };
  }
  if (type.isTypeParameter()) {
    const bound = type.getConstraint() ?? type.getDefault();
    return bound ? next(bound) : { kind: 'anything' };
  }
  if (type.isUnion()) return mergeBooleans(type.getUnionTypes().map(next));
  if (type.isTemplateLiteral()) throw new UnsupportedType(`template literal type ${type.getText()}`);
  if (type.isArray() || type.isReadonlyArray()) {
    const element = type.getArrayElementType() ?? type.getTypeArguments()[0];
    if (!element) throw new UnsupportedType(`array type ${type.getText()} without an element type`);
    return { kind: 'array', item: next(element) };
  }
  if (type.isTuple()) return { kind: 'tuple', items: type.getTupleElements().map(next) };
  if (type.getCallSignatures().length > 0) throw new UnsupportedType(`function type ${short(type)}`);
  if (type.isObject() || type.isIntersection()) return objectSpec(type, at, next);
  throw new UnsupportedType(`type ${short(type)}`);
}

function literalSpec(type: Type, exportedEnums: ReadonlySet<string>): ArbitrarySpec {
  const value = type.getLiteralValue();
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new UnsupportedType(`literal type ${type.getText()}`);
  }
  if (!type.isEnumLiteral()) return { kind: 'constant', value };
  const member = type.getSymbol()?.getValueDeclaration();
  const enumName = member && Node.isEnumMember(member) ? member.getParent().getName() : undefined;
  const label =
    enumName && exportedEnums.has(enumName)
      ? `${enumName}.${member!.getSymbolOrThrow().getName()}`
      : undefined;
  return label ? { kind: 'constant', value, label } : { kind: 'constant', value };
}

function objectSpec(type: Type, at: Node, next: (t: Type) => ArbitrarySpec): ArbitrarySpec {
  const symbolName = type.getSymbol()?.getName();
  if (symbolName && NON_PLAIN.has(symbolName)) throw new UnsupportedType(`${symbolName} values`);
  if (type.isClass() || type.getConstructSignatures().length > 0) {
    throw new UnsupportedType(`class instance ${short(type)}`);
  }
  if (type.getStringIndexType() || type.getNumberIndexType()) {
    throw new UnsupportedType(`index signature in ${short(type)}`);
  }
  const properties: PropertySpec[] = type.getProperties().map((symbol) => {
    const propertyType = symbol.getTypeAtLocation(at);
    if (propertyType.getCallSignatures().length > 0) {
      throw new UnsupportedType(`method ${symbol.getName()} in ${short(type)}`);
    }
    const optional = symbol.isOptional();
    const spec = next(optional ? propertyType.getNonNullableType() : propertyType);
    return { name: symbol.getName(), spec, optional };
  });
  return { kind: 'object', properties };
}

/** `boolean` reaches us as `true | false`; keep it one boolean for readable inputs. */
function mergeBooleans(members: ArbitrarySpec[]): ArbitrarySpec {
  const isBool = (m: ArbitrarySpec) => m.kind === 'constant' && typeof m.value === 'boolean';
  const flat = members.flatMap((m) => (m.kind === 'union' ? m.members : [m]));
  const merged = flat.filter((m) => !isBool(m));
  if (flat.filter(isBool).length === 2) merged.unshift({ kind: 'boolean' });
  else merged.push(...flat.filter(isBool));
  return merged.length === 1 ? merged[0]! : { kind: 'union', members: merged };
}

function short(type: Type): string {
  const text = type.getText(undefined, 0);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
