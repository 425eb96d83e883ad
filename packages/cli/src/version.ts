import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The version of the `assay` package, read from its package.json so it never drifts. */
export const VERSION: string = (require('../package.json') as { version: string }).version;
