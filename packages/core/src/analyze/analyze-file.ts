import type { ArbitrarySpec } from '@assay/property';
import { parameterSpec, returnSpec, typeToSpec, UnsupportedType } from '@assay/property/typescript';
import {
  type ArrowFunction,
  type FunctionDeclaration,
  type FunctionExpression,
  type MethodDeclaration,
  Node,
  type ParameterDeclaration,
  type Project,
  type SourceFile,
  SyntaxKind,
} from 'ts-morph';
import { MOCKABLE } from '../model/io-modules.js';
import type { Problem } from '../model/report.js';
import type { AnalyzedFile, ClassUnit, ParameterInfo, Unit } from '../model/unit.js';
import { FAKE_NOW } from '../sandbox/protocol.js';
import { analyzeClass } from './analyze-class.js';
import { analyzeFactory } from './analyze-factory.js';
import { analyzeConstructorFunction } from './analyze-prototype.js';
import { builtInBindings } from './built-in-bindings.js';
import { builtInReturns } from './built-in-returns.js';
import { commonJsExports, defaultBindingName, objectMembers, resolveIdentifier } from './commonjs.js';
import { mineConstants } from './constants.js';
import { docExamples } from './examples.js';
import { reachesFileSystem } from './file-system-reach.js';
import { findInSpec, withoutInstances } from './find-in-spec.js';
import { inferFromUsage } from './infer-from-usage.js';
import { localIoModules } from './local-io.js';
import { usesNodeNextResolution } from './project.js';

type FunctionLike = FunctionDeclaration | ArrowFunction | FunctionExpression | MethodDeclaration;

const READS_CLOCK = /\bDate\.now\s*\(|\bnew\s+Date\s*\(\s*\)|(?<![\w.])Date\s*\(\s*\)/;
/** Now, a second, a minute, an hour and a day ago, and a minute ahead. */
const CLOCK_OFFSETS = [0, -1000, -60_000, -3_600_000, -86_400_000, 60_000];

/**
 * The elements of a generic class (`Stack<E>`, `LruCache<K, V>`): small distinct integers, so that a
 * test shows which element came out (`push(3), push(7), pop() → 7`), not `undefined`.
 */
const ELEMENTS: ArbitrarySpec = { kind: 'number', integer: true, min: 1, max: 99 };

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
    const inferred = inferFromUsage(sourceFile);
    if (!inferred) return analyzeSourceFile(sourceFile, usesNodeNextResolution(project));
    // Untyped JavaScript: analyzed with the inferred JSDoc types written in, lines as in the original.
    const typed = project.createSourceFile(file, inferred.text, { overwrite: true });
    const analyzed = analyzeSourceFile(typed, usesNodeNextResolution(project));
    for (const unit of analyzed.units) unit.line = inferred.originalLine(unit.line);
    return analyzed;
  } finally {
    // Release the file: a run over many files must not keep every syntax tree alive.
    const current = project.getSourceFile(file);
    if (current) project.removeSourceFile(current);
  }
}

