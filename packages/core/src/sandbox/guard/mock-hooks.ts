/**
 * ESM loader hooks of the sandbox (registered with `module.register`, they run in Node's hooks
 * thread): a local module that does I/O resolves to generated source that exports recording fakes in
 * place of its functions, as `vi.mock('./store')` does in the generated test. The fakes are built in
 * the sandbox's main thread (local-mocks.ts) from the real module, loaded under another URL.
 */

/** The query that marks the real module, loaded to read its exports. */
export const ACTUAL_QUERY = 'assay-actual';
const MOCK_QUERY = 'assay-mock';
/** The global through which the generated source reaches the main thread's fakes. */
export const BUILD_MOCK = Symbol.for('assay.buildLocalMock');

export interface MockHooksData {
  /** File URL of each module to mock → the names it exports (from the analyzer: ESM exports are static). */
  modules: Record<string, string[]>;
}

type Resolved = { url: string; format?: string | null; shortCircuit?: boolean };
type Loaded = { format: string; source?: string | ArrayBuffer | null; shortCircuit?: boolean };

let modules = new Map<string, string[]>();

export function initialize(data: MockHooksData): void {
  modules = new Map(Object.entries(data.modules));
}

export async function resolve(
  specifier: string,
  context: unknown,
  nextResolve: (specifier: string, context: unknown) => Promise<Resolved>,
): Promise<Resolved> {
  const resolved = await nextResolve(specifier, context);
  const url = new URL(resolved.url);
  if (url.searchParams.has(ACTUAL_QUERY) || url.searchParams.has(MOCK_QUERY)) return resolved;
  url.search = '';
  if (!modules.has(url.href)) return resolved;
  return { url: `${url.href}?${MOCK_QUERY}`, format: 'module', shortCircuit: true };
}

export async function load(
  url: string,
  context: unknown,
  nextLoad: (url: string, context: unknown) => Promise<Loaded>,
): Promise<Loaded> {
  const parsed = new URL(url);
  if (!parsed.searchParams.has(MOCK_QUERY)) return nextLoad(url, context);
  parsed.search = '';
  return {
    format: 'module',
    source: mockSource(parsed.href, modules.get(parsed.href) ?? []),
    shortCircuit: true,
  };
}

/** `export const save = mocked["save"];` for each export of the real module, built from it at load. */
export function mockSource(file: string, names: readonly string[]): string {
  const actual = `${file}?${ACTUAL_QUERY}`;
  const lines = [
    `const mocked = globalThis[Symbol.for(${JSON.stringify(BUILD_MOCK.description)})](${JSON.stringify(file)}, await import(${JSON.stringify(actual)}));`,
  ];
  names.forEach((name, i) => {
    lines.push(`const export${i} = mocked[${JSON.stringify(name)}];`);
    lines.push(`export { export${i} as ${name === 'default' ? 'default' : JSON.stringify(name)} };`);
  });
  return lines.join('\n');
}
