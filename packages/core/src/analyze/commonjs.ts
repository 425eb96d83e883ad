import { type CallExpression, type ExportedDeclarations, Node, type SourceFile, SyntaxKind } from 'ts-morph';

/**
 * The exports of a CommonJS or UMD module, in the shape `getExportedDeclarations()` gives for an ES
 * module: export name → the nodes that hold its value. `module.exports = value` is the `default`
 * export (what `import x from` and `require()` give); `exports.x = …`, `module.exports.x = …` and
 * `Object.defineProperty(exports, 'x', { value })` are named exports. TypeScript's binder already
 * knows these assignments in JavaScript files; this reads them off the module's symbol.
 *
 * Empty for an ES module (its exports come from `getExportedDeclarations()`).
 */
export function commonJsExports(sourceFile: SourceFile): Map<string, ExportedDeclarations[]> {
  const exports = new Map<string, ExportedDeclarations[]>();
  if (!/\b(?:module\.)?exports\b/.test(sourceFile.getFullText())) return exports;
  const add = (name: string, value: Node) =>
    exports.set(name, [...(exports.get(name) ?? []), value as ExportedDeclarations]);
  const addWhole = (value: Node) => {
    // `module.exports = { add, sub }`: each property is a named export (what `require` and
    // `import { add }` give), as TypeScript itself reads such a file once it carries JSDoc.
    if (Node.isObjectLiteralExpression(value)) {
      for (const [name, member] of objectMembers(value)) add(name, member);
    } else add('default', value);
  };
  for (const symbol of sourceFile.getSymbol()?.getExports() ?? []) {
    for (const value of symbol.getDeclarations().flatMap((d) => exportedValue(d) ?? [])) {
      if (symbol.getName() !== 'export=') add(symbol.getName(), value);
      else addWhole(value);
    }
  }
  if (exports.size > 0) return exports;
  // A UMD wrapper assigns `module.exports` inside a function, where TypeScript's binder does not look.
  for (const assignment of sourceFile.getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
    const left = assignment.getLeft();
    if (
      assignment.getOperatorToken().getKind() === SyntaxKind.EqualsToken &&
      left.getText().replace(/\s/g, '') === 'module.exports'
    ) {
      addWhole(resolveIdentifier(unwrapValue(assignment.getRight())));
      break;
    }
  }
  return exports;
}

/**
 * The node that makes a module's value, through the wrappers npm modules put around it:
 * `(function () { …; return api; })()` (the function's returned value), a UMD wrapper's
 * `definition()` (the function passed in for `definition`), `exports = value` chained after
 * `module.exports =`, and `new Proxy(Target, handler)` (the target).
 */
export function unwrapValue(value: Node): Node {
  for (let depth = 0; depth < 8; depth++) {
    if (Node.isParenthesizedExpression(value)) value = value.getExpression();
    else if (Node.isBinaryExpression(value) && value.getOperatorToken().getKind() === SyntaxKind.EqualsToken)
      value = value.getRight();
    else if (
      Node.isNewExpression(value) &&
      value.getExpression().getText() === 'Proxy' &&
      value.getArguments()[0]
    )
      value = value.getArguments()[0]!;
    else if (Node.isCallExpression(value)) {
      const returned = returnedByCall(value);
      if (!returned) break;
      value = returned;
    } else break;
  }
  return value;
}

/** What a call of a function written in the file returns: its last top-level `return` value. */
function returnedByCall(call: CallExpression): Node | undefined {
  let callee: Node = call.getExpression();
  while (Node.isParenthesizedExpression(callee)) callee = callee.getExpression();
  let fn: Node | undefined = callee;
  if (Node.isIdentifier(callee)) fn = argumentFor(callee);
  if (!fn || !(Node.isFunctionExpression(fn) || Node.isArrowFunction(fn))) return undefined;
  const body = fn.getBody();
  if (!Node.isBlock(body)) return body;
  const returns = body
    .getDescendantsOfKind(SyntaxKind.ReturnStatement)
    .filter((r) => r.getFirstAncestor(isFunction) === fn);
  const returned = returns.at(-1)?.getExpression();
  return returned && resolveIdentifier(returned);
}

function isFunction(node: Node): boolean {
  return (
    Node.isFunctionDeclaration(node) ||
    Node.isFunctionExpression(node) ||
    Node.isArrowFunction(node) ||
    Node.isMethodDeclaration(node) ||
    Node.isConstructorDeclaration(node) ||
    Node.isGetAccessorDeclaration(node) ||
    Node.isSetAccessorDeclaration(node)
  );
}

