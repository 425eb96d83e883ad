/**
 * EARS (Easy Approach to Requirements Syntax) statements: one requirement sentence split into its
 * parts. The five patterns and their combinations:
 *
 * - ubiquitous: `THE <system> SHALL <response>`
 * - event-driven: `WHEN <trigger>, THE <system> SHALL <response>` (Kiro: `WHEN … THEN the system SHALL …`)
 * - state-driven: `WHILE <state>, THE <system> SHALL <response>`
 * - unwanted behaviour: `IF <condition>, THEN THE <system> SHALL <response>`
 * - optional feature: `WHERE <feature>, THE <system> SHALL <response>`
 * - complex: several of the above, e.g. `WHILE <state>, WHEN <trigger>, THE <system> SHALL …`
 */

export type EarsForm =
  | 'ubiquitous'
  | 'event-driven'
  | 'state-driven'
  | 'unwanted-behaviour'
  | 'optional-feature'
  | 'complex';

export type EarsKeyword = 'WHEN' | 'WHILE' | 'IF' | 'WHERE';

/** One condition clause: its keyword and its text (`WHEN` + `the user presses Tab`). */
export interface EarsClause {
  keyword: EarsKeyword;
  text: string;
}

/** A statement that reads as EARS. */
export interface EarsStatement {
  form: EarsForm;
  /** The conditions in the order written. */
  clauses: EarsClause[];
  /** Who acts: `the system`, `THE Lambda_Stack`; empty when the sentence names nobody (`… THEN SHALL …`). */
  system: string;
  /** What the system shall do, from the word after SHALL (`not` included for `SHALL NOT`). */
  response: string;
  /** The obligation as written: `SHALL`, or `MUST`, read the same way. */
  modal: 'SHALL' | 'MUST';
  /**
   * Text before the statement that is neither a condition nor its subject: a label
   * (`DNS integration (Case 3): WHEN …`), an earlier sentence, or a leading phrase (`Once x is found, …`).
   */
  context?: string;
  /** Set when the statement reads more loosely than EARS: says how (e.g. the subject is not a system name). */
  note?: string;
}

/** Why a statement does not read as EARS. */
export interface EarsProblem {
  reason: string;
}

const FORM_OF_KEYWORD: Record<EarsKeyword, EarsForm> = {
  WHEN: 'event-driven',
  WHILE: 'state-driven',
  IF: 'unwanted-behaviour',
  WHERE: 'optional-feature',
};

/** A system name is short: `the system`, `THE Auth_Service`, `o sistema`, `系統`. */
const MAX_SYSTEM_WORDS = 6;

/**
 * Splits one requirement sentence into its EARS parts, or says why it cannot.
 *
 * @example
 * ```ts
 * parseEars('WHEN a user presses Tab THEN the system SHALL move the focus to the next element');
 * // → { form: 'event-driven', clauses: [{ keyword: 'WHEN', text: 'a user presses Tab' }],
 * //     system: 'the system', response: 'move the focus to the next element' }
 * parseEars('Pipeline triggers automatically on push');
 * // → { reason: 'no SHALL: an EARS requirement says what the system SHALL do' }
 * ```
 */
export function parseEars(sentence: string): EarsStatement | EarsProblem {
  const text = plainText(sentence);
  // EARS writes SHALL; MUST (RFC 2119's word for the same obligation) is read the same way.
  const shall = /\bshall\b/i.exec(text) ?? /\bmust\b/i.exec(text);
  if (!shall) return { reason: 'no SHALL (or MUST): an EARS requirement says what the system SHALL do' };
  const response = text
    .slice(shall.index + shall[0].length)
    .trim()
    .replace(/^:\s*/, '')
    .replace(/[.;]+$/, '')
    .trim();
  if (!response) return { reason: 'nothing after SHALL: the response is missing' };
  const head = text.slice(0, shall.index).trim();
  const split = splitHead(head);
  if ('reason' in split) return split;
  const keywords = [...new Set(split.clauses.map((c) => c.keyword))];
  const form: EarsForm =
    keywords.length === 0
      ? 'ubiquitous'
      : keywords.length === 1
        ? FORM_OF_KEYWORD[keywords[0] as EarsKeyword]
        : 'complex';
  const modal = shall[0].toUpperCase() === 'MUST' ? 'MUST' : 'SHALL';
  const { clauses, system, context, note } = split;
  return {
    form,
    clauses,
    system,
    response,
    modal,
    ...(context ? { context } : {}),
    ...(note ? { note } : {}),
  };
}