function analyzeSourceFile(sourceFile: SourceFile, nodeNextResolution: boolean): AnalyzedFile {
  const units: Unit[] = [];
  const problems: Problem[] = [];
  const esm = sourceFile.getExportedDeclarations();
  const exports = esm.size > 0 ? esm : commonJsExports(sourceFile);
  // The name tests import the default export under when it has none of its own, distinct from every
  // named export (`import Dirent, { Dirent }` does not compile).
  let defaultBinding = defaultBindingName(sourceFile);
  while (exports.has(defaultBinding) && exports.get(defaultBinding) !== exports.get('default'))
    defaultBinding = `${defaultBinding}Default`;
  const enumNames = new Set<string>();
  for (const [name, declarations] of exports) {
    if (declarations.some((d) => Node.isEnumDeclaration(d) && d.getSourceFile() === sourceFile))
      enumNames.add(name);
  }

  // Parameters of constructors and methods: Promise parameters too, elements of unbounded generics as numbers.
  const describeMember = (p: ParameterDeclaration) =>
    promisedParameter(p, enumNames) ?? parameterInfo(p, enumNames, true, ELEMENTS);
  // An overloaded function is exported once per declaration (each overload and the implementation),
  // all of which lead to the one declaration chosen to describe it: one unit per name and declaration
  // (an alias, `export { a as b }`, stays a unit of its own).
  const described = new Map<Node, Set<string>>();
  for (const [exportName, declarations] of exports) {
    for (const declaration of declarations) {
      // Re-exports are tested where they are defined.
      if (declaration.getSourceFile() !== sourceFile) continue;
      // `export default Dirent` beside `export class Dirent`: tested once, under its name.
      if (exportName === 'default' && exportedUnderAName(exports, declaration)) continue;
      if (Node.isClassDeclaration(declaration)) {
        const found = analyzeClass(declaration, exportName, describeMember);
        units.push(...found.units);
        problems.push(...found.problems);
        continue;
      }
      const constructorFn = constructorFunctionOf(declaration);
      if (constructorFn) {
        const name = exportName !== 'default' ? exportName : (constructorFn.getName() ?? defaultBinding);
        const found = analyzeConstructorFunction(constructorFn, name, exportName, describeMember);
        problems.push(...found.problems);
        if (found.unit) {
          units.push(found.unit);
          continue;
        }
      }
      for (const found of functionsOf(exportName, declaration, defaultBinding)) {
        const names = described.get(found.fn) ?? new Set<string>();
        if (names.has(found.name)) continue;
        described.set(found.fn, names.add(found.name));
        // The widest overload first; when its parameters cannot be built (`never` from a generic
        // path type), the implementation's `...args`, as before overloads were read.
        const tries = [found.fn, ...(found.implementation ? [found.implementation] : [])];
        let refusal: UnsupportedType | undefined;
        for (const fn of tries) {
          try {
            const factory = factoryOf({ ...found, fn }, exportName, enumNames);
            if (factory) {
              units.push(factory.unit);
              problems.push(...factory.problems);
            } else units.push(functionUnit({ ...found, fn }, exportName, enumNames));
            refusal = undefined;
            break;
          } catch (error) {
            if (!(error instanceof UnsupportedType)) throw error;
            refusal ??= error;
          }
        }
        if (refusal)
          problems.push({
            code: 'unsupported-parameter',
            unit: found.name,
            message: `${found.name}: ${refusal.message} is not supported as a parameter yet, so ${found.name} was left out.`,
          });
      }
    }
  }
  if (units.length === 0) {
    // A module of error classes only: each is tested through its constructor and the fields it sets.
    for (const [exportName, declarations] of exports) {
      for (const declaration of declarations) {
        if (!Node.isClassDeclaration(declaration) || declaration.getSourceFile() !== sourceFile) continue;
        if (exportName === 'default' && exportedUnderAName(exports, declaration)) continue;
        const found = analyzeClass(declaration, exportName, describeMember, true);
        units.push(...found.units);
        problems.push(...found.problems);
      }
    }
  }
  units.sort((a, b) => a.line - b.line);
  const readsClock = readsClockThroughImports(sourceFile, new Set());
  const builtIns = builtInBindings(sourceFile);
  if (readsClock) {
    // Timestamps around the faked "now" reach the branches of code that compares against the clock.
    for (const unit of units) {
      unit.constants.numbers.push(...CLOCK_OFFSETS.map((offset) => FAKE_NOW + offset));
      // Entries that expire, sessions that time out: sequences let time pass between calls.
      if (unit.kind === 'class') unit.readsClock = true;
    }
  }
  return {
    file: sourceFile.getFilePath(),
    units,
    problems,
    exportedNames: [...exports.keys()],
    readsClock,
    ioModules: [
      ...new Set([
        ...sourceFile
          .getImportDeclarations()
          .map((d) => d.getModuleSpecifierValue())
          .filter((s) => MOCKABLE.test(s)),
        ...builtIns.map((b) => b.specifier),
      ]),
    ],
    requiredIoModules: [...new Set(builtIns.filter((b) => b.required).map((b) => b.specifier))],
    ...(reachesFileSystem(sourceFile) ? { fileSystemReached: true } : {}),
    ioReturns: builtInReturns(sourceFile),
    localIoModules: localIoModules(sourceFile),
    enumNames: [...enumNames],
    nodeNextResolution,
  };
}

