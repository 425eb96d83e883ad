import {
  type ArrowFunction,
  type FunctionDeclaration,
  type FunctionExpression,
  type MethodDeclaration,
  Node,
  type Project,
  type Type,
  ts,
} from 'ts-morph';
import type { FunctionDescription, ParameterDescription } from '../infer/types.js';
import type { ArbitrarySpec } from '../spec.js';
import { sourceFileFor } from './project.js';
import { parameterSpec, type TypeToSpecOptions, typeToSpec, UnsupportedType } from './type-to-spec.js';

type FunctionLike = FunctionDeclaration | ArrowFunction | FunctionExpression;

/** Anything with a signature ts-morph can give the return type of. */
export type FunctionLikeDeclaration = FunctionLike | MethodDeclaration;

/** The exported functions of a module, described for property inference. */
export interface DescribedModule {
  functions: FunctionDescription[];
  /** Functions left out, with the reason (a parameter type without an arbitrary …). */
  skipped: Array<{ name: string; reason: string }>;
  /** String and number literals in the module's code, for `InferOptions.literals`. */
  literals: { strings: string[]; numbers: number[] };
}

/**
 * Describes the exported functions of a file (declarations, `const f = (…) => …`, and the functions of
 * exported object literals and namespaces, named `Codec.encode`): a spec per
 * parameter (narrowed by JSDoc and names) and for the return type. Pair it with the imported module
 * through {@link bindModule} to infer properties.
 *
 * @example
 * ```ts
 * const { functions } = describeFunctions({ file: 'src/codec.ts' });
 * const report = await inferProperties(bindModule(functions, await import('./src/codec.ts')));
 * ```
 */
export function describeFunctions(
  target: { file: string; project?: Project },
  options: TypeToSpecOptions = {},
): DescribedModule {
  const sourceFile = sourceFileFor(target.file, target.project);
  const functions: FunctionDescription[] = [];
  const skipped: DescribedModule['skipped'] = [];
  for (const [exportName, declarations] of sourceFile.getExportedDeclarations()) {
    const declaration = declarations[0];
    if (!declaration || exportName === 'default') continue;
    for (const [name, fn] of functionsOf(exportName, declaration)) {
      try {
        functions.push(describe(name, fn, options));
      } catch (error) {
        if (!(error instanceof UnsupportedType)) throw error;
        skipped.push({ name, reason: error.message });
      }
    }
  }
  return { functions, skipped, literals: literalsOf(sourceFile) };
}

/** The string and number literals of a file's code (not of its types), at most 50 of each. */
function literalsOf(sourceFile: Node): { strings: string[]; numbers: number[] } {
  const strings = new Set<string>();
  const numbers = new Set<number>();
  sourceFile.forEachDescendant((node) => {
    if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) {
      const parent = node.getParent();
      // Module specifiers and literal types are not values the code compares against.
      if (
        parent &&
        (Node.isImportDeclaration(parent) ||
          Node.isExportDeclaration(parent) ||
          Node.isLiteralTypeNode(parent))
      )
        return;
      strings.add(node.getLiteralValue());
    } else if (Node.isNumericLiteral(node) && !Node.isLiteralTypeNode(node.getParent())) {
      const parent = node.getParent();
      const negative =
        parent &&
        Node.isPrefixUnaryExpression(parent) &&
        parent.getOperatorToken() === ts.SyntaxKind.MinusToken;
      numbers.add(negative ? -node.getLiteralValue() : node.getLiteralValue());
    } else if (Node.isRegularExpressionLiteral(node)) {
      // Characters a pattern matches literally (`&amp;` in /&amp;/g) are strings the code looks for.
      for (const piece of node
        .getLiteralText()
        .replace(/^\/|\/[a-z]*$/g, '')
        .split(/[\\^$.*+?()[\]{}|]+/)) {
        if (piece.length >= 2) strings.add(piece);
      }
    }
  });
  return { strings: [...strings].slice(0, 50), numbers: [...numbers].slice(0, 50) };
}

function describe(
  name: string,
  fn: FunctionLikeDeclaration,
  options: TypeToSpecOptions,
): FunctionDescription {
  const parameters: ParameterDescription[] = fn.getParameters().map((parameter) => {
    const described: ParameterDescription = {
      name: Node.isIdentifier(parameter.getNameNode()) ? parameter.getName() : 'arg',
      spec: parameterSpec(parameter, options),
    };
    if (parameter.isRestParameter()) described.rest = true;
    if (parameter.isOptional() || parameter.hasInitializer()) described.optional = true;
    return described;
  });
  const description: FunctionDescription = { name, parameters };
  const { spec, isAsync } = returnSpec(fn, options);
  if (isAsync) description.isAsync = true;
  if (spec) description.returns = spec;
  return description;
}

/** An export's functions: itself, or the functions of an exported object literal or namespace (`Codec.encode`). */
function functionsOf(exportName: string, declaration: Node): Array<[string, FunctionLikeDeclaration]> {
  const own = functionOf(declaration);
  if (own) return [[exportName, own]];
  const members: Array<[string, FunctionLikeDeclaration]> = [];
  if (Node.isVariableDeclaration(declaration)) {
    const init = declaration.getInitializer();
    if (init && Node.isObjectLiteralExpression(init)) {
      for (const property of init.getProperties()) {
        if (Node.isMethodDeclaration(property)) members.push([property.getName(), property]);
        if (Node.isPropertyAssignment(property)) {
          const fn = functionOf(property.getInitializerOrThrow());
          if (fn) members.push([property.getName(), fn]);
        }
      }
    }
  } else if (Node.isModuleDeclaration(declaration)) {
    for (const statement of declaration.getStatements()) {
      if (Node.isFunctionDeclaration(statement) && statement.isExported() && statement.getName()) {
        members.push([statement.getName()!, statement.getImplementation() ?? statement]);
      }
    }
  }
  return members
    .filter(([member]) => /^[A-Za-z_$][\w$]*$/.test(member))
    .map(([member, fn]) => [`${exportName}.${member}`, fn]);
}

function functionOf(declaration: Node): FunctionLike | undefined {
  if (Node.isFunctionDeclaration(declaration)) return declaration.getImplementation() ?? declaration;
  if (Node.isVariableDeclaration(declaration)) {
    const init = declaration.getInitializer();
    if (init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init))) return init;
  }
  if (Node.isArrowFunction(declaration) || Node.isFunctionExpression(declaration)) return declaration;
  return undefined;
}

/**
 * The spec of what a function returns (awaited when it returns a promise), or no spec when the type
 * has no arbitrary (property inference then leaves out the candidates that need one).
 *
 * @example
 * ```ts
 * returnSpec(sourceFile.getFunctionOrThrow('load')); // { spec: { kind: 'string' }, isAsync: true }
 * ```
 */
export function returnSpec(
  fn: FunctionLikeDeclaration,
  options: TypeToSpecOptions = {},
): { spec: ArbitrarySpec | undefined; isAsync: boolean } {
  const returnType = fn.getReturnType();
  const awaited = awaitedType(returnType);
  try {
    return { spec: typeToSpec(awaited, fn, options), isAsync: awaited !== returnType };
  } catch (error) {
    if (!(error instanceof UnsupportedType)) throw error;
    return { spec: undefined, isAsync: awaited !== returnType };
  }
}

function awaitedType(type: Type): Type {
  const name = type.getSymbol()?.getName();
  if ((name === 'Promise' || name === 'PromiseLike') && type.getTypeArguments()[0])
    return type.getTypeArguments()[0]!;
  return type;
}
