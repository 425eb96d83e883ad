import {
  type ClassDeclaration,
  Node,
  type ParameterDeclaration,
  type Signature,
  type Symbol as TsSymbol,
  type Type,
  ts,
} from 'ts-morph';
import { BINARY_TYPES, ERROR_TYPES } from '../_internals/built-ins.js';
import { PLATFORM_TYPES } from '../_internals/platform.js';
import { leafOf } from '../_internals/recursion.js';
import { applyConstraints, applyNameHints, type Constraints } from '../constraints.js';
import type {
  ArbitrarySpec,
  BinaryType,
  ErrorType,
  FunctionSpec,
  PlatformType,
  PropertySpec,
} from '../spec.js';
import { constraintsOfDeclaration, constraintsOfParameter } from './jsdoc.js';

/** A type no arbitrary is built for, with the reason (shown to users as is). */
export class UnsupportedType extends Error {
  readonly code = 'ASSAY_UNSUPPORTED_TYPE';
  constructor(reason: string) {
    super(reason);
    this.name = 'UnsupportedType';
  }
}

export interface TypeToSpecOptions {
  /**
   * Enums whose members generated code may write by name (`Color.Red`), usually the enums the module
   * exports. Members of other enums are written by value.
   * @default every enum
   */
  enumLabels?: ReadonlySet<string>;
  /**
   * Only values that are plain data (they can be written as literals and sent to another process):
   * function types and class instances become `UnsupportedType`, optional function properties are left out.
   * @default false
   */
  dataOnly?: boolean;
  /** Deepest nesting of a non-recursive type before it is refused. @default 12 */
  maxDepth?: number;
  /**
   * The values of a type parameter without constraint or default (`class Stack<E>`'s `E`): a data
   * structure's tests read better with distinct small numbers than with `undefined` and `{}`.
   * @default { kind: 'anything' }
   */
  unboundedTypeParameter?: ArbitrarySpec;
}

/** Built-in object types that are not plain data and have no arbitrary here, with why. */
const BUILT_IN_REFUSALS: Record<string, string> = {
  WeakMap: 'WeakMap values (keys cannot be listed)',
  WeakSet: 'WeakSet values (items cannot be listed)',
  WeakRef: 'WeakRef values',
  Symbol: 'symbol values',
  Function: 'the Function type (no signature to generate for)',
  Iterator: 'Iterator values',
  Generator: 'Generator values',
};

const BINARY = new Set<string>(BINARY_TYPES);
const ERRORS = new Set<string>(ERROR_TYPES);
const PLATFORM = new Set<string>(PLATFORM_TYPES);

/** The values of `object`: records of any values, and arrays of them. */
const ANY_OBJECT: ArbitrarySpec = {
  kind: 'union',
  members: [
    { kind: 'object', properties: [], index: { key: 'string', value: { kind: 'anything' } } },
    { kind: 'array', item: { kind: 'anything' } },
  ],
};

/** Types that stand for others until type parameters are known. */
const GENERIC_FORMS =
  ts.TypeFlags.Index | ts.TypeFlags.IndexedAccess | ts.TypeFlags.Conditional | ts.TypeFlags.Substitution;

/** Iterable interfaces whose values an array of the item type is. */
const ITERABLES = new Set(['Iterable', 'IterableIterator']);

/**
 * Describes the values of a TypeScript type as an {@link ArbitrarySpec}.
 *
 * @param at the node the type is seen from (a parameter, a declaration), needed to read property types.
 * @throws UnsupportedType for types without an arbitrary (`never`, `symbol`, `Promise`, a recursive type
 *   with no finite value …), with the reason.
 * @example
 * ```ts
 * const parameter = sourceFile.getFunctionOrThrow('greet').getParameters()[0]!;
 * typeToSpec(parameter.getType(), parameter); // { kind: 'string' }
 * ```
 */
export function typeToSpec(type: Type, at: Node, options: TypeToSpecOptions = {}): ArbitrarySpec {
  return new Converter(at, options).convert(type, 0);
}

/**
 * The spec of a function or constructor parameter: its type, narrowed by the JSDoc constraints written
 * for it (tags following its `@param` tag, or a comment on the parameter itself, or on its type alias)
 * and by what its name suggests (`email`, `port`, `count` …). Rest parameters give an array spec.
 *
 * @example
 * ```ts
 * // /** @param port where to listen *\/ function listen(port: number) {}
 * parameterSpec(listen.getParameters()[0]!); // { kind: 'number', integer: true, min: 0, max: 65535 }
 * ```
 */
