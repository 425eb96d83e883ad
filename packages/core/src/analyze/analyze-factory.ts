import type { ArbitrarySpec } from '@assay/property';
import { typeToSpec, UnsupportedType } from '@assay/property/typescript';
import { Node, type Signature, type Symbol as TsSymbol, type Type } from 'ts-morph';
import type { Problem } from '../model/report.js';
import type { ClassUnit, MethodInfo, MinedConstants, ParameterInfo } from '../model/unit.js';
import { SETS_TIMERS } from './analyze-class.js';
import { findInSpec, withoutInstances } from './find-in-spec.js';

/** What `analyzeFactory` needs of the function: where its types are seen from, and its own description. */
export interface FactoryFunction {
  /** The function's declaration, to read the types of the returned object's members from. */
  at: Node;
  name: string;
  exportName: string;
  returnType: Type;
  parameters: ParameterInfo[];
  constants: MinedConstants;
  line: number;
  enumLabels: ReadonlySet<string>;
  /** The values of unbounded type parameters, as for a generic class's elements. */
  elements: ArbitrarySpec;
}

/**
 * A function that returns an object of functions (`createLruCache(n)` → `{ get, set }`, a closure-based
 * store or emitter) described as a class whose constructor is the call: its tests call the factory, then
 * sequences of the returned object's methods, as a class's tests do on an instance. Undefined when the
 * result is not such an object: a promise, a function, plain data, or more data fields than methods
 * (a parse result with a `toString()` is data, better asserted whole).
 */
export function analyzeFactory(fn: FactoryFunction): { unit?: ClassUnit; problems: Problem[] } {
  const type = fn.returnType;
  const symbolName = type.getSymbol()?.getName();
  if (symbolName === 'Promise' || symbolName === 'PromiseLike') return { problems: [] };
  if (type.getCallSignatures().length > 0 || !type.isObject() || type.isArray() || type.isTuple())
    return { problems: [] };
  const members = type.getProperties().filter((symbol) => isPublicMember(symbol));
  const callable = members.filter((symbol) => signatureOf(symbol, fn.at) !== undefined);
  if (callable.length === 0 || callable.length < members.length - callable.length) return { problems: [] };

  const problems: Problem[] = [];
  const methods: MethodInfo[] = [];
  for (const symbol of callable) {
    const signature = signatureOf(symbol, fn.at)!;
    const returnType = signature.getReturnType();
    try {
      methods.push({
        name: symbol.getName(),
        parameters: signatureParameters(signature, fn),
        isAsync: /^Promise(Like)?$/.test(returnType.getSymbol()?.getName() ?? ''),
        returnsValue: !(returnType.isVoid() || returnType.isUndefined()),
      });
    } catch (error) {
      if (!(error instanceof UnsupportedType)) throw error;
      const what = `${fn.name}().${symbol.getName()}`;
      problems.push({
        code: 'unsupported-parameter',
        unit: fn.name,
        message: `${what}: ${error.message} is not supported as a parameter yet, so ${what} was left out.`,
      });
    }
  }
  const observers = members.filter((symbol) => !callable.includes(symbol)).map((s) => s.getName());
  return {
    unit: {
      kind: 'class',
      name: fn.name,
      exportName: fn.exportName,
      factory: true,
      ...(SETS_TIMERS.test(fn.at.getText()) ? { usesTimers: true as const } : {}),
      constructorParameters: fn.parameters,
      methods,
      observers,
      constants: fn.constants,
      line: fn.line,
    },
    problems,
  };
}

/** The call signature of a member that is a function (a method, or a property holding one). */
function signatureOf(symbol: TsSymbol, at: Node): Signature | undefined {
  const type = symbol.getTypeAtLocation(at).getNonNullableType();
  return type.getCallSignatures()[0];
}

/** Members a test can call by name: no `_private`, `#private`, symbol-keyed or private/protected ones. */
function isPublicMember(symbol: TsSymbol): boolean {
  const name = symbol.getName();
  if (!/^[A-Za-z$][\w$]*$/.test(name)) return false;
  return !symbol.getDeclarations().some((d) => {
    const modifiers = Node.isModifierable(d) ? d.getModifiers().map((m) => m.getText()) : [];
    return modifiers.includes('private') || modifiers.includes('protected');
  });
}

/** A member signature's parameters: unsupported optional ones are left out of calls, others refuse the member. */
function signatureParameters(signature: Signature, fn: FactoryFunction): ParameterInfo[] {
  return signature.getParameters().map((symbol, i): ParameterInfo => {
    const declaration = symbol.getValueDeclaration();
    const parameter = declaration && Node.isParameterDeclaration(declaration) ? declaration : undefined;
    const rest = parameter?.isRestParameter() ?? false;
    const name = /^[A-Za-z_$][\w$]*$/.test(symbol.getName()) ? symbol.getName() : `arg${i}`;
    try {
      const spec = typeToSpec(symbol.getTypeAtLocation(fn.at), fn.at, {
        enumLabels: fn.enumLabels,
        unboundedTypeParameter: fn.elements,
      });
      const kept = withoutInstances(spec);
      const instance = findInSpec(spec, (s) => s.kind === 'instance');
      if (!kept && instance?.kind === 'instance')
        throw new UnsupportedType(`class instance ${instance.className}`);
      return { name, spec: kept ?? spec, rest };
    } catch (error) {
      if (!(error instanceof UnsupportedType) || !(parameter?.isOptional() || parameter?.hasInitializer()))
        throw error;
      return {
        name,
        spec: rest ? { kind: 'tuple', items: [] } : { kind: 'constant', value: undefined },
        rest,
      };
    }
  });
}
