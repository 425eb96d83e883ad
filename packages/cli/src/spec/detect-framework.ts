import { detectFramework } from '@assay/core';
import type { SpecFramework } from './render.js';

/** The same rule as `assay generate` (`detectFramework` of `@assay/core`), under its spec name. */
export function detectSpecFramework(root: string): SpecFramework {
  return detectFramework(root);
}
