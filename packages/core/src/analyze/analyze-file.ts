import {
  type ArrowFunction,
  type FunctionDeclaration,
  type FunctionExpression,
  Node,
  type ParameterDeclaration,
  type Project,
  type SourceFile,
} from 'ts-morph';
import type { Problem } from '../report.js';
import { mineConstants } from './constants.js';
import { usesNodeNextResolution } from './project.js';
import { typeToSpec, UnsupportedType } from './type-to-spec.js';
import type { AnalyzedFile, FunctionUnit, ParameterInfo } from './unit.js';

type FunctionLike = FunctionDeclaration | ArrowFunction | FunctionExpression;

/** A source file that does not parse: nothing in it can be tested until it does. */
export class ParseError extends Error {}

/**
 * Finds the testable units of one source file: its exported functions (declarations and
 * `const f = (…) => …`), with a spec for each parameter.
 *
 * @throws ParseError when the file has syntax errors.
 */
export function analyzeFile(project: Project, file: string): AnalyzedFile {
  const sourceFile = project.addSourceFileAtPath(file);
  try {
    const syntaxErrors = project.getProgram().compilerObject.getSyntacticDiagnostics(sourceFile.compilerNode);
    if (syntaxErrors.length > 0) {
      const first = syntaxErrors[0]!;
      const { line } = sourceFile.getLineAndColumnAtPos(first.start ?? 0);
      const text = typeof first.messageText === 'string' ? first.messageText : first.messageText.messageText;
      throw new ParseError(`${file}:${line}: ${text}`);
    }
    return analyzeSourceFile(sourceFile, usesNodeNextResolution(project));
  } finally {
    // Release the file: a run over many files must not keep every syntax tree alive.
    project.removeSourceFile(sourceFile);
  }
}

function analyzeSourceFile(sourceFile: SourceFile, nodeNextResolution: boolean): AnalyzedFile {
  const units: FunctionUnit[] = [];
  const problems: Problem[] = [];
  const exports = sourceFile.getExportedDeclarations();
  const enumNames = new Set<string>();
  for (const [name, declarations] of exports) {
    if (declarations.some((d) => Node.isEnumDeclaration(d) && d.getSourceFile() === sourceFile))
      enumNames.add(name);
  }

  for (const [exportName, declarations] of exports) {
    for (const declaration of declarations) {
      // Re-exports are tested where they are defined.
      if (declaration.getSourceFile() !== sourceFile) continue;
      const fn = functionOf(declaration);
      if (Node.isClassDeclaration(declaration)) {
        problems.push({
          code: 'unsupported-unit',
          unit: exportName,
          message: `class ${declaration.getName() ?? exportName}: classes are not generated yet; only exported functions are.`,
        });
      }
      if (!fn) continue;
      const name = exportName === 'default' ? (fn.getSymbol()?.getName() ?? 'defaultExport') : exportName;
      const displayName = name === 'default' || name === '__function' ? 'defaultExport' : name;
      try {
        units.push({
          kind: 'function',
          name: displayName,
          exportName,
          parameters: fn.getParameters().map((p) => parameterInfo(p, enumNames)),
          isAsync: fn.isAsync() || isPromise(fn.getReturnType().getSymbol()?.getName()),
          constants: mineConstants(fn),
          line: declaration.getStartLineNumber(),
        });
      } catch (error) {
        if (!(error instanceof UnsupportedType)) throw error;
        problems.push({
          code: 'unsupported-parameter',
          unit: displayName,
          message: `${displayName}: ${error.message} is not supported as a parameter yet, so ${displayName} was left out.`,
        });
      }
    }
  }
  units.sort((a, b) => a.line - b.line);
  return {
    file: sourceFile.getFilePath(),
    units,
    problems,
    exportedNames: [...exports.keys()],
    enumNames: [...enumNames],
    nodeNextResolution,
  };
}

function functionOf(declaration: Node): FunctionLike | undefined {
  if (Node.isFunctionDeclaration(declaration)) {
    // An overloaded function: the implementation's parameters cover every overload.
    return declaration.getImplementation() ?? declaration;
  }
  if (Node.isVariableDeclaration(declaration)) {
    const init = declaration.getInitializer();
    if (init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init))) return init;
  }
  if (Node.isArrowFunction(declaration) || Node.isFunctionExpression(declaration)) return declaration;
  return undefined;
}

function parameterInfo(parameter: ParameterDeclaration, enumNames: ReadonlySet<string>): ParameterInfo {
  const name = Node.isIdentifier(parameter.getNameNode())
    ? parameter.getName()
    : `arg${parameter.getChildIndex()}`;
  let spec = typeToSpec(parameter.getType(), parameter, enumNames);
  if (parameter.hasInitializer() && !parameter.isRestParameter()) {
    // Calling without the argument is how the default value gets tested.
    spec = { kind: 'union', members: [spec, { kind: 'constant', value: undefined }] };
  }
  return { name, spec, rest: parameter.isRestParameter() };
}

function isPromise(symbolName: string | undefined): boolean {
  return symbolName === 'Promise' || symbolName === 'PromiseLike';
}
