import type fc from 'fast-check';
import { Node, type Project, type Type } from 'ts-morph';
import type { ArbitrarySpec } from '../spec.js';
import { type ArbitraryOptions, toArbitrary } from '../to-arbitrary.js';
import { toCode } from '../to-code.js';
import { sourceFileFor } from './project.js';
import { type TypeToSpecOptions, typeToSpec, UnsupportedType } from './type-to-spec.js';

/** Where the type comes from: a named type in a file, or a ts-morph type seen from a node. */
export type TypeTarget =
  | {
      /** Path of a `.ts`/`.tsx`/`.d.ts` file (its nearest tsconfig.json is used). */
      file: string;
      /** An interface, type alias, class (its instances), or enum declared in the file. */
      typeName: string;
      /** A ts-morph project to read the file with, instead of one made from its tsconfig. */
      project?: Project;
    }
  | { type: Type; at: Node };

export interface ArbitraryForOptions extends TypeToSpecOptions, ArbitraryOptions {
  /** Write `code` as TypeScript, with the casts that make it type-check as `fc.Arbitrary<T>`. @default false */
  typescript?: boolean;
}

/** The arbitrary of a type in its three forms. */
export interface TypeArbitrary {
  /** The description both renderings come from. */
  spec: ArbitrarySpec;
  /** fast-check source code (`fc`, and the classes and enums it names, must be in scope). */
  code: string;
  /**
   * The live arbitrary, built on first use.
   * @throws MissingClassError when the type holds class instances and `resolveClass` was not given.
   */
  readonly arbitrary: fc.Arbitrary<unknown>;
}

/**
 * The fast-check arbitrary of a TypeScript type, as a spec, as code and live.
 *
 * @throws UnsupportedType when the type has no arbitrary, or `typeName` is not declared in `file`.
 * @example
 * ```ts
 * // src/user.ts: export interface User { /** @format email *\/ login: string; age?: number }
 * const { arbitrary, code } = arbitraryFor({ file: 'src/user.ts', typeName: 'User' });
 * code; // 'fc.record({ login: fc.emailAddress(), age: fc.integer({ min: 0, max: 150 }) }, …)'
 * fc.assert(fc.property(arbitrary, (user) => validate(user)));
 * ```
 */
export function arbitraryFor(target: TypeTarget, options: ArbitraryForOptions = {}): TypeArbitrary {
  const { type, at } = 'type' in target ? target : namedType(target.file, target.typeName, target.project);
  const spec = typeToSpec(type, at, options);
  let built: fc.Arbitrary<unknown> | undefined;
  return {
    spec,
    code: toCode(spec, { readable: options.readable ?? false, typescript: options.typescript ?? false }),
    get arbitrary() {
      built ??= toArbitrary(spec, options);
      return built;
    },
  };
}

function namedType(file: string, typeName: string, project: Project | undefined): { type: Type; at: Node } {
  const sourceFile = sourceFileFor(file, project);
  const declaration =
    sourceFile.getInterface(typeName) ??
    sourceFile.getTypeAlias(typeName) ??
    sourceFile.getClass(typeName) ??
    sourceFile.getEnum(typeName) ??
    sourceFile.getExportedDeclarations().get(typeName)?.[0];
  if (!declaration) throw new UnsupportedType(`no type named ${typeName} in ${file}`);
  if (
    Node.isClassDeclaration(declaration) ||
    Node.isInterfaceDeclaration(declaration) ||
    Node.isTypeAliasDeclaration(declaration) ||
    Node.isEnumDeclaration(declaration)
  ) {
    return { type: declaration.getType(), at: declaration };
  }
  throw new UnsupportedType(`${typeName} in ${file} is not a type`);
}