/** Why a subject phrase is read as the system although it is not a system's name. */
export const LOOSE_SUBJECT_NOTE =
  'the subject before SHALL is a phrase, not a system name: read as the system (EARS writes "THE <system> SHALL …")';

interface Head {
  clauses: EarsClause[];
  system: string;
  context?: string;
  note?: string;
}

/** True when {@link parseEars} gave a statement rather than a problem. */
export function isEars(result: EarsStatement | EarsProblem): result is EarsStatement {
  return !('reason' in result);
}

/**
 * The text before SHALL: condition clauses, then the system's name. A keyword opens a clause when it
 * starts the text, follows a comma or semicolon, or is written in capitals (Kiro's `WHEN x AND y THEN`):
 * a lowercase `when` inside a clause (`WHEN the data is ready when polled`) stays part of it.
 */
function splitHead(head: string): Head | EarsProblem {
  const opener = /(^|[,;]\s*|\s)(when|while|if|where|then)\b/gi;
  const marks: { keyword: string; start: number; end: number; isCapital: boolean }[] = [];
  for (const match of head.matchAll(opener)) {
    const word = match[2] as string;
    const index = (match.index ?? 0) + (match[1] as string).length;
    const isCapital = word === word.toUpperCase();
    const atStart = index === 0;
    const afterPunctuation = /[,;]\s*$/.test(match[1] as string);
    if (!atStart && !afterPunctuation && !isCapital) continue;
    marks.push({ keyword: word.toUpperCase(), start: index, end: index + word.length, isCapital });
  }
  // A lowercase "then" that is not the last keyword is prose inside a clause ("connect, then write").
  const kept = marks.filter((m, i) => m.keyword !== 'THEN' || m.isCapital || i === marks.length - 1);
  marks.length = 0;
  marks.push(...kept);
  if (marks.length === 0 || (marks[0] as { start: number }).start !== 0) {
    // No leading keyword: ubiquitous, when what precedes SHALL reads as a name.
    const preamble = marks.length ? head.slice(0, (marks[0] as { start: number }).start) : head;
    if (marks.length === 0) return subjectOf(head);
    // "DNS integration (Case 3): WHEN …", "ESS picks the zone; WHEN …": a label or an earlier sentence
    // closed by a colon, semicolon or full stop before a capitalised keyword is context, not the subject.
    const first = marks[0] as { start: number; isCapital: boolean };
    if (first.isCapital && /[:;.]\s*$/.test(preamble) && preamble.trim().length > 1) {
      const rest = splitHead(head.slice(first.start));
      if ('reason' in rest) return rest;
      return {
        ...rest,
        context: preamble
          .trim()
          .replace(/[:;.]$/, '')
          .trim(),
      };
    }
    // "The replacing hint, when non-null, SHALL …": the system named first, its condition set off by commas.
    const name = preamble.trim().replace(/,$/, '').trim();
    if (/,\s*$/.test(preamble) && isSystemName(name) && marks.every((m) => m.keyword !== 'THEN')) {
      const clauses = marks.map((mark, i) => ({
        keyword: mark.keyword as EarsKeyword,
        text: head
          .slice(mark.end, marks[i + 1]?.start ?? head.length)
          .trim()
          .replace(/[,;]$/, '')
          .trim(),
      }));
      // The last condition must run up to SHALL: "Ideally, when saving, the system shall" names its system later.
      if (clauses.every((c) => c.text) && !clauses[clauses.length - 1]?.text.includes(',')) {
        return { clauses, system: name };
      }
    }
    return {
      reason: `"${clip(preamble.trim().replace(/[,;]$/, ''))}" comes before the first EARS keyword (WHEN, WHILE, IF, WHERE); start the sentence with the keyword or the system's name`,
    };
  }
  const clauses: EarsClause[] = [];
  let system = '';
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i] as { keyword: string; start: number; end: number };
    const next = marks[i + 1];
    const body = head
      .slice(mark.end, next ? next.start : head.length)
      .trim()
      .replace(/[,;]$/, '')
      .trim();
    if (mark.keyword === 'THEN') {
      // `IF x THEN the system SHALL`, `WHEN x THEN SHALL`: what follows THEN is the system's name.
      if (next) {
        return {
          reason: `a condition (${next.keyword}) follows THEN; conditions come before THEN … SHALL`,
        };
      }
      system = body;
      break;
    }
    if (!next) {
      // The last clause runs into the system's name: `WHEN x, the system` or `WHEN x THE System`.
      const cut = systemCut(body) ?? listSubjectCut(body);
      if (!cut) {
        return {
          reason: `no system name between the ${mark.keyword} clause and SHALL; write "${mark.keyword} …, the <system> SHALL …"`,
        };
      }
      if (!cut.condition) return { reason: `the ${mark.keyword} clause is empty` };
      clauses.push({ keyword: mark.keyword as EarsKeyword, text: cut.condition });
      system = cut.system;
      if (cut.loose) return { clauses, system, note: LOOSE_SUBJECT_NOTE };
      break;
    }
    if (!body) return { reason: `the ${mark.keyword} clause is empty` };
    clauses.push({ keyword: mark.keyword as EarsKeyword, text: body });
  }
  if (clauses.length === 0) return { reason: 'THEN without a WHEN, WHILE, IF or WHERE condition before it' };
  return { clauses, system };
}

