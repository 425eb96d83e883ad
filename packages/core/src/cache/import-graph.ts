import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';

/** Resolution used when the project has no tsconfig: what a bundler or tsx would do. */
const DEFAULT_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowJs: true,
};

/**
 * The project's local import graph, read without type checking (`ts.preProcessFile` finds the imports,
 * `ts.resolveModuleName` resolves them with the tsconfig's paths, baseUrl and extension rules), and the
 * content hashes of what each file depends on. Packages (`node_modules`) are not followed: their version
 * is pinned by the lockfile, not by the sources.
 */
export class ImportGraph {
  readonly #options: ts.CompilerOptions;
  readonly #cache: ts.ModuleResolutionCache;
  readonly #imports = new Map<string, string[]>();
  readonly #hashes = new Map<string, string>();

  constructor(options: ts.CompilerOptions | undefined) {
    this.#options = { ...(options ?? DEFAULT_OPTIONS), allowJs: true };
    this.#cache = ts.createModuleResolutionCache(process.cwd(), (f) => f, this.#options);
  }

  /** The local files `file` imports (import, export … from, require, import(), `/// <reference>`). */
  importsOf(file: string): string[] {
    let imports = this.#imports.get(file);
    if (imports) return imports;
    const text = this.#read(file);
    const info = ts.preProcessFile(text ?? '', true, true);
    const resolved = new Set<string>();
    for (const { fileName } of [...info.importedFiles, ...info.referencedFiles]) {
      const result = ts.resolveModuleName(fileName, file, this.#options, ts.sys, this.#cache).resolvedModule;
      if (result && !result.isExternalLibraryImport && !result.resolvedFileName.includes('/node_modules/'))
        resolved.add(path.resolve(result.resolvedFileName));
    }
    imports = [...resolved].sort();
    this.#imports.set(file, imports);
    return imports;
  }

  /** `file` and every local file it imports, directly or not (cycles included once). */
  closureOf(file: string): string[] {
    const seen = new Set<string>([file]);
    const stack = [file];
    while (stack.length > 0) {
      for (const next of this.importsOf(stack.pop()!)) {
        if (!seen.has(next)) {
          seen.add(next);
          stack.push(next);
        }
      }
    }
    return [...seen].sort();
  }

  /** Hash of the contents of `file` and of everything it imports: changes when any of them changes. */
  closureHash(file: string, root: string): string {
    const hash = createHash('sha256');
    for (const member of this.closureOf(file)) {
      // Paths relative to the root, so a moved or freshly cloned checkout keeps its cache.
      hash.update(path.relative(root, member)).update('\0').update(this.#hash(member)).update('\0');
    }
    return hash.digest('hex').slice(0, 16);
  }

  #hash(file: string): string {
    let hash = this.#hashes.get(file);
    if (hash === undefined) {
      hash = createHash('sha256')
        .update(this.#read(file) ?? '<missing>')
        .digest('hex');
      this.#hashes.set(file, hash);
    }
    return hash;
  }

  #read(file: string): string | undefined {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }
}
