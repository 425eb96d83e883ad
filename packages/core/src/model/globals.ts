import { PLATFORM_TYPES } from '@assay/property';

/** Classes a test names without importing anything: Node's web platform globals (`Response`, `URL` …). */
const GLOBAL_CLASSES: ReadonlySet<string> = new Set<string>(PLATFORM_TYPES);

/** Whether a test can name this class in `toBeInstanceOf`: the module exports it, or it is a global. */
export function nameableClass(ctor: string, exportedNames: ReadonlySet<string>): boolean {
  return exportedNames.has(ctor) || GLOBAL_CLASSES.has(ctor);
}