/**
 * The ubiquitous form's subject. A system name (`THE Auth_Service`) is read as written; any other phrase
 * before SHALL ("Failure to obtain a certificate SHALL be retried") is read as the system too, with a
 * note, the way a reader of the spec would. Earlier sentences, a label before a colon, and a leading
 * phrase set off by a comma (`Once x is found, provision_node SHALL`) are kept apart as context.
 */
function subjectOf(head: string): Head | EarsProblem {
  if (!head) return { reason: 'nothing before SHALL: name the system ("THE <system> SHALL …")' };
  if (isSystemName(head)) return { clauses: [], system: head };
  // The statement is the last sentence or clause: after ". Capital", ";", ":" or a dash, outside brackets.
  const boundary = [...outsideBrackets(head).matchAll(/[.!?]\s+(?=[A-Z])|;\s*|:\s+|\s[—–]\s/g)].pop();
  const cut = boundary ? (boundary.index ?? 0) + boundary[0].length : 0;
  const context = head
    .slice(0, cut)
    .trim()
    .replace(/[.;:—–]$/, '')
    .trim();
  const subject = head.slice(cut).trim();
  if (!subject) return { reason: `nothing between "${clip(context)}" and SHALL: name the system` };
  const withContext = (h: Head): Head => (context ? { ...h, context: joinContext(context, h.context) } : h);
  if (isSystemName(subject)) return withContext({ clauses: [], system: subject });
  // "Once the new instance is found, provision_node": a short name after the last comma is the subject,
  // unless it closes a list ("A, B, and C SHALL").
  const comma = outsideBrackets(subject).lastIndexOf(',');
  const last = subject.slice(comma + 1).trim();
  if (comma > 0 && last && !/^(and|or|nor)\b/i.test(last) && last.split(/\s+/).length <= MAX_SYSTEM_WORDS) {
    return withContext({ clauses: [], system: last, context: subject.slice(0, comma).trim() });
  }
  return withContext({ clauses: [], system: subject, note: LOOSE_SUBJECT_NOTE });
}

