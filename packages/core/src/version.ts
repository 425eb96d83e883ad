import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The version of `@assay/core`, part of every generated file's input hash. */
export const VERSION: string = (require('../package.json') as { version: string }).version;