/** The unit of an exported function described by `found.fn`. @throws UnsupportedType */
function functionUnit(found: FoundFunction, exportName: string, enumNames: ReadonlySet<string>): Unit {
  return {
    kind: 'function',
    name: found.name,
    exportName,
    ...(found.member === undefined ? {} : { member: found.member }),
    parameters: found.fn
      .getParameters()
      .map((p) => promisedParameter(p, enumNames) ?? parameterInfo(p, enumNames, true)),
    isAsync: found.fn.isAsync() || isPromise(found.fn.getReturnType().getSymbol()?.getName()),
    constants: mineConstants(bodyOf(found.fn)),
    examples: docExamples(found.fn, found.name),
    ...returnsOf(found.fn, enumNames),
    ...returnedFunctionOf(found.fn, enumNames),
    line: found.fn.getStartLineNumber(),
  };
}

/**
 * The function as a factory (`createLruCache(n)` → `{ get, set }`), when it is a top-level export
 * returning an object of functions synchronously: driven with call sequences like a class instance.
 */
function factoryOf(
  found: FoundFunction,
  exportName: string,
  enumNames: ReadonlySet<string>,
): { unit: ClassUnit; problems: Problem[] } | undefined {
  if (found.member !== undefined || found.fn.isAsync() || Node.isMethodDeclaration(found.fn))
    return undefined;
  const { unit, problems } = analyzeFactory({
    at: found.fn,
    name: found.name,
    exportName,
    returnType: found.fn.getReturnType(),
    parameters: found.fn
      .getParameters()
      .map((p) => promisedParameter(p, enumNames) ?? parameterInfo(p, enumNames, true, ELEMENTS)),
    constants: mineConstants(bodyOf(found.fn)),
    line: found.fn.getStartLineNumber(),
    enumLabels: enumNames,
    elements: ELEMENTS,
  });
  return unit ? { unit, problems } : undefined;
}

interface FoundFunction {
  /** Name in titles and calls: `clamp`, or `Text.camelCase` for a member. */
  name: string;
  member?: string;
  fn: FunctionLike;
  /** When `fn` is the overload chosen over an untyped implementation: that implementation. */
  implementation?: FunctionLike;
}

/**
 * The functions an export holds: itself when it is one, or the functions of an exported namespace or
 * object literal (one level deep).
 */
function functionsOf(exportName: string, declaration: Node, defaultBinding: string): FoundFunction[] {
  const own = Node.isMethodDeclaration(declaration) ? declaration : functionOf(declaration);
  if (own) {
    const symbolName = own.getSymbol()?.getName();
    const name =
      exportName !== 'default'
        ? exportName
        : symbolName && symbolName !== 'default' && symbolName !== '__function'
          ? symbolName
          : defaultBinding;
    const implementation = bodyOf(own);
    // `function api() {}; api.parse = …`: the functions set on it are called through it too.
    const members = expandoMembers(own).flatMap(([member, node]) => {
      const fn = functionOf(node);
      return fn && /^[A-Za-z_$][\w$]*$/.test(member) ? [{ name: `${name}.${member}`, member, fn }] : [];
    });
    return [{ name, fn: own, ...(implementation !== own ? { implementation } : {}) }, ...members];
  }
  const binding = exportName === 'default' ? defaultBinding : exportName;
  const members: Array<[string, Node]> = [];
  if (Node.isModuleDeclaration(declaration)) {
    for (const statement of declaration.getStatements()) {
      if (Node.isFunctionDeclaration(statement) && statement.isExported() && statement.getName()) {
        members.push([statement.getName()!, statement]);
      } else if (Node.isVariableStatement(statement) && statement.isExported()) {
        for (const variable of statement.getDeclarations()) members.push([variable.getName(), variable]);
      }
    }
  } else {
    const init = Node.isVariableDeclaration(declaration) ? declaration.getInitializer() : declaration;
    if (init) members.push(...objectMembers(init));
  }
  return members.flatMap(([member, node]) => {
    const found = Node.isMethodDeclaration(node) ? node : functionOf(node);
    return found && /^[A-Za-z_$][\w$]*$/.test(member)
      ? [{ name: `${binding}.${member}`, member, fn: found }]
      : [];
  });
}

