import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The version of @assay/mcp, read from its package.json so it never drifts; reported to clients. */
export const VERSION: string = (require('../package.json') as { version: string }).version;
