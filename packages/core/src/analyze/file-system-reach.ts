import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Node, type SourceFile, SyntaxKind } from 'ts-morph';
import { FILE_SYSTEM_MODULE } from '../model/file-fixture.js';

/** How many local files are followed from one source file. */
const MAX_FILES = 200;

/** Text that binds `fs` or `fs/promises`: `require('fs')`, `from 'node:fs'`, `import('fs/promises')`. */
const BINDS_FS = /(?:require\s*\(\s*|from\s+|import\s*\(\s*)['"](?:node:)?fs(?:\/promises)?['"]/;

/**
 * Whether the module reaches the file system through what it loads rather than by binding `fs`
 * itself: a local module it imports or `require()`s that does (`require('../fs')`, and so on down),
 * or a package whose entry file does (`require('graceful-fs')`, whose entry requires `fs`). Packages
 * are read, never run: their entry file's text is searched for an `fs` binding.
 *
 * @example
 * ```ts
 * // lib/copy.js: const fs = require('../fs');  lib/fs/index.js: const fs = require('graceful-fs');
 * reachesFileSystem(copySourceFile); // true
 * ```
 */
export function reachesFileSystem(sourceFile: SourceFile): boolean {
  const start: string = sourceFile.getFilePath();
  const seen = new Set<string>([start]);
  const queue = [start];
  const packages = new Map<string, boolean>();
  for (let file = queue.shift(); file !== undefined && seen.size <= MAX_FILES; file = queue.shift()) {
    const text = file === start ? sourceFile.getFullText() : readText(file);
    if (text === undefined) continue;
    for (const specifier of specifiersIn(file === start ? sourceFile : undefined, text)) {
      if (FILE_SYSTEM_MODULE.test(specifier)) {
        if (file !== start) return true;
        continue; // the module's own binding: handled as a mocked built-in
      }
      if (specifier.startsWith('.')) {
        const local = resolveLocal(file, specifier);
        if (local && !seen.has(local) && !local.includes(`${path.sep}node_modules${path.sep}`)) {
          seen.add(local);
          queue.push(local);
        }
      } else if (!specifier.startsWith('node:') && packageBindsFs(file, specifier, packages)) {
        return true;
      }
    }
  }
  return false;
}

/** Module specifiers a file loads: imports, re-exports, `require('…')` and `import('…')` with literals. */
function specifiersIn(sourceFile: SourceFile | undefined, text: string): string[] {
  if (sourceFile) {
    const found = [
      ...sourceFile.getImportDeclarations().filter((d) => !d.isTypeOnly()),
      ...sourceFile.getExportDeclarations().filter((d) => !d.isTypeOnly() && d.hasModuleSpecifier()),
    ].map((d) => d.getModuleSpecifierValue() ?? '');
    for (const call of sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const callee = call.getExpression();
      const [argument] = call.getArguments();
      const loads =
        (Node.isIdentifier(callee) && callee.getText() === 'require') ||
        callee.getKind() === SyntaxKind.ImportKeyword;
      if (loads && argument && Node.isStringLiteral(argument)) found.push(argument.getLiteralValue());
    }
    return found.filter(Boolean);
  }
  // Files further away are only scanned: parsing each would cost more than it tells.
  const pattern = /(?:require\s*\(\s*|from\s+|import\s*\(\s*|import\s+)['"]([^'"\n]+)['"]/g;
  return [...text.matchAll(pattern)].map((m) => m[1]!);
}

const EXTENSIONS = ['', '.js', '.cjs', '.mjs', '.ts', '.cts', '.mts', '/index.js', '/index.ts'];

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  for (const extension of EXTENSIONS) {
    const candidate = base + extension;
    if (isFile(candidate)) return candidate;
  }
  // `./x.js` written for a TypeScript file `./x.ts` (NodeNext imports).
  const typed = base.replace(/\.([cm]?)js$/, '.$1ts');
  return typed !== base && isFile(typed) ? typed : undefined;
}

/** Whether a package's entry file, as `from` resolves it, binds `fs` itself. */
function packageBindsFs(from: string, specifier: string, cache: Map<string, boolean>): boolean {
  const key = `${path.dirname(from)}\0${specifier}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  let binds = false;
  try {
    const entry = createRequire(from).resolve(specifier);
    binds = path.isAbsolute(entry) && BINDS_FS.test(readText(entry) ?? '');
  } catch {
    // Not installed, ESM-only without a require condition, or a built-in: not followed.
  }
  cache.set(key, binds);
  return binds;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
