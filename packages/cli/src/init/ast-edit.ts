import { parseExpression } from 'magicast';
import type { Node, ObjectNode } from './config-object.js';
import { CODE, type JestEdit, type Read } from './jest-entries.js';

/** Reads a property of an object literal as a plain value ({@link CODE} for what is not a literal). */
export function readProperty(object: ObjectNode, key: string): Read {
  const property = findProperty(object, key);
  return property ? { present: true, value: literal(property.value as Node) } : { present: false };
}

/** Applies `edits` to an object literal in place; the rest of the file keeps its text. */
export function applyToNode(object: ObjectNode, edits: readonly JestEdit[]): void {
  for (const edit of edits) {
    const property = findProperty(object, edit.key);
    if (edit.op === 'append' && property && (property.value as Node).type === 'ArrayExpression') {
      ((property.value as Node).elements as Node[]).push(expression(edit.value));
    } else if (edit.op === 'merge' && property && (property.value as Node).type === 'ObjectExpression') {
      for (const [key, value] of Object.entries(edit.value))
        setProperty(property.value as ObjectNode, key, value);
    } else {
      setProperty(object, edit.key, edit.value);
    }
  }
}

function setProperty(object: ObjectNode, key: string, value: unknown): void {
  const existing = findProperty(object, key);
  if (existing) existing.value = expression(value);
  else object.properties.push(...(expression({ [key]: value }) as ObjectNode).properties);
}

function findProperty(object: ObjectNode, key: string): Node | undefined {
  return object.properties.find((p) => {
    if (p.type !== 'ObjectProperty' || p.computed) return false;
    const k = p.key as Node;
    return (k.type === 'Identifier' && k.name === key) || (k.type === 'StringLiteral' && k.value === key);
  });
}

/** A new AST node for a plain value, written as one would by hand (single quotes, bare keys). */
function expression(value: unknown): Node {
  // Parsed inside an array: magicast hands back primitives (a string literal) as plain values.
  const array = (parseExpression(`[${source(value)}]`) as unknown as { $ast: Node }).$ast;
  return (array.elements as Node[])[0]!;
}

function source(value: unknown): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(source).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(
      ([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : source(k)}: ${source(v)}`,
    );
    return `{ ${entries.join(', ')} }`;
  }
  return String(value);
}

function literal(node: Node): unknown {
  switch (node.type) {
    case 'StringLiteral':
    case 'NumericLiteral':
    case 'BooleanLiteral':
      return node.value;
    case 'NullLiteral':
      return null;
    case 'TemplateLiteral':
      return (node.expressions as Node[]).length === 0
        ? ((node.quasis as Node[])[0]!.value as { cooked: string }).cooked
        : CODE;
    case 'ArrayExpression':
      return (node.elements as Node[]).map((element) => (element ? literal(element) : CODE));
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const p of node.properties as Node[]) {
        const k = p.key as Node | undefined;
        if (p.type !== 'ObjectProperty' || p.computed || !k) return CODE;
        out[(k.type === 'Identifier' ? k.name : k.value) as string] = literal(p.value as Node);
      }
      return out;
    }
    default:
      return CODE;
  }
}
