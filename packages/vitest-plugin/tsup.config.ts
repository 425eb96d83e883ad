import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// `setup`, `runtime` and `worker` run inside Vitest workers and must stay free of main-process code, so each
// entry is bundled on its own (no shared chunks) and `vitest` stays external.
export default defineConfig(
  packageBuild(
    {
      index: 'src/index.ts',
      reporter: 'src/reporter.ts',
      setup: 'src/setup.ts',
      runtime: 'src/runtime.ts',
      worker: 'src/worker.ts',
    },
    { external: ['vitest', 'vitest/node', '@assay/history'] },
  ),
);
