import { Project, type SourceFile, ts } from 'ts-morph';

/** A JavaScript file with the parameter types TypeScript infers from usage written in as JSDoc. */
export interface InferredTypes {
  /** The file's text with `@param {type}` tags added where a parameter had no type. */
  text: string;
  /** The line in the original file of a line of `text` (both 1-based). */
  originalLine(line: number): number;
}

const JAVASCRIPT = /\.[cm]?jsx?$/;

/**
 * Types for the untyped parameters of a JavaScript file, from how the code uses them: TypeScript's own
 * "infer parameter types from usage" fix (the one editors offer), which reads arithmetic (`count === 1`
 * → number), method calls (`word.toLowerCase()` → string), property reads (`opts.irregular` → an object
 * with that property), indexing and `.length` (arrays), and the arguments of calls elsewhere in the
 * program. Parameters it cannot type stay `any`. Undefined for TypeScript files and when nothing was
 * inferred.
 */
export function inferFromUsage(sourceFile: SourceFile): InferredTypes | undefined {
  const file = sourceFile.getFilePath();
  if (!JAVASCRIPT.test(file)) return undefined;
  const project = inferenceProject();
  const copy = project.createSourceFile(file, sourceFile.getFullText(), { overwrite: true });
  const service = project.getLanguageService().compilerObject;
  let changes: readonly ts.TextChange[];
  try {
    const fix = service.getCombinedCodeFix({ type: 'file', fileName: file }, 'inferFromUsage', {}, {});
    changes = fix.changes.filter((c) => c.fileName === file).flatMap((c) => c.textChanges);
  } catch {
    return undefined; // the fix is a convenience: a file it cannot handle is analyzed as written
  } finally {
    project.removeSourceFile(copy);
  }
  if (changes.length === 0) return undefined;
  return applyChanges(sourceFile.getFullText(), changes);
}

let shared: { project: Project; uses: number } | undefined;

/**
 * The project the fix runs in: checked JavaScript with implicit `any` reported (the fix works from those
 * diagnostics). Shared by up to 50 files, then replaced, as analysis projects are (memory stays bounded).
 */
function inferenceProject(): Project {
  if (shared && shared.uses++ < 50) return shared.project;
  const project = new Project({
    compilerOptions: {
      allowJs: true,
      checkJs: true,
      noImplicitAny: true,
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noEmit: true,
    },
  });
  shared = { project, uses: 1 };
  return project;
}

function applyChanges(original: string, changes: readonly ts.TextChange[]): InferredTypes {
  const sorted = [...changes].sort((a, b) => a.span.start - b.span.start);
  let text = '';
  let at = 0;
  // Each change as (first line of the new text after it, lines it added), to map lines back.
  const shifts: Array<{ after: number; added: number }> = [];
  let added = 0;
  for (const change of sorted) {
    text += original.slice(at, change.span.start);
    const replaced = original.slice(change.span.start, change.span.start + change.span.length);
    text += change.newText;
    at = change.span.start + change.span.length;
    added += lines(change.newText) - lines(replaced);
    shifts.push({ after: lines(text) + 1, added });
  }
  text += original.slice(at);
  return {
    text,
    originalLine(line) {
      let shift = 0;
      for (const s of shifts) if (line >= s.after) shift = s.added;
      return line - shift;
    },
  };
}

function lines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
