import path from 'node:path';
import { returnSpec } from '@assay/property/typescript';
import { type ExportDeclaration, type ImportDeclaration, Node, type SourceFile } from 'ts-morph';
import { emptyValue, presentValue } from '../inputs/present-value.js';
import { MOCKABLE } from '../model/io-modules.js';
import type { LocalMock, MockReturn } from '../model/unit.js';
import { encode } from '../sandbox/codec.js';

/** How many local modules are followed from one source file. */
const MAX_FILES = 200;

/**
 * The local modules that do I/O (import fs, child_process, net, http…) among those the file loads,
 * directly or through other local modules: its tests mock them as a whole, and exploration runs
 * against the same fakes. Local modules between the file and them stay real (`signup.ts` →
 * `./service` → `./store` mocks only `./store`), as do pure ones, so their code is tested too.
 */
export function localIoModules(sourceFile: SourceFile): LocalMock[] {
  const found: LocalMock[] = [];
  const seen = new Set<SourceFile>([sourceFile]);
  const queue = [sourceFile];
  for (let next = queue.shift(); next && seen.size < MAX_FILES; next = queue.shift()) {
    for (const declaration of loads(next)) {
      const imported = declaration.getModuleSpecifierSourceFile();
      if (!imported || imported.isDeclarationFile() || seen.has(imported)) continue;
      seen.add(imported);
      // The unit's own import keeps its spelling; one found deeper is named by its path from the unit.
      const specifier =
        next === sourceFile
          ? declaration.getModuleSpecifierValue()!
          : relativeSpecifier(sourceFile, imported);
      if (importsIo(imported)) {
        const returns = mockReturns(imported);
        found.push({
          specifier,
          file: imported.getFilePath(),
          exports: valueExports(imported),
          ...(returns.length > 0 ? { returns } : {}),
        });
      } else {
        queue.push(imported);
      }
    }
  }
  return found;
}

/** The relative, non-type-only imports and re-exports of a module. */
function loads(file: SourceFile): Array<ImportDeclaration | ExportDeclaration> {
  return [
    ...file.getImportDeclarations().filter((d) => !d.isTypeOnly()),
    ...file.getExportDeclarations().filter((d) => !d.isTypeOnly() && d.hasModuleSpecifier()),
  ].filter((d) => d.getModuleSpecifierValue()?.startsWith('.'));
}

/** Whether a module imports an I/O built-in itself. */
function importsIo(file: SourceFile): boolean {
  return [...file.getImportDeclarations(), ...file.getExportDeclarations()].some(
    (d) => !d.isTypeOnly() && MOCKABLE.test(d.getModuleSpecifierValue() ?? ''),
  );
}

function relativeSpecifier(from: SourceFile, to: SourceFile): string {
  const relative = path
    .relative(path.dirname(from.getFilePath()), to.getFilePath())
    .split(path.sep)
    .join('/')
    .replace(/\.[cm]?[jt]sx?$/, '');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** Exported names that exist at run time (interfaces and type aliases do not). */
function valueExports(file: SourceFile): string[] {
  return [...file.getExportedDeclarations()]
    .filter(([, declarations]) =>
      declarations.some((d) => !Node.isInterfaceDeclaration(d) && !Node.isTypeAliasDeclaration(d)),
    )
    .map(([name]) => name);
}

/**
 * What the tests make the module's exported functions return (see {@link MockReturn}): a value of each
 * one's declared return type, awaited; none where the type gives nothing to build (`void`, `any`).
 */
function mockReturns(file: SourceFile): MockReturn[] {
  const returns: MockReturn[] = [];
  for (const [name, declarations] of file.getExportedDeclarations()) {
    const fn = declarations.map(functionOf).find((f) => f !== undefined);
    if (!fn) continue;
    const { spec, isAsync } = returnSpec(fn, { dataOnly: true });
    const built = spec && presentValue(spec);
    if (!built) continue;
    const value = encode(built.value);
    const empty = emptyValue(spec);
    const emptyEncoded = empty && encode(empty.value);
    returns.push({
      name,
      value,
      async: isAsync,
      ...(emptyEncoded !== undefined && JSON.stringify(emptyEncoded) !== JSON.stringify(value)
        ? { empty: emptyEncoded }
        : {}),
    });
  }
  return returns;
}

/** The function a declaration exports: `function load()`, `const load = () => …`. */
function functionOf(declaration: Node) {
  if (Node.isFunctionDeclaration(declaration)) return declaration;
  if (Node.isVariableDeclaration(declaration)) {
    const initializer = declaration.getInitializer();
    if (Node.isArrowFunction(initializer) || Node.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}
