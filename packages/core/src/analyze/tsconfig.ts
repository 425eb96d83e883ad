import fs from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { AssayError } from '../errors.js';

/** What a project's tsconfig says: the files it compiles and how its imports resolve. */
export interface ProjectConfig {
  /** The tsconfig file read. */
  file: string;
  /** Absolute paths of the files the tsconfig includes (after its `include`/`exclude`/`files`). */
  fileNames: string[];
  /** Compiler options, with `paths`/`baseUrl` aliases, used to resolve imports. */
  options: ts.CompilerOptions;
}

/**
 * Reads `tsconfig.json` in `root` with TypeScript's own parser (so `extends`, `include`, `exclude`,
 * `files` and path aliases mean what they mean to tsc). A solution-style tsconfig (`files: []` with
 * `references`) gives the files of the projects it references. Undefined when there is no tsconfig.
 */
export function readProjectConfig(root: string): ProjectConfig | undefined {
  const file = path.join(root, 'tsconfig.json');
  return fs.existsSync(file) ? parse(file, new Set()) : undefined;
}

function parse(file: string, seen: Set<string>): ProjectConfig {
  seen.add(file);
  const read = ts.readConfigFile(file, ts.sys.readFile);
  if (read.error) throw new TsconfigError(file, flatten(read.error.messageText));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(file), undefined, file);
  // "No inputs were found" (18003) is not an error for us: the caller reports that no source was found.
  const error = parsed.errors.find((e) => e.category === ts.DiagnosticCategory.Error && e.code !== 18003);
  if (error) throw new TsconfigError(file, flatten(error.messageText));
  const fileNames = parsed.fileNames.map((f) => path.resolve(f));
  for (const reference of parsed.projectReferences ?? []) {
    const referenced = ts.resolveProjectReferencePath(reference);
    if (seen.has(referenced) || !fs.existsSync(referenced)) continue;
    fileNames.push(...parse(referenced, seen).fileNames);
  }
  return { file, fileNames: [...new Set(fileNames)], options: parsed.options };
}

/** A tsconfig that TypeScript itself cannot read. */
export class TsconfigError extends AssayError {
  constructor(file: string, problem: string) {
    super(
      'ASSAY_TSCONFIG',
      `${file}: ${problem}. Fix the tsconfig (tsc --showConfig shows what TypeScript reads) and run again.`,
    );
  }
}

function flatten(message: string | ts.DiagnosticMessageChain): string {
  return ts.flattenDiagnosticMessageText(message, ' ');
}
