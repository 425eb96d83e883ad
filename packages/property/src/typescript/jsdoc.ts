import { Node, type ParameterDeclaration, ts } from 'ts-morph';
import { type Constraints, constraintsFromTags } from '../constraints.js';

interface Tag {
  name: string;
  text: string;
}

const ENDS_PARAMETER_TAGS = new Set(['param', 'returns', 'return', 'throws', 'example', 'see']);

/**
 * Constraints written for a declaration (a property, a type alias): its own JSDoc tags, over those of
 * the type alias its type annotation names (`/** @minLength 1 *\/ type Name = string`).
 */
export function constraintsOfDeclaration(node: Node): Constraints {
  return { ...aliasConstraints(node), ...constraintsFromTags(ownTags(node.compilerNode)) };
}

/**
 * Constraints written for a parameter: the tags that follow its `@param` tag in the function's JSDoc
 * (up to the next `@param`, `@returns`, `@throws` …), a JSDoc comment on the parameter itself, and
 * those of the type alias its annotation names.
 */
export function constraintsOfParameter(parameter: ParameterDeclaration): Constraints {
  const name = parameter.getName();
  const following: Tag[] = [];
  let inside = false;
  for (const tag of functionTags(parameter)) {
    if (tag.name === 'param') {
      inside =
        tag.text
          .trim()
          .replace(/^\{[^}]*\}\s*/, '')
          .split(/[\s-]/)[0]
          ?.replace(/^\[|\]$/g, '') === name;
    } else if (ENDS_PARAMETER_TAGS.has(tag.name)) {
      inside = false;
    } else if (inside) {
      following.push(tag);
    }
  }
  return {
    ...aliasConstraints(parameter),
    ...constraintsFromTags(following),
    ...constraintsFromTags(ownTags(parameter.compilerNode)),
  };
}

function functionTags(parameter: ParameterDeclaration): Tag[] {
  let holder: Node | undefined = parameter.getParent();
  // `export const f = (x: number) => …`: the JSDoc sits on the variable statement.
  if (holder && (Node.isArrowFunction(holder) || Node.isFunctionExpression(holder))) {
    const variable = holder.getParent();
    if (variable && Node.isVariableDeclaration(variable)) holder = variable.getVariableStatement() ?? holder;
  }
  if (!holder) return [];
  // The name of a @param tag is parsed apart from its comment; put it back for the reader above.
  return jsDocsOf(holder.compilerNode).flatMap((doc) =>
    (doc.tags ?? []).map((tag) => {
      const name = tag.tagName.text;
      const text = commentText(tag.comment);
      if (ts.isJSDocParameterTag(tag)) return { name, text: `${tag.name.getText()} ${text}` };
      return { name, text };
    }),
  );
}

function ownTags(node: ts.Node): Tag[] {
  return jsDocsOf(node).flatMap((doc) =>
    (doc.tags ?? []).map((tag) => ({ name: tag.tagName.text, text: commentText(tag.comment) })),
  );
}

function jsDocsOf(node: ts.Node): ts.JSDoc[] {
  return ((node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? []).filter((d) => d.kind === ts.SyntaxKind.JSDoc);
}

function commentText(comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string {
  if (comment === undefined) return '';
  if (typeof comment === 'string') return comment;
  return comment.map((part) => part.text ?? '').join('');
}

function aliasConstraints(node: Node): Constraints {
  if (
    !Node.isParameterDeclaration(node) &&
    !Node.isPropertySignature(node) &&
    !Node.isPropertyDeclaration(node)
  ) {
    return {};
  }
  const typeNode = node.getTypeNode();
  if (!typeNode || !Node.isTypeReference(typeNode)) return {};
  const alias = typeNode
    .getTypeName()
    .getSymbol()
    ?.getDeclarations()
    .find((d) => Node.isTypeAliasDeclaration(d));
  return alias ? constraintsFromTags(ownTags(alias.compilerNode)) : {};
}
