import { Node, type SourceFile } from 'ts-morph';
import { MOCKABLE } from '../explore/mocks.js';
import type { LocalMock } from '../explore/protocol.js';

/** How deep a chain of local imports is followed looking for I/O. */
const MAX_FILES = 50;

/**
 * The local modules the file imports that do I/O, directly or through their own local imports
 * (`service.ts` → `./store` → `node:fs`): the file's tests mock them as a whole, and exploration
 * runs against the same fakes. Local modules without I/O stay real.
 */
export function localIoModules(sourceFile: SourceFile): LocalMock[] {
  const found = new Map<string, LocalMock>();
  for (const declaration of sourceFile.getImportDeclarations()) {
    if (!declaration.isModuleSpecifierRelative() || declaration.isTypeOnly()) continue;
    const imported = declaration.getModuleSpecifierSourceFile();
    if (!imported || imported.isDeclarationFile() || !doesIo(imported, new Set())) continue;
    const file = imported.getFilePath();
    if (found.has(file)) continue;
    found.set(file, {
      specifier: declaration.getModuleSpecifierValue(),
      file,
      exports: valueExports(imported),
    });
  }
  return [...found.values()];
}

/** Whether a module imports an I/O built-in, itself or through a local module it loads. */
function doesIo(file: SourceFile, seen: Set<SourceFile>): boolean {
  if (seen.has(file) || seen.size > MAX_FILES) return false;
  seen.add(file);
  const loads = [
    ...file.getImportDeclarations().filter((d) => !d.isTypeOnly()),
    ...file.getExportDeclarations().filter((d) => !d.isTypeOnly() && d.hasModuleSpecifier()),
  ];
  return loads.some((declaration) => {
    const specifier = declaration.getModuleSpecifierValue() ?? '';
    if (MOCKABLE.test(specifier)) return true;
    if (!specifier.startsWith('.')) return false;
    const imported = declaration.getModuleSpecifierSourceFile();
    return imported !== undefined && !imported.isDeclarationFile() && doesIo(imported, seen);
  });
}

/** Exported names that exist at run time (interfaces and type aliases do not). */
function valueExports(file: SourceFile): string[] {
  return [...file.getExportedDeclarations()]
    .filter(([, declarations]) =>
      declarations.some((d) => !Node.isInterfaceDeclaration(d) && !Node.isTypeAliasDeclaration(d)),
    )
    .map(([name]) => name);
}
