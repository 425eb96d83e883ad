import fs from 'node:fs';
import path from 'node:path';
import { criteriaOf, featureName, parseRequirementsDocument, type SpecDocument } from './document.js';
import type { EarsForm } from './ears.js';
import type { SpecFramework } from './render.js';
import { type TraceReport, traceCriteria } from './trace.js';
import { defaultSpecDir, type SpecFileResult, specTestPath, toPosix, writeSpecTests } from './write.js';

/** Options of {@link runSpec}. */
export interface SpecOptions {
  /** Requirements documents (Markdown); relative paths start at `root`. */
  documents: string[];
  /** Project root: where `.assay/runs/` and the tests live. @default process.cwd() */
  root?: string;
  /** Folder for the test files. @default `spec/` under the project's test folder (`test/spec/` when there is none) */
  outDir?: string;
  /** @default detected from package.json: Jest when Jest is a dependency and Vitest is not, else Vitest */
  framework?: SpecFramework;
  /** Write the test files. @default true */
  write?: boolean;
  /** Build the traceability table from the tests and `.assay/runs/`. @default false */
  report?: boolean;
}

/** A statement that is not EARS, with where it is and why. */
export interface UnparsedStatement {
  tag: string;
  line: number;
  text: string;
  reason: string;
}

export interface SpecDocumentResult {
  /** The document, relative to the root (posix). */
  file: string;
  feature: string;
  requirements: number;
  /** Statements found (acceptance criteria and other SHALL sentences). */
  statements: number;
  /** Of those, read as EARS. */
  parsed: number;
  forms: Partial<Record<EarsForm, number>>;
  unparsed: UnparsedStatement[];
  /** The test file, when `write` is on and the document has statements. */
  output?: SpecFileResult;
  /** Set when the document holds no statement at all (nothing was written for it). */
  warning?: string;
}

export interface SpecResult {
  root: string;
  framework: SpecFramework;
  documents: SpecDocumentResult[];
  report?: TraceReport;
}

/** Bad input to {@link runSpec}: a document that cannot be read. `code` is stable. */
export class SpecInputError extends Error {
  readonly code = 'ASSAY_SPEC_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'SpecInputError';
  }
}

/**
 * Reads EARS requirements documents, writes a test file per document (one `describe` per requirement,
 * a `test.todo` per criterion) and, with `report`, links criteria to tests and their last outcome.
 *
 * @example
 * ```ts
 * const result = await runSpec({ documents: ['.kiro/specs/auth/requirements.md'], report: true });
 * result.documents[0].output; // { output: 'test/spec/auth.requirements.test.ts', status: 'written' }
 * result.report?.counts;      // { covered: 2, failing: 0, 'not-run': 0, untested: 5 }
 * ```
 */
export async function runSpec(options: SpecOptions): Promise<SpecResult> {
  const root = path.resolve(options.root ?? process.cwd());
  if (!options.documents.length)
    throw new SpecInputError(
      'no requirements document given: pass one or more Markdown files, e.g. .kiro/specs/<feature>/requirements.md',
    );
  // Core (TypeScript's compiler) loads only here, so the CLI's other commands start without it.
  const framework = options.framework ?? (await import('@assay/core')).detectFramework(root);
  const docs: SpecDocument[] = options.documents.map((file) => readDocument(root, file));
  const features = new Map<string, string>();
  for (const doc of docs) {
    const other = features.get(doc.feature);
    if (other && other !== doc.file) {
      throw new SpecInputError(
        `${doc.file} and ${other} are both named "${doc.feature}": their tests would share one file and one tag prefix. Rename one of them.`,
      );
    }
    features.set(doc.feature, doc.file);
  }
  const outDir = options.outDir ? path.resolve(root, options.outDir) : defaultSpecDir(root);
  const documents: SpecDocumentResult[] = [];
  for (const doc of docs) {
    const criteria = criteriaOf(doc);
    const forms: Partial<Record<EarsForm, number>> = {};
    for (const c of criteria) if (c.ears) forms[c.ears.form] = (forms[c.ears.form] ?? 0) + 1;
    const result: SpecDocumentResult = {
      file: doc.file,
      feature: doc.feature,
      requirements: doc.requirements.filter((r) => r.id !== '0').length,
      statements: criteria.length,
      parsed: criteria.filter((c) => c.ears).length,
      forms,
      unparsed: criteria
        .filter((c) => c.problem)
        .map((c) => ({ tag: c.tag, line: c.line, text: c.text, reason: c.problem as string })),
    };
    if (!criteria.length) {
      result.warning = `${doc.file}: no requirement statements found (numbered acceptance criteria or sentences with SHALL); nothing written.`;
    } else if (options.write !== false) {
      result.output = await writeSpecTests(doc, {
        root,
        framework,
        outputPath: specTestPath(doc, root, outDir),
      });
    }
    documents.push(result);
  }
  const spec: SpecResult = { root, framework, documents };
  if (options.report) spec.report = await traceCriteria(root, docs);
  return spec;
}

function readDocument(root: string, file: string): SpecDocument {
  const absolute = path.resolve(root, file);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a folder, not a Markdown file'
          : `cannot be read (${code})`;
    throw new SpecInputError(
      `${file} ${why}: pass requirements documents, e.g. .kiro/specs/<feature>/requirements.md`,
    );
  }
  const relative = path.relative(root, absolute);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? absolute : toPosix(relative);
  return parseRequirementsDocument(text, shown, featureName(absolute));
}
