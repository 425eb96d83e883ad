/** The sandbox child's property inference: the module's functions called directly, in this process. */
import { type CallableFunction, inferProperties, propertyImports, renderProperties } from '@assay/property';
import { encode } from '../codec.js';
import type { InferRequest, InferResult } from '../protocol.js';
import { functionAt } from './outcome.js';

/** Property inference on the loaded module, its functions called directly. */
export async function infer(namespace: Record<string, unknown>, request: InferRequest): Promise<InferResult> {
  // Bound by export path: a description's name is how the test calls it (`defaultExport`), which is
  // not always where the module keeps it (`default`).
  const bound: CallableFunction[] = request.functions.map((description, i) => {
    const fn = functionAt(namespace, request.paths[i]!);
    return { ...description, call: (args: unknown[]) => fn(...args) };
  });
  const report: Awaited<ReturnType<typeof inferProperties>> = { kept: [], rejected: [], skipped: [] };
  // Every kind, one at a time, each on its counted samples (numRuns): no clock decides what is kept.
  for (const kind of request.options.kinds ?? []) {
    const part = await inferProperties(bound, { ...request.options, kinds: [kind] });
    report.kept.push(...part.kept);
    report.rejected.push(...part.rejected);
    report.skipped.push(...part.skipped);
  }
  const rendered = renderProperties(report.kept, {
    style: request.render.style,
    title: 'properties',
    typescript: true,
  });
  return {
    kept: report.kept.map((p) => p.title),
    rejected: report.rejected.map((p) => ({ title: p.title, counterexample: encode(p.counterexample) })),
    code: rendered.code,
    imports: report.kept.length > 0 ? propertyImports(report.kept, { style: request.render.style }) : [],
  };
}
