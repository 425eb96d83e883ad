import type { FileCoverage } from 'istanbul-lib-coverage';
import { type Node, type SourceFile, SyntaxKind } from 'ts-morph';
import type { BranchGap, UnitGaps } from '../model/report.js';

/** Where a unit lives: its name and the 1-based line of its declaration. */
export interface UnitLocation {
  name: string;
  line: number;
}

/**
 * Per unit, the lines and branches the coverage says no test reached, with each branch's condition as
 * written in the source (found by mapping istanbul's branch locations back onto the ts-morph AST).
 * Units with nothing uncovered are left out.
 *
 * @example
 * ```ts
 * findGaps(fileCoverage, project.getSourceFileOrThrow('src/size.ts'), [{ name: 'describeSize', line: 3 }]);
 * // → [{ unit: 'describeSize', lines: [4], branches: [{ line: 4, type: 'if', condition: 'size > 100', need: 'size > 100 is true' }] }]
 * ```
 */
export function findGaps(
  coverage: FileCoverage,
  sourceFile: SourceFile,
  units: readonly UnitLocation[],
): UnitGaps[] {
  const extents = units.map((unit) => ({ name: unit.name, ...extentOf(sourceFile, unit.line) }));
  const owner = (line: number) =>
    extents
      .filter((e) => e.start <= line && line <= e.end)
      .sort((a, b) => a.end - a.start - (b.end - b.start))[0]?.name ?? '(module)';
  const byUnit = new Map<string, UnitGaps>();
  const entry = (name: string) => {
    let gaps = byUnit.get(name);
    if (!gaps) {
      gaps = { unit: name, lines: [], branches: [] };
      byUnit.set(name, gaps);
    }
    return gaps;
  };
  for (const line of coverage.getUncoveredLines()) entry(owner(Number(line))).lines.push(Number(line));
  for (const [id, counts] of Object.entries(coverage.b)) {
    const mapping = coverage.branchMap[id];
    if (!mapping) continue;
    counts.forEach((count, index) => {
      if (count > 0) return;
      const gap = describeBranch(sourceFile, mapping, index);
      entry(owner(gap.line)).branches.push(gap);
    });
  }
  const order = new Map(units.map((u, i) => [u.name, i]));
  return [...byUnit.values()]
    .map((g) => ({ ...g, lines: [...new Set(g.lines)].sort((a, b) => a - b) }))
    .sort((a, b) => (order.get(a.unit) ?? -1) - (order.get(b.unit) ?? -1));
}

interface Location {
  start: { line?: number; column?: number | null };
  end: { line?: number; column?: number | null };
}

interface BranchMapping {
  loc: Location;
  type: string;
  locations: Location[];
  line?: number;
}

/** The condition behind one way of a branch, from its istanbul location. */
export function describeBranch(sourceFile: SourceFile, mapping: BranchMapping, index: number): BranchGap {
  const line = mapping.loc.start.line ?? mapping.line ?? 1;
  const node = constructAt(sourceFile, mapping);
  const text = (n: Node | undefined) => squash(n?.getText() ?? '');
  if (node?.isKind(SyntaxKind.IfStatement) || node?.isKind(SyntaxKind.ConditionalExpression)) {
    const condition = node.isKind(SyntaxKind.IfStatement) ? node.getExpression() : node.getCondition();
    return {
      line,
      type: mapping.type,
      condition: text(condition),
      need: `${text(condition)} is ${index === 0 ? 'true' : 'false'}`,
    };
  }
  if (node?.isKind(SyntaxKind.BinaryExpression)) {
    const operands = flatten(node, node.getOperatorToken().getKind());
    // Runners cut mixed chains (`a && b || c`) differently: the location's own text when it is not an operand here.
    const location = mapping.locations[index];
    const operand = text(operands[index]) || (location ? sliceText(sourceFile, location) : '');
    return {
      line,
      type: mapping.type,
      condition: text(node),
      need:
        index === 0 || !operand
          ? `${text(node)} evaluated`
          : `${operand} evaluated (the operands before it let it run)`,
    };
  }
  if (node?.isKind(SyntaxKind.SwitchStatement)) {
    const clause = node.getCaseBlock().getClauses()[index];
    const label = clause?.isKind(SyntaxKind.CaseClause) ? `case ${text(clause.getExpression())}` : 'default';
    return { line, type: mapping.type, condition: `switch (${text(node.getExpression())})`, need: label };
  }
  const location = mapping.locations[index] ?? mapping.loc;
  const snippet = sliceText(sourceFile, location) || text(node);
  return {
    line,
    type: mapping.type,
    condition: snippet,
    need: mapping.type === 'default-arg' ? `${snippet} (the default value) used` : `${snippet} reached`,
  };
}

const KIND_BY_TYPE: Record<string, SyntaxKind[]> = {
  if: [SyntaxKind.IfStatement],
  'cond-expr': [SyntaxKind.ConditionalExpression],
  'binary-expr': [SyntaxKind.BinaryExpression],
  switch: [SyntaxKind.SwitchStatement],
};

/** The branching statement or expression that starts at the branch's `loc`, outermost of its kind. */
function constructAt(sourceFile: SourceFile, mapping: BranchMapping): Node | undefined {
  const kinds = KIND_BY_TYPE[mapping.type];
  const pos = positionOf(sourceFile, mapping.loc.start);
  if (!kinds || pos === undefined) return undefined;
  let found: Node | undefined;
  for (let node: Node | undefined = sourceFile.getDescendantAtPos(pos); node; node = node.getParent()) {
    if (kinds.includes(node.getKind()) && node.getStart() === pos) found = node;
    else if (found) break;
  }
  return found;
}

function flatten(node: Node, operator: SyntaxKind): Node[] {
  if (node.isKind(SyntaxKind.ParenthesizedExpression)) return [node];
  if (node.isKind(SyntaxKind.BinaryExpression) && node.getOperatorToken().getKind() === operator) {
    return [...flatten(node.getLeft(), operator), ...flatten(node.getRight(), operator)];
  }
  return [node];
}

function positionOf(
  sourceFile: SourceFile,
  at: { line?: number; column?: number | null },
): number | undefined {
  if (at.line === undefined) return undefined;
  try {
    return sourceFile.compilerNode.getPositionOfLineAndCharacter(at.line - 1, at.column ?? 0);
  } catch {
    return undefined;
  }
}

function sliceText(sourceFile: SourceFile, location: Location): string {
  const start = positionOf(sourceFile, location.start);
  if (start === undefined) return '';
  const end =
    location.end.line === undefined
      ? undefined
      : location.end.column === null || location.end.column === undefined
        ? sourceFile.compilerNode.getLineEndOfPosition(start)
        : positionOf(sourceFile, location.end);
  return squash(sourceFile.getFullText().slice(start, end ?? start + 60)).slice(0, 120);
}

/** First and last line of the top-level statement a unit is declared on. */
function extentOf(sourceFile: SourceFile, line: number): { start: number; end: number } {
  for (const statement of sourceFile.getStatements()) {
    const start = statement.getStartLineNumber();
    const end = statement.getEndLineNumber();
    if (start <= line && line <= end) return { start, end };
  }
  return { start: line, end: line };
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
