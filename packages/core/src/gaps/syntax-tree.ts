import fs from 'node:fs';
import { Project, type SourceFile } from 'ts-morph';

/**
 * The source's syntax tree alone (no types, no imports followed): enough to map coverage locations back
 * to conditions, without keeping the file in the analysis project, which drops files it is done with.
 */
export function syntaxTree(file: string): SourceFile {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { allowJs: true } });
  return project.createSourceFile(file, fs.readFileSync(file, 'utf8'));
}