/**
 * The values assigned to properties of a function in its file (`Doubler.half = half`), in order; the
 * first assignment of each name counts.
 */
function expandoMembers(fn: FunctionLike): Array<[string, Node]> {
  const holder = Node.isFunctionDeclaration(fn) ? fn : fn.getParent();
  const symbol =
    Node.isFunctionDeclaration(holder) || Node.isVariableDeclaration(holder) ? holder.getSymbol() : undefined;
  if (!symbol) return [];
  const members = new Map<string, Node>();
  for (const assignment of fn.getSourceFile().getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
    const left = assignment.getLeft();
    if (
      assignment.getOperatorToken().getKind() !== SyntaxKind.EqualsToken ||
      !Node.isPropertyAccessExpression(left) ||
      !Node.isIdentifier(left.getExpression()) ||
      left.getExpression().getSymbol() !== symbol ||
      members.has(left.getName())
    )
      continue;
    members.set(left.getName(), resolveIdentifier(assignment.getRight()));
  }
  return [...members];
}

/** The function of a declaration that may be a constructor (`function Queue() {}`, `const Queue = function () {}`). */
function constructorFunctionOf(declaration: Node): FunctionDeclaration | FunctionExpression | undefined {
  if (Node.isFunctionDeclaration(declaration) || Node.isFunctionExpression(declaration)) return declaration;
  const init = Node.isVariableDeclaration(declaration) ? declaration.getInitializer() : undefined;
  return init && Node.isFunctionExpression(init) ? init : undefined;
}

/** Whether a default export's declaration is also exported under a name of its own. */
function exportedUnderAName(exports: ReadonlyMap<string, readonly Node[]>, declaration: Node): boolean {
  for (const [name, declarations] of exports) {
    if (name !== 'default' && declarations.includes(declaration)) return true;
  }
  return false;
}

function functionOf(declaration: Node): FunctionLike | undefined {
  if (Node.isFunctionDeclaration(declaration)) {
    // An overloaded function: the implementation's parameters cover every overload, unless they say
    // nothing (`...args: unknown[]`, remeda's data-first/data-last functions): then the overload with
    // the most parameters (the data-first form) is what a caller writes.
    const implementation = declaration.getImplementation() ?? declaration;
    const overloads = implementation.getOverloads();
    if (overloads.length === 0 || !untypedRest(implementation)) return implementation;
    return overloads.reduce((widest, o) =>
      o.getParameters().length > widest.getParameters().length ? o : widest,
    );
  }
  if (Node.isVariableDeclaration(declaration)) {
    const init = declaration.getInitializer();
    if (init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init))) return init;
    if (init && Node.isCallExpression(init) && declaration.getType().getCallSignatures().length > 0)
      return wrappedFunction(init.getArguments());
  }
  if (Node.isArrowFunction(declaration) || Node.isFunctionExpression(declaration)) return declaration;
  return undefined;
}

/** Parameters that are one rest parameter of `unknown` or `any` values. */
function untypedRest(fn: FunctionDeclaration): boolean {
  const [only, ...more] = fn.getParameters();
  if (!only || more.length > 0 || !only.isRestParameter()) return false;
  const item = only.getType().getArrayElementType() ?? only.getType().getTypeArguments()[0];
  return item !== undefined && (item.isUnknown() || item.isAny());
}

/** The code a function runs: an overload's implementation (constants are mined from its body). */
function bodyOf(fn: FunctionLike): FunctionLike {
  return Node.isFunctionDeclaration(fn) && !fn.hasBody() ? (fn.getImplementation() ?? fn) : fn;
}

