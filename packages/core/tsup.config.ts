import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// The sandbox child is its own entry: it runs in a separate Node process, never in the caller's.
export default defineConfig(
  packageBuild({
    index: 'src/index.ts',
    'sandbox-child': 'src/sandbox/child/main.ts',
    // Loader hooks the sandbox registers: Node loads them in its hooks thread, by URL.
    'mock-hooks': 'src/sandbox/guard/mock-hooks.ts',
    'runner-child': 'src/sandbox/child/runner-child.ts',
    // The guard of assay's validation runs: the runner loads it in its workers, by path.
    'validation-setup': 'src/sandbox/guard/validation-setup.ts',
  }),
);
