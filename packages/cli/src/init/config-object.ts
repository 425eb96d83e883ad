import fs from 'node:fs';
import { type ProxifiedModule, parseModule } from 'magicast';

/** The subset of Babel's AST that finding a config object needs. */
export interface Node {
  type: string;
  [key: string]: unknown;
}

export interface ObjectNode extends Node {
  type: 'ObjectExpression';
  properties: Node[];
}

/** A config file's syntax tree, or why it cannot be read as one. */
export function parseConfigFile(file: string): ProxifiedModule | { unreadable: string } {
  try {
    return parseModule(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    return { unreadable: `it does not parse (${(error as Error).message.split('\n')[0]})` };
  }
}

/**
 * The object literal a config file exports: `export default {…}`, `module.exports = {…}`,
 * `export default defineConfig({…})`, or a variable holding one (`const config: Config = {…};
 * export default config`), through `as`/`satisfies`. Undefined for anything else (a function, a
 * value built at run time): such a config cannot be edited safely.
 */
export function exportedConfigObject(mod: ProxifiedModule): ObjectNode | undefined {
  const program = mod.$ast as unknown as { body: Node[] };
  for (const statement of program.body) {
    if (statement.type === 'ExportDefaultDeclaration')
      return objectOf(statement.declaration as Node, program.body);
    if (statement.type === 'ExpressionStatement') {
      const expression = statement.expression as Node;
      if (expression.type === 'AssignmentExpression' && isModuleExports(expression.left as Node))
        return objectOf(expression.right as Node, program.body);
    }
  }
  return undefined;
}

function isModuleExports(node: Node): boolean {
  return (
    node.type === 'MemberExpression' &&
    (node.object as Node).type === 'Identifier' &&
    (node.object as Node).name === 'module' &&
    (node.property as Node).type === 'Identifier' &&
    (node.property as Node).name === 'exports'
  );
}

function objectOf(node: Node, body: Node[]): ObjectNode | undefined {
  let current: Node | undefined = node;
  for (let depth = 0; current && depth < 8; depth++) {
    switch (current.type) {
      case 'ObjectExpression':
        return current as ObjectNode;
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
      case 'ParenthesizedExpression':
        current = current.expression as Node;
        break;
      case 'CallExpression': {
        // defineConfig({...}) and friends: the object is the only argument.
        const args = current.arguments as Node[];
        current = args.length === 1 ? args[0] : undefined;
        break;
      }
      case 'Identifier':
        current = declaredValue(current.name as string, body);
        break;
      default:
        return undefined;
    }
  }
  return undefined;
}

function declaredValue(name: string, body: Node[]): Node | undefined {
  for (const statement of body) {
    if (statement.type !== 'VariableDeclaration') continue;
    for (const declarator of statement.declarations as Node[]) {
      const id = declarator.id as Node;
      if (id.type === 'Identifier' && id.name === name) return (declarator.init as Node) ?? undefined;
    }
  }
  return undefined;
}

/** Ends generated code with a newline, as files are. */
export function ensureNewline(code: string): string {
  return code.endsWith('\n') ? code : `${code}\n`;
}