/**
 * `definition` in `(function (definition) { … definition() … })(function () { … })`: the function
 * passed for that parameter of an immediately invoked function.
 */
function argumentFor(name: Node): Node | undefined {
  const parameter = name.getSymbol()?.getDeclarations()[0];
  if (!parameter || !Node.isParameterDeclaration(parameter)) return undefined;
  const owner = parameter.getParent();
  if (!Node.isFunctionExpression(owner) && !Node.isArrowFunction(owner)) return undefined;
  let wrapper: Node = owner;
  while (Node.isParenthesizedExpression(wrapper.getParent())) wrapper = wrapper.getParent()!;
  const invocation = wrapper.getParent();
  if (!Node.isCallExpression(invocation) || invocation.getExpression() !== wrapper) return undefined;
  let argument: Node | undefined = invocation.getArguments()[owner.getParameters().indexOf(parameter)];
  while (argument && Node.isParenthesizedExpression(argument)) argument = argument.getExpression();
  return argument;
}

/** The properties of an object literal with the nodes of their values. */
export function objectMembers(object: Node): Array<[string, Node]> {
  if (!Node.isObjectLiteralExpression(object)) return [];
  return object.getProperties().flatMap((property): Array<[string, Node]> => {
    if (Node.isSpreadAssignment(property)) return [];
    const value = Node.isMethodDeclaration(property) ? property : memberValue(property);
    return value ? [[property.getName(), value]] : [];
  });
}

/**
 * The node that holds an exported value: the right side of `module.exports = …`/`exports.x = …`
 * (an identifier resolved to its declaration), or the `value` of a `defineProperty` descriptor.
 */
function exportedValue(declaration: Node): Node | undefined {
  let value: Node | undefined;
  if (Node.isMethodDeclaration(declaration)) return declaration;
  if (Node.isPropertyAssignment(declaration) || Node.isShorthandPropertyAssignment(declaration))
    return memberValue(declaration);
  if (Node.isBinaryExpression(declaration)) value = declaration.getRight();
  else if (Node.isPropertyAccessExpression(declaration)) {
    const parent = declaration.getParent();
    if (Node.isBinaryExpression(parent) && parent.getLeft() === declaration) value = parent.getRight();
  } else if (Node.isCallExpression(declaration)) {
    const descriptor = declaration.getArguments()[2];
    if (Node.isObjectLiteralExpression(descriptor)) {
      const property = descriptor.getProperty('value');
      if (Node.isPropertyAssignment(property)) value = property.getInitializer();
    }
  }
  return value === undefined ? undefined : resolveIdentifier(unwrapValue(value));
}

/** The value of `name: value` (an identifier resolved) or of `{ name }` (the declaration of `name`). */
function memberValue(property: Node): Node | undefined {
  if (Node.isShorthandPropertyAssignment(property)) return property.getValueSymbol()?.getDeclarations()[0];
  if (Node.isPropertyAssignment(property)) {
    const initializer = property.getInitializer();
    return initializer && resolveIdentifier(initializer);
  }
  return undefined;
}

/** `module.exports = Foo`: the declaration of `Foo` (a function, class or variable), else the node itself. */
export function resolveIdentifier(node: Node): Node {
  if (!Node.isIdentifier(node)) return node;
  const declaration = node.getSymbol()?.getDeclarations()[0];
  if (
    declaration &&
    (Node.isFunctionDeclaration(declaration) ||
      Node.isClassDeclaration(declaration) ||
      Node.isVariableDeclaration(declaration))
  ) {
    return declaration;
  }
  return node;
}

/**
 * The name a test gives a module's default export when the export has none of its own (an object of
 * functions, an anonymous function): the file's name in camelCase (`crawler-url-parser.js` →
 * `crawlerUrlParser`; `lib/dirty/index.js` → `dirty`).
 */
export function defaultBindingName(sourceFile: SourceFile): string {
  const base = sourceFile.getBaseNameWithoutExtension();
  const stem = base === 'index' ? sourceFile.getDirectory().getBaseName() : base;
  const camel = stem
    .replace(/[^A-Za-z0-9_$]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))
    .replace(/^[0-9]+/, '');
  const name = camel.length > 0 ? camel : 'subject';
  return RESERVED.has(name) ? `${name}Module` : name;
}

const RESERVED = new Set([
  'expect',
  'test',
  'describe',
  'vi',
  'jest',
  'it',
  'beforeEach',
  'afterEach',
  'default',
  'function',
  'class',
  'new',
  'delete',
  'in',
  'do',
  'if',
  'for',
  'var',
  'let',
  'const',
  'import',
  'export',
  'return',
]);