/**
 * The function a callable export is made from (`Object.assign(retry, { fail })`,
 * `omitFromStackTrace((value) => …)`): the first function among the call's arguments, written in
 * place or declared in the module. Its parameters are the export's.
 */
function wrappedFunction(args: readonly Node[]): FunctionLike | undefined {
  for (const arg of args) {
    if (Node.isArrowFunction(arg) || Node.isFunctionExpression(arg)) return arg;
    if (!Node.isIdentifier(arg)) continue;
    for (const declaration of arg.getSymbol()?.getDeclarations() ?? []) {
      if (Node.isFunctionDeclaration(declaration)) return declaration.getImplementation() ?? declaration;
      if (Node.isVariableDeclaration(declaration)) {
        const init = declaration.getInitializer();
        if (init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init))) return init;
      }
    }
  }
  return undefined;
}

/**
 * A parameter and the values it takes. Callbacks (function types, also as properties of an options
 * object) are allowed for functions, and become recorded stubs; class instances as values are not yet.
 */
function parameterInfo(
  parameter: ParameterDeclaration,
  enumNames: ReadonlySet<string>,
  callbacks = false,
  unboundedTypeParameter?: ArbitrarySpec,
): ParameterInfo {
  const name = Node.isIdentifier(parameter.getNameNode())
    ? parameter.getName()
    : `arg${parameter.getChildIndex()}`;
  if (isTemplateStrings(parameter)) {
    // A tag function: its strings are drawn as an array and passed through a real tagged call.
    return { name, spec: { kind: 'array', item: { kind: 'string' } }, rest: false, template: true };
  }
  let spec: ArbitrarySpec;
  try {
    spec = parameterSpec(parameter, {
      enumLabels: enumNames,
      dataOnly: !callbacks,
      ...(unboundedTypeParameter ? { unboundedTypeParameter } : {}),
    });
    if (callbacks) {
      // `E | ListNode<E>`: the element alone still drives the method.
      const refused = findInSpec(spec, (s) => s.kind === 'instance');
      const kept = withoutInstances(spec);
      if (!kept && refused?.kind === 'instance') {
        // Only instances: built with `new` when the module exports every class involved.
        const foreign = findInSpec(spec, (s) => s.kind === 'instance' && !exportsClass(parameter, s));
        if (foreign?.kind === 'instance')
          throw new UnsupportedType(
            `class instance ${foreign.className} (a class this module does not export, which a test cannot build)`,
          );
      } else spec = kept ?? spec;
    }
  } catch (error) {
    // An optional parameter whose values cannot be built is left out of every call, rather than
    // losing the whole function or class (`constructor(items?: Iterable<T>)`).
    if (!(error instanceof UnsupportedType) || !(parameter.isOptional() || parameter.hasInitializer()))
      throw error;
    if (parameter.isRestParameter()) return { name, spec: { kind: 'tuple', items: [] }, rest: true };
    return { name, spec: { kind: 'constant', value: undefined }, rest: false };
  }
  if (parameter.hasInitializer() && !parameter.isRestParameter()) {
    // Calling without the argument is how the default value gets tested.
    spec = { kind: 'union', members: [spec, { kind: 'constant', value: undefined }] };
  }
  return { name, spec, rest: parameter.isRestParameter() };
}

/**
 * A required `Promise<T>` (or `PromiseLike<T>`) parameter of a function: its values are those of `T`,
 * passed as `Promise.resolve(value)`. Undefined for any other parameter.
 */
/** Whether the parameter's module exports the instance's class under its own name (`new Heap()` in a test). */
function exportsClass(parameter: ParameterDeclaration, spec: ArbitrarySpec): boolean {
  if (spec.kind !== 'instance') return false;
  const file = parameter.getSourceFile();
  if (spec.module !== undefined && spec.module !== file.getFilePath()) return false;
  return (file.getExportedDeclarations().get(spec.className) ?? []).some((d) => Node.isClassDeclaration(d));
}

