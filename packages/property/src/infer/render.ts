import { toCode } from '../to-code.js';
import type { CandidateProperty, KeptProperty } from './types.js';

export interface RenderOptions {
  /**
   * `fc.assert`: `test(title, () => { fc.assert(fc.property(…), { seed, numRuns }) })`, with fast-check
   * alone. `test.prop`: `test.prop([…], { seed, numRuns })(title, …)` from `@fast-check/vitest`, when
   * the project has it.
   * @default 'fc.assert'
   */
  style?: 'fc.assert' | 'test.prop';
  /** How generated code refers to a function, by its description's name. @default the name itself */
  reference?: (name: string) => string;
  /** TypeScript output: casts where fast-check loses the type (see `CodeOptions.typescript`). @default false */
  typescript?: boolean;
  /** Replay with another seed or more runs (the kept property's own by default). */
  seed?: number;
  numRuns?: number;
}

/**
 * The test code of a kept property: one `test(…)` block (or `test.prop` call), with the seed and run
 * count it was checked with. Needs the imports of {@link propertyImports} and the functions in scope.
 *
 * @example
 * ```ts
 * renderProperty(report.kept[0]!);
 * // test('decode undoes encode: decode(encode(text)) equals text', () => {
 * //   fc.assert(fc.property(fc.string(), (text) => isDeepStrictEqual(decode(encode(text)), text)), { seed: 42, numRuns: 200 });
 * // });
 * ```
 */
export function renderProperty(property: KeptProperty, options: RenderOptions = {}): string {
  const reference = options.reference ?? ((name: string) => name);
  const refs = property.functions.map(reference);
  const predicate = predicateCode(property, (i) => refs[i]!, property.isAsync);
  const arbitraries = property.inputs.map((spec) =>
    toCode(spec, { typescript: options.typescript ?? false }),
  );
  const params = `{ seed: ${options.seed ?? property.seed}, numRuns: ${options.numRuns ?? property.numRuns} }`;
  if (options.style === 'test.prop') {
    return `test.prop([${arbitraries.join(', ')}], ${params})(${quote(property.title)}, ${predicate});`;
  }
  const run = property.isAsync ? 'await fc.assert(fc.asyncProperty' : 'fc.assert(fc.property';
  return [
    `test(${quote(property.title)}, ${property.isAsync ? 'async ' : ''}() => {`,
    `  ${run}(${[...arbitraries, predicate].join(', ')}), ${params});`,
    '});',
  ].join('\n');
}

/**
 * The import lines rendered properties need (fast-check or `@fast-check/vitest`, and `node:util` for
 * deep equality), besides the module under test. The `fc.assert` style also needs `test` from the runner.
 */
export function propertyImports(
  properties: readonly KeptProperty[],
  options: Pick<RenderOptions, 'style'> = {},
): string[] {
  const lines =
    options.style === 'test.prop'
      ? ["import { fc, test } from '@fast-check/vitest';"]
      : ["import fc from 'fast-check';"];
  const needsEquality = properties.some((p) =>
    predicateCode(p, () => 'f', p.isAsync).includes('isDeepStrictEqual'),
  );
  if (needsEquality) lines.push("import { isDeepStrictEqual } from 'node:util';");
  return lines;
}

/** The property's predicate as an arrow function. */
export function predicateCode(
  property: CandidateProperty,
  ref: (i: number) => string,
  isAsync: boolean,
): string {
  const call = (i: number, args: string) => (isAsync ? `(await ${ref(i)}(${args}))` : `${ref(i)}(${args})`);
  const body = property.body(ref, call);
  const params = `(${property.variables.join(', ')})`;
  const head = `${isAsync ? 'async ' : ''}${params} =>`;
  if (!body.includes('return ')) return `${head} ${body}`;
  return `${head} {\n${body
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n')}\n  }`;
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A block of property tests and the imports it needs. */
export interface RenderedProperties {
  /** Import lines besides the module under test (and, for `fc.assert`, besides `test` of the runner). */
  imports: string[];
  /** `describe(title, () => { … })` with one test per property; empty when there is none. */
  code: string;
}

/**
 * All kept properties of a report as one `describe` block, with the imports it needs: what a test
 * file generator puts in its output.
 *
 * @example
 * ```ts
 * const { imports, code } = renderProperties(report.kept, { reference: (name) => `codec.${name}` });
 * ```
 */
export function renderProperties(
  properties: readonly KeptProperty[],
  options: RenderOptions & { title?: string } = {},
): RenderedProperties {
  if (properties.length === 0) return { imports: [], code: '' };
  const body = properties
    .map((p) =>
      renderProperty(p, options)
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
    )
    .join('\n\n');
  return {
    imports: propertyImports(properties, options),
    code: `describe(${quote(options.title ?? 'properties')}, () => {\n${body}\n});`,
  };
}