export function parameterSpec(
  parameter: ParameterDeclaration,
  options: TypeToSpecOptions = {},
): ArbitrarySpec {
  const converter = new Converter(parameter, options);
  const explicit = constraintsOfParameter(parameter);
  const spec = converter.convert(parameter.getType(), 0);
  const name = Node.isIdentifier(parameter.getNameNode()) ? parameter.getName() : '';
  return converter.narrow(spec, explicit, name);
}

interface Frame {
  name: string;
  used: boolean;
}

class Converter {
  private readonly stack = new Map<ts.Type, Frame>();
  private readonly names = new Set<string>();
  private readonly maxDepth: number;

  constructor(
    private readonly at: Node,
    private readonly options: TypeToSpecOptions,
  ) {
    this.maxDepth = options.maxDepth ?? 12;
  }

  narrow(spec: ArbitrarySpec, explicit: Constraints, name: string): ArbitrarySpec {
    const narrowed = Object.keys(explicit).length > 0 ? applyConstraints(spec, explicit) : spec;
    return name ? applyNameHints(narrowed, name, explicit) : narrowed;
  }

  convert(type: Type, depth: number): ArbitrarySpec {
    if (depth > this.maxDepth) {
      throw new UnsupportedType(`type ${short(type)} nests deeper than ${this.maxDepth} levels`);
    }
    const simple = this.simple(type, depth);
    if (simple) return simple;
    // Object-like types may refer to themselves: track them to turn self-references into `ref`s.
    const key = type.compilerType;
    const onStack = this.stack.get(key);
    if (onStack) {
      onStack.used = true;
      return { kind: 'ref', name: onStack.name };
    }
    const frame: Frame = { name: this.nameFor(type), used: false };
    this.stack.set(key, frame);
    try {
      const spec = this.structured(type, depth);
      if (!frame.used) return spec;
      const recursive: ArbitrarySpec = { kind: 'recursive', name: frame.name, spec };
      if (!leafOf(spec, frame.name)) {
        throw new UnsupportedType(
          `recursive type ${short(type)} has no finite value (every ${frame.name} contains another one)`,
        );
      }
      return recursive;
    } finally {
      this.stack.delete(key);
      this.names.delete(frame.name);
    }
  }

  /** Types that cannot refer to themselves. */
  private simple(type: Type, depth: number): ArbitrarySpec | undefined {
    if (type.isAny() || type.isUnknown()) return { kind: 'anything' };
    if (type.isNever()) throw new UnsupportedType('never (a type without values)');
    if (type.isTypeParameter()) {
      // Generic code is exercised with the most general type it accepts.
      const bound = type.getConstraint() ?? type.getDefault();
      const unbounded = !bound || bound.isAny() || bound.isUnknown();
      if (unbounded && this.options.unboundedTypeParameter) return this.options.unboundedTypeParameter;
      return bound ? this.convert(bound, depth + 1) : { kind: 'anything' };
    }
    if (type.isBoolean()) return { kind: 'boolean' };
    if (type.isNumber()) return { kind: 'number' };
    if (type.isString()) return { kind: 'string' };
    if (type.isBigInt()) return { kind: 'bigint' };
    if (type.isNull()) return { kind: 'constant', value: null };
    if (type.isUndefined() || type.isVoid()) return { kind: 'constant', value: undefined };
    if (type.isBooleanLiteral()) return { kind: 'constant', value: type.getText() === 'true' };
    if (type.isEnumLiteral() || type.isStringLiteral() || type.isNumberLiteral()) return this.literal(type);
    if (type.isBigIntLiteral()) {
      const { negative, base10Value } = type.getLiteralValue() as { negative: boolean; base10Value: string };
      return { kind: 'constant', value: BigInt(`${negative ? '-' : ''}${base10Value}`) };
    }
    const flags = type.getFlags();
    if (flags & (ts.TypeFlags.ESSymbol | ts.TypeFlags.UniqueESSymbol))
      throw new UnsupportedType('symbol values');
    if (flags & ts.TypeFlags.StringMapping) throw new UnsupportedType(`string mapping type ${short(type)}`);
    if (type.isTemplateLiteral()) return this.template(type);
    // `keyof T`, `T[K]`, conditional types over type parameters: the checker's constraint for them
    // (`keyof T` of an unconstrained `T` is `string | number | symbol`).
    if (flags & GENERIC_FORMS) {
      const apparent = type.getApparentType();
      if (apparent.compilerType !== type.compilerType) return this.convert(apparent, depth + 1);
      return { kind: 'anything' };
    }
    // `object`: any non-primitive value; plain records and arrays are what such code usually gets.
    if (flags & ts.TypeFlags.NonPrimitive) return ANY_OBJECT;
    return undefined;
  }

