import { type Identifier, Node, type SourceFile, SyntaxKind } from 'ts-morph';
import { MOCKABLE } from '../model/io-modules.js';

/** How a module reaches one I/O built-in (`node:fs`): by `import` or by `require()`. */
export interface BuiltInBinding {
  /** The built-in as the source names it (`fs`, `node:fs/promises`). */
  specifier: string;
  /** `require('fs')`: Vitest's `vi.mock` does not reach it, so the test mocks the shared module object. */
  required: boolean;
  /** `import { readFileSync }` / `const { readFileSync } = require('fs')`: the export and its local name. */
  named: Array<{ name: string; local: Identifier }>;
  /** `import fs`, `import * as fs`, `const fs = require('fs')`: the name calls go through (`fs.readFileSync`). */
  namespaces: Identifier[];
}

/**
 * The I/O built-ins a module imports or requires, with the names it reaches them by. A `require` call
 * anywhere in the file counts (CommonJS modules often require lazily inside a function).
 *
 * @example
 * ```ts
 * // const fs = require('fs'); const { existsSync } = require('node:fs');
 * builtInBindings(sourceFile).map((b) => [b.specifier, b.required]);
 * // [['fs', true], ['node:fs', true]]
 * ```
 */
export function builtInBindings(sourceFile: SourceFile): BuiltInBinding[] {
  const bindings: BuiltInBinding[] = [];
  for (const declaration of sourceFile.getImportDeclarations()) {
    const specifier = declaration.getModuleSpecifierValue();
    if (declaration.isTypeOnly() || !MOCKABLE.test(specifier)) continue;
    const named = declaration.getNamedImports().flatMap((n) => {
      const local = n.getAliasNode() ?? n.getNameNode();
      return !n.isTypeOnly() && Node.isIdentifier(local) ? [{ name: n.getName(), local }] : [];
    });
    const namespaces = [declaration.getDefaultImport(), declaration.getNamespaceImport()].filter(
      (n): n is Identifier => n !== undefined,
    );
    bindings.push({ specifier, required: false, named, namespaces });
  }
  if (!/\brequire\s*\(/.test(sourceFile.getFullText())) return bindings;
  for (const call of sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const specifier = requiredBuiltIn(call);
    if (specifier === undefined) continue;
    const target = call.getParent();
    const binding: BuiltInBinding = { specifier, required: true, named: [], namespaces: [] };
    if (Node.isVariableDeclaration(target) && target.getInitializer() === call) {
      const name = target.getNameNode();
      if (Node.isIdentifier(name)) binding.namespaces.push(name);
      else if (Node.isObjectBindingPattern(name)) {
        for (const element of name.getElements()) {
          const local = element.getNameNode();
          if (!Node.isIdentifier(local) || element.getDotDotDotToken()) continue;
          binding.named.push({ name: element.getPropertyNameNode()?.getText() ?? local.getText(), local });
        }
      }
    }
    bindings.push(binding);
  }
  return bindings;
}

/** `require('fs')` with a literal I/O built-in: its specifier. */
function requiredBuiltIn(call: Node): string | undefined {
  if (!Node.isCallExpression(call)) return undefined;
  const callee = call.getExpression();
  if (!Node.isIdentifier(callee) || callee.getText() !== 'require') return undefined;
  const [argument] = call.getArguments();
  if (!argument || !Node.isStringLiteral(argument)) return undefined;
  const specifier = argument.getLiteralValue();
  return MOCKABLE.test(specifier) ? specifier : undefined;
}
