import { fitChunks } from '../model/template.js';
import type { ParameterInfo } from '../model/unit.js';
import type { Encoded } from '../model/value.js';

/**
 * A tag function's arguments as a tagged call passes them: the drawn strings become the template's
 * chunks, one more than there are substitutions (the other arguments, a rest parameter's spread).
 * Other units' arguments are returned as they are.
 */
export function asTaggedCall(args: Encoded[], parameters: readonly ParameterInfo[]): Encoded[] {
  if (!parameters[0]?.template) return args;
  const [strings, ...rest] = args;
  const last = parameters.at(-1);
  const spread = last?.rest && parameters.length > 1 && Array.isArray(rest.at(-1));
  const substitutions = spread ? rest.length - 1 + (rest.at(-1) as Encoded[]).length : rest.length;
  const chunks = Array.isArray(strings) ? strings.map((s) => (typeof s === 'string' ? s : String(s))) : [];
  return [{ $: 'template', v: fitChunks(chunks, substitutions) }, ...rest];
}