/** The first parameter of a tag function: `strings: TemplateStringsArray`. */
function isTemplateStrings(parameter: ParameterDeclaration): boolean {
  const owner = parameter.getParent();
  const first = 'getParameters' in owner ? (owner.getParameters() as Node[])[0] : undefined;
  if (first !== parameter || parameter.isRestParameter()) return false;
  const symbol = parameter.getType().getSymbol();
  return symbol?.getName() === 'TemplateStringsArray';
}

function promisedParameter(
  parameter: ParameterDeclaration,
  enumNames: ReadonlySet<string>,
): ParameterInfo | undefined {
  if (parameter.isOptional() || parameter.hasInitializer() || parameter.isRestParameter()) return undefined;
  if (!Node.isIdentifier(parameter.getNameNode())) return undefined;
  const type = parameter.getType();
  const symbolName = type.getSymbol()?.getName();
  const promised = isPromise(symbolName) ? type.getTypeArguments()[0] : undefined;
  if (!promised) return undefined;
  // Plain data only: a callback inside a promise would need a stub the test cannot name.
  const spec = typeToSpec(promised, parameter, { enumLabels: enumNames, dataOnly: true });
  return { name: parameter.getName(), spec, rest: false, promised: true };
}

/**
 * Whether the module, or a local module it imports (transitively), reads the clock: a cache whose
 * entries expire through a helper file needs `Date` fixed as much as one that calls `Date.now()` itself.
 */
function readsClockThroughImports(file: SourceFile, seen: Set<SourceFile>): boolean {
  if (seen.has(file) || seen.size > 50) return false;
  seen.add(file);
  if (READS_CLOCK.test(file.getFullText())) return true;
  return file.getImportDeclarations().some((declaration) => {
    if (!declaration.isModuleSpecifierRelative() || declaration.isTypeOnly()) return false;
    const imported = declaration.getModuleSpecifierSourceFile();
    return (
      imported !== undefined && !imported.isDeclarationFile() && readsClockThroughImports(imported, seen)
    );
  });
}

/** The spec of what a function returns (awaited), when it is plain data. */
function returnsOf(fn: FunctionLike, enumNames: ReadonlySet<string>): { returns?: ArbitrarySpec } {
  const { spec } = returnSpec(fn, { enumLabels: enumNames, dataOnly: true });
  return spec ? { returns: spec } : {};
}

/**
 * The parameters of the function a unit returns, when it returns one synchronously (`debounce(fn,
 * wait)` gives `(...args) => void`). Parameters whose values cannot be built are passed as undefined.
 */
function returnedFunctionOf(
  fn: FunctionLike,
  enumNames: ReadonlySet<string>,
): { returnedFunction?: ParameterInfo[] } {
  if (fn.isAsync()) return {};
  const returnType = fn.getReturnType();
  // The bare `Function` type: called without arguments.
  if (returnType.getSymbol()?.getName() === 'Function' && returnType.getCallSignatures().length === 0)
    return { returnedFunction: [] };
  const signature = returnType.getCallSignatures()[0];
  if (!signature) return {};
  const parameters = signature.getParameters().map((symbol, i): ParameterInfo => {
    const declaration = symbol.getValueDeclaration();
    const rest =
      declaration !== undefined && Node.isParameterDeclaration(declaration) && declaration.isRestParameter();
    const name = /^[A-Za-z_$][\w$]*$/.test(symbol.getName()) ? symbol.getName() : `arg${i}`;
    try {
      const spec = typeToSpec(symbol.getTypeAtLocation(fn), fn, { enumLabels: enumNames });
      return { name, spec, rest };
    } catch (error) {
      if (!(error instanceof UnsupportedType)) throw error;
      return {
        name,
        spec: rest ? { kind: 'tuple', items: [] } : { kind: 'constant', value: undefined },
        rest,
      };
    }
  });
  return { returnedFunction: parameters };
}

function isPromise(symbolName: string | undefined): boolean {
  return symbolName === 'Promise' || symbolName === 'PromiseLike';
}
