// Worker-side: the modules a test file loaded in this run, for its code version. Read from Vitest's
// module graph in the worker, an internal API: Vitest 4 keeps it in
// `__vitest_worker__.evaluatedModules.idToModuleMap`, Vitest 3 in `__vitest_worker__.moduleCache`
// (checked on 3.2 and 4.1: both give each module's `imports`, dynamic imports included). Imports
// nothing: it runs in every test file.

interface GraphNode {
  imports?: Set<string>;
  /** Vitest 4: the file on disk (ids may carry a query). */
  file?: string | null;
}

interface WorkerState {
  evaluatedModules?: { idToModuleMap?: Map<string, GraphNode> };
  moduleCache?: Map<string, GraphNode>;
  config?: { setupFiles?: string[] };
}

const IN_NODE_MODULES = /[\\/]node_modules[\\/]/;

/**
 * Absolute paths of the project modules (outside `node_modules`) that `testFile` and the user's
 * setup files imported, directly or not, the test file first; undefined when the worker's module
 * graph is not there (another Vitest) or does not hold the test file. Modules in `node_modules` are
 * not followed: the lockfile stands for them.
 */
export function loadedModules(testFile: string): string[] | undefined {
  const state = (globalThis as { __vitest_worker__?: WorkerState }).__vitest_worker__;
  const graph = state?.evaluatedModules?.idToModuleMap ?? state?.moduleCache;
  if (!graph || typeof graph.get !== 'function' || !graph.get(testFile)) return undefined;
  const files = new Set<string>();
  const seen = new Set<string>();
  const todo = [testFile, ...(state?.config?.setupFiles ?? [])];
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const node = graph.get(id);
    if (!node) continue;
    const file = node.file ?? id.replace(/[?#].*$/, '');
    if (IN_NODE_MODULES.test(file) || !(file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file))) continue;
    files.add(file);
    if (node.imports) for (const dep of node.imports) todo.push(dep);
  }
  return [...files];
}
