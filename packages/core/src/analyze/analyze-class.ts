import { UnsupportedType } from '@assay/property/typescript';
import { type ClassDeclaration, Node, type ParameterDeclaration, Scope, type Type } from 'ts-morph';
import type { Problem } from '../model/report.js';
import type { ClassUnit, FunctionUnit, MethodInfo, ParameterInfo } from '../model/unit.js';
import { mineConstants } from './constants.js';

export type DescribeParameter = (parameter: ParameterDeclaration) => ParameterInfo;

/**
 * Describes an exported class: its constructor, public instance methods and observable state (public
 * getters and fields) as a {@link ClassUnit}, and its public static methods as function units
 * (`Cache.fromEntries`). Methods whose parameters cannot be described are left out with a problem;
 * a constructor that cannot be is a problem for the whole class.
 */
export function analyzeClass(
  declaration: ClassDeclaration,
  exportName: string,
  describe: DescribeParameter,
  /** Drive an Error subclass too (a module that exports nothing else: its fields are what it does). */
  errors = false,
): { units: Array<ClassUnit | FunctionUnit>; problems: Problem[] } {
  const name = exportName === 'default' ? (declaration.getName() ?? 'DefaultClass') : exportName;
  const problems: Problem[] = [];
  const unsupported = (what: string, error: unknown): void => {
    if (!(error instanceof UnsupportedType)) throw error;
    problems.push({
      code: 'unsupported-parameter',
      unit: what,
      message: `${what}: ${error.message} is not supported as a parameter yet, so ${what} was left out.`,
    });
  };
  const units: Array<ClassUnit | FunctionUnit> = [];

  // Error classes are checked where they are thrown (`toThrow(ParseError)`), not driven as objects.
  if (!errors && extendsError(declaration)) return { units: [], problems: [] };

  for (const method of declaration.getStaticMethods()) {
    if (!isPublic(method) || exportName === 'default') continue;
    const unitName = `${name}.${method.getName()}`;
    try {
      units.push({
        kind: 'function',
        name: unitName,
        exportName,
        member: method.getName(),
        parameters: method.getParameters().map(describe),
        isAsync: method.isAsync() || returnsPromise(method),
        constants: mineConstants(method),
        line: method.getStartLineNumber(),
      });
    } catch (error) {
      unsupported(unitName, error);
    }
  }

  if (declaration.isAbstract()) {
    problems.push({
      code: 'unsupported-unit',
      unit: name,
      message: `${name} is abstract: only its static methods are tested.`,
    });
    return { units, problems };
  }

  const ctor =
    declaration.getConstructors().find((c) => c.isImplementation()) ?? declaration.getConstructors()[0];
  if (ctor && !isPublic(ctor)) {
    problems.push({ code: 'unsupported-unit', unit: name, message: `${name} has a non-public constructor.` });
    return { units, problems };
  }
  let constructorParameters: ParameterInfo[];
  try {
    constructorParameters = ctor?.getParameters().map(describe) ?? [];
  } catch (error) {
    unsupported(`new ${name}`, error);
    return { units, problems };
  }

  // Inherited methods and state are the instance's too (`class Queue extends LinkedList`): the
  // nearest declaration of a name wins, as it does at run time.
  const chain = classChain(declaration);
  const methods: MethodInfo[] = [];
  const seenMethods = new Set<string>();
  for (const method of chain.flatMap((c) => c.getInstanceMethods())) {
    const methodName = method.getName();
    if (seenMethods.has(methodName)) continue;
    seenMethods.add(methodName);
    if (!isPublic(method) || method.isAbstract()) continue;
    // `[Symbol.iterator]()` and other computed names cannot be called as `instance.name(…)`.
    if (!/^[A-Za-z_$][\w$]*$/.test(methodName)) continue;
    try {
      methods.push({
        name: methodName,
        parameters: method.getParameters().map(describe),
        isAsync: method.isAsync() || returnsPromise(method),
        returnsValue: !returnsVoid(method.getReturnType()),
      });
    } catch (error) {
      unsupported(`${name}.prototype.${methodName}`, error);
    }
  }

  const observers = new Set<string>();
  for (const accessor of chain.flatMap((c) => c.getGetAccessors())) {
    if (!accessor.isStatic() && isPublic(accessor)) observers.add(accessor.getName());
  }
  for (const property of chain.flatMap((c) => c.getInstanceProperties())) {
    if (!isPublic(property) || Node.isSetAccessorDeclaration(property)) continue;
    const propertyName = property.getName();
    if (propertyName.startsWith('#') || property.getType().getCallSignatures().length > 0) continue;
    observers.add(propertyName);
  }

  units.push({
    kind: 'class',
    name,
    exportName,
    ...(chain.some((c) => SETS_TIMERS.test(c.getText())) ? { usesTimers: true as const } : {}),
    constructorParameters,
    methods,
    observers: [...observers],
    constants: mineConstants(declaration),
    line: declaration.getStartLineNumber(),
  });
  return { units, problems };
}

/** Code that sets a timer: its callbacks only run in a test that lets (fake) time pass. */
export const SETS_TIMERS = /\bset(Timeout|Interval|Immediate)\s*\(/;

/** The class and the classes it extends that the project declares, nearest first. */
function classChain(declaration: ClassDeclaration): ClassDeclaration[] {
  const chain = [declaration];
  for (let base = declaration.getBaseClass(); base && chain.length < 10; base = base.getBaseClass()) {
    if (base.getSourceFile().isDeclarationFile() || base.getSourceFile().isInNodeModules()) break;
    chain.push(base);
  }
  return chain;
}

function returnsVoid(type: Type): boolean {
  if (type.isVoid() || type.isUndefined()) return true;
  const awaited = type.getSymbol()?.getName() === 'Promise' ? type.getTypeArguments()[0] : undefined;
  return awaited !== undefined && (awaited.isVoid() || awaited.isUndefined());
}

function extendsError(declaration: ClassDeclaration): boolean {
  for (let base = declaration.getBaseClass(); base; base = base.getBaseClass()) {
    if (/Error$/.test(base.getName() ?? '')) return true;
  }
  return /\bError\b/.test(declaration.getExtends()?.getExpression().getText() ?? '');
}

function isPublic(node: Node): boolean {
  const scoped = node as Node & { getScope?: () => Scope };
  if (typeof scoped.getScope === 'function' && scoped.getScope() !== Scope.Public) return false;
  const name = (node as Node & { getName?: () => string }).getName?.();
  return !name?.startsWith('#');
}

function returnsPromise(
  node: Node & { getReturnType(): { getSymbol(): { getName(): string } | undefined } },
): boolean {
  const symbol = node.getReturnType().getSymbol()?.getName();
  return symbol === 'Promise' || symbol === 'PromiseLike';
}
