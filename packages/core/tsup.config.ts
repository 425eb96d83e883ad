import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// The sandbox child is its own entry: it runs in a separate Node process, never in the caller's.
export default defineConfig(
  packageBuild({
    index: 'src/index.ts',
    'sandbox-child': 'src/explore/sandbox-child.ts',
    // Loader hooks the sandbox registers: Node loads them in its hooks thread, by URL.
    'mock-hooks': 'src/explore/mock-hooks.ts',
    'runner-child': 'src/validate/runner-child.ts',
  }),
);
