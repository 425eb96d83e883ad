import path from 'node:path';
import { type EarsStatement, isEars, parseEars, plainText } from './ears.js';

/** One acceptance criterion (or other SHALL statement) of a requirements document. */
export interface SpecCriterion {
  /** `<requirement>.<number>` as the document numbers it: `1.2` is criterion 2 of requirement 1. */
  id: string;
  /** The id qualified by the document's feature, `user-auth#1.2`: write it in a test's name to link the test. */
  tag: string;
  /** 1-based line in the document. */
  line: number;
  /** The statement as written, Markdown marks removed. */
  text: string;
  /** Its EARS parts, when it reads as EARS. */
  ears?: EarsStatement;
  /** Why it does not read as EARS (then `ears` is absent). */
  problem?: string;
}

export interface SpecRequirement {
  /** `1` for "### Requirement 1", `US-2` for "### US-2: …"; `0` gathers SHALL statements outside any requirement. */
  id: string;
  title: string;
  line: number;
  criteria: SpecCriterion[];
}

/** A parsed requirements document (`.kiro/specs/<feature>/requirements.md` or any Markdown with EARS statements). */
export interface SpecDocument {
  /** Path as given (relative paths stay relative). */
  file: string;
  /** The spec's name: the folder of a `requirements.md`, else the file's name without `.md`. */
  feature: string;
  requirements: SpecRequirement[];
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const REQUIREMENT_HEADING =
  /^(?:requirement|req\.?)\s*[-#]?\s*(\d+(?:\.\d+)*|[A-Z]+-?\d+(?:\.\d+)*)\b\s*[:.\-–—)]?\s*(.*)$/i;
const ID_HEADING = /^([A-Z]{1,8}-\d+(?:\.\d+)*)\b\s*[:.\-–—)]?\s*(.*)$/;
const CRITERIA_LABEL = /^(?:\*\*|__)?\s*acceptance\s+criteria\b/i;
const LIST_ITEM = /^(\s*)(?:(\d+(?:\.\d+)+)\.?|(\d+)[.)]|[-*+])\s+(.*)$/;
const FENCE = /^\s*(```|~~~)/;

interface OpenItem {
  line: number;
  indent: number;
  /** `3` for "3. …", `8.3` for "8.3. …" (a full criterion id), undefined for a bullet. */
  number: string | undefined;
  parts: string[];
  inCriteria: boolean;
}

/**
 * Reads the requirements and their numbered acceptance criteria from a Markdown document, the way Kiro
 * writes them ("### Requirement 1: Title", "#### Acceptance Criteria", "1. WHEN … THEN the system SHALL …"),
 * and every other statement that says SHALL. Each statement is parsed as EARS; those that do not parse
 * keep the reason in `problem`, so none is lost.
 *
 * @example
 * ```ts
 * const doc = parseRequirementsDocument(markdown, '.kiro/specs/user-auth/requirements.md');
 * doc.requirements[0].criteria[0].tag; // 'user-auth#1.1'
 * ```
 */
export function parseRequirementsDocument(
  markdown: string,
  file: string,
  feature: string = featureName(file),
): SpecDocument {
  const requirements: SpecRequirement[] = [];
  const outside: SpecRequirement = {
    id: '0',
    title: 'Statements outside a numbered requirement',
    line: 1,
    criteria: [],
  };
  let current: SpecRequirement | undefined;
  let currentLevel = 0;
  let inCriteria = false;
  let inFence = false;
  let item: OpenItem | undefined;
  let blankBefore = false;

  const flush = () => {
    if (!item) return;
    const text = plainText(item.parts.join(' '));
    const counts = item.inCriteria || /\bshall\b/i.test(text);
    if (counts && text) addCriterion(current ?? outside, item.number, item.line, text);
    item = undefined;
  };
  const addCriterion = (req: SpecRequirement, number: string | undefined, line: number, text: string) => {
    const taken = new Set(req.criteria.map((c) => c.id));
    let id = number?.includes('.') ? number : `${req.id}.${number ?? req.criteria.length + 1}`;
    for (let n = req.criteria.length + 1; taken.has(id); n++) id = `${req.id}.${n}`;
    const parsed = parseEars(text);
    const criterion: SpecCriterion = { id, tag: `${feature}#${id}`, line, text };
    if (isEars(parsed)) criterion.ears = parsed;
    else criterion.problem = parsed.reason;
    req.criteria.push(criterion);
  };

  const lines = markdown.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    if (FENCE.test(raw)) {
      flush();
      inFence = !inFence;
      return;
    }
    if (inFence) return;
    if (!raw.trim()) {
      blankBefore = true;
      return;
    }
    const heading = HEADING.exec(raw);
    if (heading) {
      flush();
      const level = (heading[1] as string).length;
      const title = plainText(heading[2] as string);
      const req = REQUIREMENT_HEADING.exec(title) ?? ID_HEADING.exec(title);
      if (req) {
        current = { id: req[1] as string, title: (req[2] as string).trim(), line: lineNo, criteria: [] };
        requirements.push(current);
        currentLevel = level;
        inCriteria = false;
      } else if (CRITERIA_LABEL.test(title)) {
        inCriteria = current !== undefined;
      } else {
        inCriteria = false;
        // A heading at the requirement's level or above closes it ("## Glossary" after the requirements).
        if (current && level <= currentLevel) current = undefined;
      }
      blankBefore = false;
      return;
    }
    const listItem = LIST_ITEM.exec(raw);
    const indent = raw.length - raw.trimStart().length;
    if (listItem) {
      const nested = item !== undefined && indent > item.indent;
      if (nested && item) {
        // A sub-point belongs to the statement above it ("SHALL: - a - b").
        item.parts.push(`; ${listItem[4]}`);
      } else {
        flush();
        item = {
          line: lineNo,
          indent,
          number: listItem[2] ?? listItem[3],
          parts: [listItem[4] as string],
          inCriteria,
        };
      }
      blankBefore = false;
      return;
    }
    if (item && (!blankBefore || indent > item.indent)) {
      // A wrapped line continues the open list item.
      item.parts.push(raw.trim());
      blankBefore = false;
      return;
    }
    flush();
    blankBefore = false;
    const text = raw.trim();
    // A paragraph ends a criteria list; the "Acceptance Criteria:" label starts one.
    inCriteria = CRITERIA_LABEL.test(text) && current !== undefined;
    if (inCriteria) return;
    // A paragraph that says SHALL is a statement too (outside lists, e.g. "The system shall …").
    if (/\bshall\b/i.test(text) && !text.startsWith('|')) {
      item = { line: lineNo, indent, number: undefined, parts: [text], inCriteria: false };
      flush();
    }
  });
  flush();
  if (outside.criteria.length) requirements.push(outside);
  return { file, feature, requirements };
}

/** Every criterion of a document, in order. */
export function criteriaOf(doc: SpecDocument): SpecCriterion[] {
  return doc.requirements.flatMap((r) => r.criteria);
}

/** `.kiro/specs/user-auth/requirements.md` → `user-auth`; `docs/billing.md` → `billing`. */
export function featureName(file: string): string {
  const base = path.basename(file).replace(/\.(md|markdown)$/i, '');
  const name = /^requirements?$/i.test(base) ? path.basename(path.dirname(path.resolve(file))) : base;
  return name.replace(/[^\w.-]+/g, '-') || 'spec';
}