  private structured(type: Type, depth: number): ArbitrarySpec {
    const next = (t: Type) => this.convert(t, depth + 1);
    if (type.isUnion()) return this.union(type.getUnionTypes(), next);
    if (type.isIntersection()) {
      const parts = type.getIntersectionTypes();
      const primitive = parts.find((p) => isPrimitive(p));
      if (primitive) {
        // `string & { __brand: 'Email' }`: the object part only exists for the type checker.
        const typeName = type.getAliasSymbol()?.getName();
        return { kind: 'branded', spec: next(primitive), ...(typeName ? { typeName } : {}) };
      }
      if (parts.some((p) => p.getCallSignatures().length > 0)) {
        throw new UnsupportedType(`intersection with a function type ${short(type)}`);
      }
      return this.object(type, depth);
    }
    if (type.isArray() || type.isReadonlyArray()) {
      const element = type.getArrayElementType() ?? type.getTypeArguments()[0];
      if (!element) throw new UnsupportedType(`array type ${short(type)} without an element type`);
      return type.isArray()
        ? { kind: 'array', item: next(element) }
        : { kind: 'array', item: next(element), readonly: true };
    }
    if (type.isTuple()) return this.tuple(type, next);
    const builtIn = this.builtIn(type, next);
    if (builtIn) return builtIn;
    const callSignatures = type.getCallSignatures();
    if (callSignatures.length > 0 && type.getProperties().length === 0) {
      if (this.options.dataOnly) throw new UnsupportedType(`function type ${short(type)}`);
      const signature = callSignatures[0]!;
      const spec = this.functionSpec(signature.getReturnType(), depth);
      const like = behaviourOf(signature, this.at);
      return like && spec.kind === 'function' && !spec.async ? { ...spec, like } : spec;
    }
    const classDeclaration = type
      .getSymbol()
      ?.getDeclarations()
      .find((d) => Node.isClassDeclaration(d));
    if (classDeclaration && Node.isClassDeclaration(classDeclaration)) {
      return this.instance(type, classDeclaration, depth);
    }
    if (type.getConstructSignatures().length > 0)
      throw new UnsupportedType(`constructor type ${short(type)}`);
    if (type.isObject()) return this.object(type, depth);
    throw new UnsupportedType(`type ${short(type)}`);
  }

  /**
   * A union's values are those of the members that can be built: `PropertyKey` gives strings and
   * numbers (its `symbol` member has no literal a test could show), `Date | Promise<Date>` gives dates.
   * Only when no member can be built is the union unsupported, with the first member's reason.
   */
  private union(members: Type[], next: (t: Type) => ArbitrarySpec): ArbitrarySpec {
    const specs: ArbitrarySpec[] = [];
    let refusal: UnsupportedType | undefined;
    for (const member of members) {
      try {
        specs.push(next(member));
      } catch (error) {
        if (!(error instanceof UnsupportedType)) throw error;
        refusal ??= error;
      }
    }
    if (specs.length === 0) throw refusal ?? new UnsupportedType('an empty union');
    return mergeBooleans(specs);
  }

