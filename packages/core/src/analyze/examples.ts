import { type JSDocableNode, Node } from 'ts-morph';
import type { DocExample } from '../model/unit.js';

const RESULT_COMMENT = /^\s*\/\/\s*(?:=>|→|->|returns?:?|result:?|outputs?:?|gives)\s*(.+?)\s*;?\s*$/i;
const THROWS_COMMENT = /^\s*\/\/\s*throws?:?\s*(\w+)?/i;

/**
 * The examples in a declaration's JSDoc that state their result: `clamp(15, 0, 10) // => 10`,
 * `// → 10` on the next line, or `// throws RangeError`. Only calls of the unit itself are taken.
 */
export function docExamples(node: Node, unitName: string): DocExample[] {
  const documented = jsDocHolder(node);
  if (!documented) return [];
  const examples: DocExample[] = [];
  for (const doc of documented.getJsDocs()) {
    for (const tag of doc.getTags()) {
      if (tag.getTagName() !== 'example') continue;
      examples.push(...parseExample(tag.getCommentText() ?? '', unitName));
    }
  }
  return examples;
}

export function parseExample(text: string, unitName: string): DocExample[] {
  const lines = text
    .replace(/```\w*/g, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\*\s?/, ''));
  const out: DocExample[] = [];
  const callOf = (code: string) => {
    const trimmed = code.trim().replace(/;$/, '');
    return trimmed.startsWith(`${unitName}(`) || trimmed.startsWith(`await ${unitName}(`)
      ? trimmed
      : undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const at = line.indexOf('//');
    const code = at >= 0 ? line.slice(0, at) : line;
    const comment = at >= 0 ? line.slice(at) : lines[i + 1]?.trim().startsWith('//') ? lines[i + 1]! : '';
    const call = callOf(code);
    if (!call || call.includes('\n')) continue;
    const value = RESULT_COMMENT.exec(comment);
    const thrown = THROWS_COMMENT.exec(comment);
    if (value) out.push({ call, expected: { kind: 'value', code: value[1]! } });
    else if (thrown) out.push({ call, expected: { kind: 'throws', error: thrown[1] } });
  }
  return out;
}

function jsDocHolder(node: Node): (Node & JSDocableNode) | undefined {
  if (Node.isJSDocable(node) && node.getJsDocs().length > 0) return node;
  // `export const f = () => …`: the JSDoc sits on the variable statement.
  const statement = node.getFirstAncestor((a) => Node.isVariableStatement(a));
  return statement && Node.isJSDocable(statement) ? statement : undefined;
}
