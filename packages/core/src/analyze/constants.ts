import { type Node, type SourceFile, SyntaxKind } from 'ts-morph';
import type { MinedConstants } from '../model/unit.js';

const COMPARISONS = new Set([
  SyntaxKind.EqualsEqualsEqualsToken,
  SyntaxKind.EqualsEqualsToken,
  SyntaxKind.ExclamationEqualsEqualsToken,
  SyntaxKind.ExclamationEqualsToken,
  SyntaxKind.LessThanToken,
  SyntaxKind.LessThanEqualsToken,
  SyntaxKind.GreaterThanToken,
  SyntaxKind.GreaterThanEqualsToken,
]);

const STRING_PROBES = new Set([
  'startsWith',
  'endsWith',
  'includes',
  'indexOf',
  'lastIndexOf',
  'split',
  'has',
  'get',
]);

/** Collects the constants in the conditions of `body` (a function declaration or expression). */
export function mineConstants(body: Node): MinedConstants {
  const numbers = new Set<number>();
  const strings = new Set<string>();
  const lengths = new Set<number>();
  const byProperty = new Map<string, Set<number | string>>();
  const patterns = new Map<string, [string, string]>();
  const moduleRegExps = regExpConstants(body.getSourceFile());
  const rememberPattern = (literal: string) => {
    const end = literal.lastIndexOf('/');
    patterns.set(literal, [literal.slice(1, end), literal.slice(end + 1)]);
  };

  const remember = (value: number | string, other: Node | undefined): void => {
    if (typeof value === 'number') numbers.add(value);
    else strings.add(value);
    const property = other?.asKind(SyntaxKind.PropertyAccessExpression)?.getName();
    if (property === 'length' && typeof value === 'number') lengths.add(value);
    else if (property) {
      const set = byProperty.get(property) ?? new Set();
      set.add(value);
      byProperty.set(property, set);
    }
  };

  body.forEachDescendant((node) => {
    if (node.getKind() === SyntaxKind.RegularExpressionLiteral) rememberPattern(node.getText());
    const identifier = node.asKind(SyntaxKind.Identifier);
    const regExp = identifier && moduleRegExps.get(identifier.getText());
    if (regExp) rememberPattern(regExp);
    const binary = node.asKind(SyntaxKind.BinaryExpression);
    if (binary && COMPARISONS.has(binary.getOperatorToken().getKind())) {
      const left = binary.getLeft();
      const right = binary.getRight();
      const l = literalValue(left);
      const r = literalValue(right);
      if (l !== undefined) remember(l, right);
      if (r !== undefined) remember(r, left);
      return;
    }
    const clause = node.asKind(SyntaxKind.CaseClause);
    if (clause) {
      const value = literalValue(clause.getExpression());
      const subject = clause
        .getParentOrThrow()
        .getParentOrThrow()
        .asKind(SyntaxKind.SwitchStatement)
        ?.getExpression();
      if (value !== undefined) remember(value, subject);
      return;
    }
    const call = node.asKind(SyntaxKind.CallExpression);
    const method = call?.getExpression().asKind(SyntaxKind.PropertyAccessExpression)?.getName();
    if (call && method && STRING_PROBES.has(method)) {
      const value = literalValue(call.getArguments()[0]);
      if (typeof value === 'string') strings.add(value);
    }
  });

  return {
    numbers: [...numbers],
    strings: [...strings],
    lengths: [...lengths],
    byProperty: Object.fromEntries([...byProperty].map(([k, v]) => [k, [...v]])),
    patterns: [...patterns.values()],
  };
}

const regExpsByFile = new WeakMap<SourceFile, Map<string, string>>();

/** Module-level `const name = /regex/` declarations of a file, by name. */
function regExpConstants(file: SourceFile): Map<string, string> {
  let found = regExpsByFile.get(file);
  if (!found) {
    found = new Map();
    for (const declaration of file.getVariableDeclarations()) {
      const init = declaration.getInitializer();
      if (init?.getKind() === SyntaxKind.RegularExpressionLiteral)
        found.set(declaration.getName(), init.getText());
    }
    regExpsByFile.set(file, found);
  }
  return found;
}

function literalValue(node: Node | undefined): number | string | undefined {
  if (!node) return undefined;
  switch (node.getKind()) {
    case SyntaxKind.NumericLiteral:
      return Number(node.getText().replaceAll('_', ''));
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
      return node.asKindOrThrow(node.getKind() as SyntaxKind.StringLiteral).getLiteralValue();
    case SyntaxKind.PrefixUnaryExpression: {
      const prefix = node.asKindOrThrow(SyntaxKind.PrefixUnaryExpression);
      const operand = literalValue(prefix.getOperand());
      if (typeof operand !== 'number') return undefined;
      if (prefix.getOperatorToken() === SyntaxKind.MinusToken) return -operand;
      return prefix.getOperatorToken() === SyntaxKind.PlusToken ? operand : undefined;
    }
    default:
      return undefined;
  }
}
