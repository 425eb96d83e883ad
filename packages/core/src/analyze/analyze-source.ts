import fs from 'node:fs';
import type { Project } from 'ts-morph';
import type { AnalyzedFile } from '../model/unit.js';
import { analyzeFile } from './analyze-file.js';

/**
 * Analyzes a source file, taking its types from a sibling declaration file when it is JavaScript with
 * one (`format.js` + `format.d.ts`). The constants its conditions compare against still come from the
 * JavaScript, where the code is. JavaScript without declarations is typed by its JSDoc.
 */
export function analyzeSource(project: Project, source: string): AnalyzedFile {
  const declarations = siblingDeclarations(source);
  if (!declarations) return analyzeFile(project, source);
  const typed = analyzeFile(project, declarations);
  const implementation = analyzeFile(project, source);
  const constantsByName = new Map(implementation.units.map((u) => [u.name, u.constants]));
  return {
    ...typed,
    file: source,
    readsClock: implementation.readsClock,
    ioModules: implementation.ioModules,
    requiredIoModules: implementation.requiredIoModules ?? [],
    ...(implementation.fileSystemReached ? { fileSystemReached: true } : {}),
    ioReturns: implementation.ioReturns,
    localIoModules: implementation.localIoModules,
    units: typed.units.map((unit) => ({
      ...unit,
      constants: constantsByName.get(unit.name) ?? unit.constants,
    })),
  };
}

function siblingDeclarations(source: string): string | undefined {
  const match = /\.(c|m)?jsx?$/.exec(source);
  if (!match) return undefined;
  const candidate = `${source.slice(0, match.index)}.d.${match[1] ?? ''}ts`;
  return fs.existsSync(candidate) ? candidate : undefined;
}