function joinContext(before: string, after: string | undefined): string {
  return after ? `${before}; ${after}` : before;
}

/**
 * `WHEN OpenSSL is not detected, the ca target, the ca_service executable, and any test SHALL …`: no
 * short name ends the clause, so the condition ends at its first comma and the rest is the subject.
 */
function listSubjectCut(body: string): { condition: string; system: string; loose: true } | undefined {
  const comma = outsideBrackets(body).indexOf(',');
  if (comma <= 0) return undefined;
  const system = body.slice(comma + 1).trim();
  return system ? { condition: body.slice(0, comma).trim(), system, loose: true } : undefined;
}

/**
 * Splits `the user saves, the system` into condition and system: at the last comma, else before a
 * capitalised `THE` (`WHEN x THE System`), else before the last `the` that starts a short name.
 */
function systemCut(body: string): { condition: string; system: string; loose?: true } | undefined {
  const comma = body.lastIndexOf(',');
  if (comma >= 0) {
    const system = body.slice(comma + 1).trim();
    if (system && system.split(/\s+/).length <= MAX_SYSTEM_WORDS) {
      return { condition: body.slice(0, comma).trim(), system };
    }
  }
  const capital = [...body.matchAll(/\bTHE\b/g)].pop();
  if (capital?.index)
    return { condition: body.slice(0, capital.index).trim(), system: body.slice(capital.index) };
  const the = [...body.matchAll(/\bthe\b/gi)]
    .filter((m) => (m.index ?? 0) > 0)
    .filter((m) => body.slice(m.index).split(/\s+/).length <= 3)
    .shift();
  if (the?.index) return { condition: body.slice(0, the.index).trim(), system: body.slice(the.index).trim() };
  // `WHEN the vector is empty assess_quorum SHALL …`: a code identifier names the component.
  const last = /\s(\S+)$/.exec(body);
  if (last?.index && isIdentifier(last[1] as string)) {
    return { condition: body.slice(0, last.index).trim(), system: last[1] as string };
  }
  return undefined;
}

/** A short name (`the system`, `THE Auth_Service`, `o sistema`), or a longer one that starts with "the". */
function isSystemName(text: string): boolean {
  return text.split(/\s+/).length <= MAX_SYSTEM_WORDS || /^the\b/i.test(text);
}

/** `assess_quorum`, `ec2Manager`, `client.connect()`, `raft::node`: one word that is code, not prose. */
function isIdentifier(word: string): boolean {
  return /^[A-Za-z_$][\w$.:]*(\(\))?$/.test(word) && /[_.:]|\(\)|[a-z][A-Z]/.test(word);
}

/**
 * The text with what stands inside brackets or double quotes blanked out (same length), so that commas
 * and full stops in `(leader unreachable, no quorum)` or `f(a, b)` are not read as clause boundaries.
 * `<` counts as a bracket only right after a word (`quorum_manager<A, B>`), not as "less than".
 */
function outsideBrackets(text: string): string {
  const closing: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>', '"': '"', '“': '”' };
  const open: string[] = [];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const inside = open.length > 0;
    if (inside && ch === open[open.length - 1]) {
      open.pop();
    } else if (
      ch in closing &&
      (ch !== '<' || /\w/.test(text[i - 1] ?? '')) &&
      hasClose(text, i, closing[ch] as string)
    ) {
      open.push(closing[ch] as string);
    }
    out += inside || open.length > 0 ? (ch === ' ' ? ' ' : '_') : ch;
  }
  return out;
}

function hasClose(text: string, from: number, close: string): boolean {
  return text.indexOf(close, from + 1) > from;
}

/** Markdown emphasis and code marks removed, whitespace collapsed. */
export function plainText(text: string): string {
  return text
    .replace(/[，、]/g, ', ')
    .replace(/\*\*|__|`/g, '')
    .replace(/(^|\s)[*_](\S)/g, '$1$2')
    .replace(/(\S)[*_](?=\s|$|[,.;:])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