  private literal(type: Type): ArbitrarySpec {
    const value = type.getLiteralValue();
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new UnsupportedType(`literal type ${type.getText()}`);
    }
    if (!type.isEnumLiteral()) return { kind: 'constant', value };
    const member = type.getSymbol()?.getValueDeclaration();
    if (!member || !Node.isEnumMember(member)) return { kind: 'constant', value };
    const enumName = member.getParent().getName();
    const labelled = this.options.enumLabels === undefined || this.options.enumLabels.has(enumName);
    return labelled
      ? { kind: 'constant', value, label: `${enumName}.${member.getName()}` }
      : { kind: 'constant', value };
  }

  private template(type: Type): ArbitrarySpec {
    const compiler = type.compilerType as ts.TemplateLiteralType;
    const parts: ArbitrarySpec[] = [];
    compiler.texts.forEach((text, i) => {
      if (text !== '') parts.push({ kind: 'constant', value: text });
      const hole = compiler.types[i];
      if (hole) parts.push(holeSpec(hole, type));
    });
    return { kind: 'template', parts };
  }

  private tuple(type: Type, next: (t: Type) => ArbitrarySpec): ArbitrarySpec {
    const elements = type.getTupleElements();
    const target = (type.compilerType as ts.TypeReference).target as ts.TupleType;
    const flags = target.elementFlags ?? elements.map(() => ts.ElementFlags.Required);
    const items: ArbitrarySpec[] = [];
    const after: ArbitrarySpec[] = [];
    let rest: ArbitrarySpec | undefined;
    let required = 0;
    elements.forEach((element, i) => {
      const flag = flags[i] ?? ts.ElementFlags.Required;
      if (flag & ts.ElementFlags.Variable) {
        if (rest) throw new UnsupportedType(`tuple ${short(type)} with two rest elements`);
        rest = next(element);
      } else if (rest) {
        after.push(next(element));
      } else {
        if (flag & ts.ElementFlags.Required) required = items.length + 1;
        items.push(next(element));
      }
    });
    const spec: ArbitrarySpec = { kind: 'tuple', items };
    if (required < items.length) spec.required = required;
    if (rest) spec.rest = rest;
    if (after.length > 0) spec.after = after;
    return spec;
  }

  private builtIn(type: Type, next: (t: Type) => ArbitrarySpec): ArbitrarySpec | undefined {
    const symbol = type.getSymbol();
    if (!symbol || !isFromLib(symbol)) return undefined;
    const name = symbol.getName();
    const args = type.getTypeArguments();
    switch (name) {
      case 'Date':
        return { kind: 'date' };
      case 'Map':
      case 'ReadonlyMap':
        return { kind: 'map', key: next(args[0]!), value: next(args[1]!) };
      case 'Set':
      case 'ReadonlySet':
        return { kind: 'set', item: next(args[0]!) };
      case 'RegExp':
        return { kind: 'regexp' };
      case 'Promise':
      case 'PromiseLike':
        // Inside arrays and records (`Promise<T>[]`): a parameter of its own is passed by the caller.
        if (this.options.dataOnly)
          throw new UnsupportedType('Promise values (pass the resolved value instead)');
        return { kind: 'promise', value: args[0] ? next(args[0]) : { kind: 'anything' } };
    }
    if (PLATFORM.has(name) && isPlatformDeclared(symbol)) {
      // Made by their constructors (`new Request(url, init)`): their interfaces are not data to draw.
      if (this.options.dataOnly) throw new UnsupportedType(`${name} values (not plain data)`);
      if (name !== 'ReadableStream') return { kind: 'platform', type: name as PlatformType };
      return {
        kind: 'platform',
        type: 'ReadableStream',
        item: args[0] ? next(args[0]) : { kind: 'anything' },
      };
    }
    if (BINARY.has(name)) return { kind: 'binary', type: name as BinaryType };
    // Any typed array is a view; the plainest one reads best (`new Uint8Array([1, 2])`).
    if (name === 'ArrayBufferView') return { kind: 'binary', type: 'Uint8Array' };
    if (ERRORS.has(name)) return { kind: 'error', type: name as ErrorType };
    // Any iterable accepts an array of its items, the plainest iterable, which reads as one in a test:
    // `sum([1, 2])`, `new Bag(['a'])`.
    if (ITERABLES.has(name)) return { kind: 'array', item: args[0] ? next(args[0]) : { kind: 'anything' } };
    // `Function` says nothing of its signature: a callback that takes anything and returns nothing.
    if (name === 'Function' && !this.options.dataOnly)
      return { kind: 'function', returns: { kind: 'constant', value: undefined } };
    // Own keys only: a lib type named `toString` must not find Object.prototype.toString here.
    const refusal = Object.hasOwn(BUILT_IN_REFUSALS, name) ? BUILT_IN_REFUSALS[name] : undefined;
    if (refusal) throw new UnsupportedType(refusal);
    if (/Array$/.test(name)) throw new UnsupportedType(`${name} values`);
    return undefined;
  }

  /** A callback's spec: what it returns, or what its promise resolves to (`() => Promise<T>`). */
  private functionSpec(returnType: Type, depth: number): ArbitrarySpec {
    const symbol = returnType.getSymbol();
    const promised =
      symbol && isFromLib(symbol) && /^(Promise|PromiseLike)$/.test(symbol.getName())
        ? returnType.getTypeArguments()[0]
        : undefined;
    if (promised) return { kind: 'function', returns: this.convert(promised, depth + 1), async: true };
    if (returnType.isUnion()) {
      // `Awaitable<T>` (`T | Promise<T>`): the plain member is enough to drive the code.
      const plain = returnType
        .getUnionTypes()
        .filter((t) => !/^(Promise|PromiseLike)$/.test(t.getSymbol()?.getName() ?? ''));
      if (plain.length > 0 && plain.length < returnType.getUnionTypes().length) {
        const members = mergeBooleans(plain.map((t) => this.convert(t, depth + 1)));
        return { kind: 'function', returns: members };
      }
    }
    return { kind: 'function', returns: this.convert(returnType, depth + 1) };
  }

  private instance(type: Type, declaration: ClassDeclaration, depth: number): ArbitrarySpec {
    const className = declaration.getName();
    if (this.options.dataOnly) throw new UnsupportedType(`class instance ${className ?? short(type)}`);
    if (!className) throw new UnsupportedType('instances of an anonymous class');
    if (declaration.isAbstract()) throw new UnsupportedType(`instances of abstract class ${className}`);
    // The constructor may be inherited.
    let owner: ClassDeclaration | undefined = declaration;
    while (owner && owner.getConstructors().length === 0) owner = owner.getBaseClass();
    const ctor = owner?.getConstructors()[0];
    if (
      ctor?.hasModifier(ts.SyntaxKind.PrivateKeyword) ||
      ctor?.hasModifier(ts.SyntaxKind.ProtectedKeyword)
    ) {
      throw new UnsupportedType(`class ${className} has a non-public constructor`);
    }
    const args = (ctor?.getParameters() ?? []).map((parameter) => {
      const spec = this.convert(parameter.getType(), depth + 1);
      const name = Node.isIdentifier(parameter.getNameNode()) ? parameter.getName() : '';
      const narrowed = this.narrow(spec, constraintsOfParameter(parameter), name);
      if (parameter.isRestParameter()) {
        throw new UnsupportedType(`class ${className}: a rest parameter in its constructor`);
      }
      return parameter.isOptional() ? orUndefined(narrowed) : narrowed;
    });
    return { kind: 'instance', className, module: declaration.getSourceFile().getFilePath(), args };
  }

  private object(type: Type, depth: number): ArbitrarySpec {
    const next = (t: Type) => this.convert(t, depth + 1);
    const properties: PropertySpec[] = [];
    for (const symbol of type.getProperties()) {
      const name = symbol.getName();
      const optional = symbol.isOptional();
      if (name.startsWith('__@')) {
        if (optional) continue;
        throw new UnsupportedType(`symbol-keyed property in ${short(type)}`);
      }
      const propertyType = symbol.getTypeAtLocation(this.at);
      const valueType = optional ? propertyType.getNonNullableType() : propertyType;
      if (this.options.dataOnly && valueType.getCallSignatures().length > 0) {
        // Callbacks in options objects are usually optional: leave them out rather than the whole unit.
        if (optional) continue;
        throw new UnsupportedType(`method ${name} in ${short(type)}`);
      }
      let spec: ArbitrarySpec;
      try {
        spec = next(valueType);
      } catch (error) {
        if (error instanceof UnsupportedType && optional) continue;
        throw error;
      }
      const declaration = symbol.getDeclarations()[0];
      const explicit = declaration ? constraintsOfDeclaration(declaration) : {};
      properties.push({ name, spec: this.narrow(spec, explicit, name), optional });
    }
    const stringIndex = type.getStringIndexType();
    const numberIndex = type.getNumberIndexType();
    const spec: ArbitrarySpec = { kind: 'object', properties };
    if (stringIndex) spec.index = { key: 'string', value: next(stringIndex) };
    else if (numberIndex) spec.index = { key: 'number', value: next(numberIndex) };
    else if (properties.length === 0) {
      const record = genericRecord(type);
      if (record) spec.index = { key: record.key, value: next(record.value) };
    }
    return spec;
  }

  private nameFor(type: Type): string {
    const symbol = type.getAliasSymbol() ?? type.getSymbol();
    const raw = symbol?.getName() ?? '';
    const base = /^[A-Za-z_$][\w$]*$/.test(raw) && !raw.startsWith('__') ? raw : 'T';
    let name = base;
    for (let i = 2; this.names.has(name); i++) name = `${base}${i}`;
    this.names.add(name);
    return name;
  }
}

