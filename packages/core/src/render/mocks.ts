import type { Interaction } from '../explore/mocks.js';
import type { Framework } from '../options.js';
import { renderLiteral } from './literal.js';

/** Calls of one mocked function asserted one by one; beyond that only their number is. */
const MAX_CALLS_LISTED = 3;

/** The name a test imports a mocked module under: `node:fs` → `fs`, `child_process` → `childProcess`. */
export function mockAlias(specifier: string): string {
  return specifier
    .replace(/^node:/, '')
    .split(/[/_-]/)
    .map((part, i) => (i === 0 ? part : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('');
}

/** `vi.mock('node:fs');` and the namespace import the assertions use. */
export function mockSetup(
  specifiers: readonly string[],
  framework: Framework,
): { imports: string[]; body: string } {
  const api = framework === 'vitest' ? 'vi' : 'jest';
  return {
    imports: specifiers.map((s) => `import * as ${mockAlias(s)} from ${JSON.stringify(s)};`),
    body: [
      // Every function of these modules returns undefined and records its calls, as when the cases were observed.
      ...specifiers.map((s) => `${api}.mock(${JSON.stringify(s)});`),
      '',
      `beforeEach(() => {\n  ${api}.clearAllMocks();\n});`,
    ].join('\n'),
  };
}

/** How the code used its mocked modules: per function, the number of calls and the first few arguments. */
export function interactionChecks(interactions: readonly Interaction[] | undefined): string[] {
  const byFunction = new Map<string, Interaction[]>();
  for (const interaction of interactions ?? []) {
    const key = `${mockAlias(interaction.module)}.${interaction.fn}`;
    byFunction.set(key, [...(byFunction.get(key) ?? []), interaction]);
  }
  return [...byFunction].flatMap(([subject, calls]) => [
    `expect(${subject}).toHaveBeenCalledTimes(${calls.length});`,
    ...calls.slice(0, MAX_CALLS_LISTED).flatMap((call, i) => {
      if (call.args.length === 0) return [];
      const args = call.args.map((arg) => {
        try {
          return renderLiteral(arg);
        } catch {
          return 'expect.anything()';
        }
      });
      return [`expect(${subject}).toHaveBeenNthCalledWith(${[i + 1, ...args].join(', ')});`];
    }),
  ]);
}
