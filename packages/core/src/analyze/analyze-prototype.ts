import { UnsupportedType } from '@assay/property/typescript';
import {
  type ArrowFunction,
  type FunctionDeclaration,
  type FunctionExpression,
  type MethodDeclaration,
  Node,
  SyntaxKind,
} from 'ts-morph';
import type { Problem } from '../model/report.js';
import type { ClassUnit, MethodInfo } from '../model/unit.js';
import { type DescribeParameter, SETS_TIMERS } from './analyze-class.js';
import { mineConstants } from './constants.js';

type MethodFunction = FunctionExpression | ArrowFunction | FunctionDeclaration | MethodDeclaration;

/**
 * A constructor function written the pre-`class` way (`function Queue(size) { this.items = [] }` with
 * `Queue.prototype.push = function (x) {…}`, or `Queue.prototype = { push(x) {…} }`), described as a
 * class: constructed with `new`, driven through sequences of its prototype's methods, its `this.x`
 * fields observed. Undefined when the function has no prototype methods (a plain function).
 */
export function analyzeConstructorFunction(
  fn: FunctionDeclaration | FunctionExpression,
  name: string,
  exportName: string,
  describe: DescribeParameter,
): { unit?: ClassUnit; problems: Problem[] } {
  const functionName = Node.isFunctionDeclaration(fn) ? fn.getName() : fn.getName();
  const aliases = new Set([name, functionName].filter((n): n is string => n !== undefined));
  const found = prototypeMethods(fn, aliases);
  if (found.length === 0) return { problems: [] };
  const problems: Problem[] = [];
  let constructorParameters: ClassUnit['constructorParameters'];
  try {
    constructorParameters = fn.getParameters().map(describe);
  } catch (error) {
    if (!(error instanceof UnsupportedType)) throw error;
    problems.push({
      code: 'unsupported-parameter',
      unit: `new ${name}`,
      message: `new ${name}: ${error.message} is not supported as a parameter yet, so ${name} was left out.`,
    });
    return { problems };
  }
  const methods: MethodInfo[] = [];
  for (const [methodName, method] of found) {
    if (methodName.startsWith('_') || methods.some((m) => m.name === methodName)) continue;
    try {
      methods.push({
        name: methodName,
        parameters: method.getParameters().map(describe),
        isAsync: method.isAsync(),
        returnsValue: method.getDescendantsOfKind(SyntaxKind.ReturnStatement).some((r) => r.getExpression()),
      });
    } catch (error) {
      if (!(error instanceof UnsupportedType)) throw error;
      problems.push({
        code: 'unsupported-parameter',
        unit: `${name}.prototype.${methodName}`,
        message: `${name}.prototype.${methodName}: ${error.message} is not supported as a parameter yet, so it was left out.`,
      });
    }
  }
  const scope = fn.getSourceFile();
  return {
    unit: {
      kind: 'class',
      name,
      exportName,
      ...(SETS_TIMERS.test(scope.getText()) ? { usesTimers: true as const } : {}),
      constructorParameters,
      methods,
      observers: fieldsOf(fn),
      constants: mineConstants(fn),
      line: fn.getStartLineNumber(),
    },
    problems,
  };
}

/** `Name.prototype.m = function …` and the functions of `Name.prototype = { … }`, anywhere in the file. */
function prototypeMethods(fn: Node, names: ReadonlySet<string>): Array<[string, MethodFunction]> {
  const methods: Array<[string, MethodFunction]> = [];
  for (const assignment of fn.getSourceFile().getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
    if (assignment.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) continue;
    const target = assignment.getLeft().getText().replace(/\s+/g, '');
    const [owner, prototype, member, ...rest] = target.split('.');
    if (!names.has(owner!) || prototype !== 'prototype' || rest.length > 0) continue;
    const value = assignment.getRight();
    if (member !== undefined) {
      const method = asFunction(value);
      if (method) methods.push([member, method]);
    } else if (Node.isObjectLiteralExpression(value)) {
      for (const property of value.getProperties()) {
        if (Node.isMethodDeclaration(property)) methods.push([property.getName(), property]);
        else if (Node.isPropertyAssignment(property)) {
          const method = asFunction(property.getInitializer());
          if (method) methods.push([property.getName(), method]);
        }
      }
    }
  }
  return methods.filter(
    ([methodName]) => /^[A-Za-z_$][\w$]*$/.test(methodName) && methodName !== 'constructor',
  );
}

function asFunction(node: Node | undefined): MethodFunction | undefined {
  if (node && (Node.isFunctionExpression(node) || Node.isArrowFunction(node))) return node;
  if (node && Node.isIdentifier(node)) {
    const declaration = node.getSymbol()?.getDeclarations()[0];
    if (declaration && Node.isFunctionDeclaration(declaration)) return declaration;
  }
  return undefined;
}

/** The public fields the constructor sets (`this.size = size`): what a test reads after a sequence. */
function fieldsOf(fn: Node): string[] {
  const fields = new Set<string>();
  for (const assignment of fn.getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
    const left = assignment.getLeft();
    if (
      assignment.getOperatorToken().getKind() === SyntaxKind.EqualsToken &&
      Node.isPropertyAccessExpression(left) &&
      left.getExpression().getKind() === SyntaxKind.ThisKeyword &&
      !left.getName().startsWith('_')
    ) {
      fields.add(left.getName());
    }
  }
  return [...fields];
}