/**
 * What a callback's signature says it does, when a constant result would not drive the code past it:
 * `(a: T, b: T) => number` compares (a heap or sorted list with a comparator that always answers the
 * same never orders anything); `(raw: R) => E` between type parameters, or `(x: T) => T`, converts
 * (`toElementFn`): returning the argument keeps the values the test passed in.
 */
function behaviourOf(signature: Signature, at: Node): FunctionSpec['like'] {
  const parameters = signature.getParameters().map((p) => p.getTypeAtLocation(at));
  const returns = signature.getReturnType();
  const [first, second] = parameters;
  if (first && second && returns.isNumber() && first.getText() === second.getText()) return 'compare';
  if (!first || returns.isVoid() || returns.isAny() || returns.isUnknown()) return undefined;
  const generic = first.isTypeParameter() && returns.isTypeParameter();
  return generic || first.getText() === returns.getText() ? 'identity' : undefined;
}

/**
 * `Record<K, V>` over a type parameter `K extends PropertyKey` (`mapValues(obj: Record<TKey, TValue>)`):
 * the checker gives it no properties and no index signature until `K` is known, so only `{}` would be
 * drawn. Its values are records keyed by what `K` allows: string keys, or number keys when that is all.
 */
function genericRecord(type: Type): { key: 'string' | 'number'; value: Type } | undefined {
  const alias = type.getAliasSymbol();
  const [key, value] = type.getAliasTypeArguments();
  if (alias?.getName() !== 'Record' || !isFromLib(alias) || !key || !value || !key.isTypeParameter())
    return undefined;
  const constraint = key.getConstraint();
  const members = constraint ? (constraint.isUnion() ? constraint.getUnionTypes() : [constraint]) : [];
  const stringy = members.length === 0 || members.some((m) => m.isString() || m.isAny() || m.isUnknown());
  if (stringy) return { key: 'string', value };
  return members.some((m) => m.isNumber()) ? { key: 'number', value } : undefined;
}

/** A hole of a template literal type (`${number}`): TypeScript distributes unions, so holes are primitives. */
function holeSpec(hole: ts.Type, whole: Type): ArbitrarySpec {
  const flags = hole.flags;
  if (flags & ts.TypeFlags.String) return { kind: 'string' };
  if (flags & ts.TypeFlags.Number) return { kind: 'number' };
  if (flags & ts.TypeFlags.BigInt) return { kind: 'bigint' };
  if (flags & ts.TypeFlags.Boolean) return { kind: 'boolean' };
  if (flags & ts.TypeFlags.StringLiteral)
    return { kind: 'constant', value: (hole as ts.StringLiteralType).value };
  if (flags & ts.TypeFlags.NumberLiteral)
    return { kind: 'constant', value: (hole as ts.NumberLiteralType).value };
  if (flags & ts.TypeFlags.Union) {
    return { kind: 'union', members: (hole as ts.UnionType).types.map((t) => holeSpec(t, whole)) };
  }
  throw new UnsupportedType(`template literal type ${short(whole)} (a hole of an unsupported kind)`);
}

function isPrimitive(type: Type): boolean {
  return (
    type.isString() ||
    type.isNumber() ||
    type.isBigInt() ||
    type.isBoolean() ||
    type.isStringLiteral() ||
    type.isNumberLiteral() ||
    type.isTemplateLiteral()
  );
}

function isFromLib(symbol: TsSymbol): boolean {
  return symbol.getDeclarations().some((d) => {
    const file = d.getSourceFile();
    return (
      file.isFromExternalLibrary() ||
      file.isInNodeModules() ||
      /(^|\/)lib\.[\w.]*\.d\.ts$/.test(file.getFilePath())
    );
  });
}

/**
 * Whether a web platform name (`Request`) is the platform's own, declared by TypeScript's lib files or
 * Node's types (`@types/node`, `undici-types`), and not a framework's type of the same name (Express's
 * `Request`).
 */
function isPlatformDeclared(symbol: TsSymbol): boolean {
  return symbol.getDeclarations().some((d) => {
    const file = d.getSourceFile().getFilePath();
    return (
      /(^|\/)lib\.[\w.]*\.d\.ts$/.test(file) || /\/node_modules\/(@types\/node|undici-types)\//.test(file)
    );
  });
}

function orUndefined(spec: ArbitrarySpec): ArbitrarySpec {
  if (spec.kind === 'union' && spec.members.some((m) => m.kind === 'constant' && m.value === undefined))
    return spec;
  return { kind: 'union', members: [spec, { kind: 'constant', value: undefined }] };
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
  const text = type.getText(undefined, ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
