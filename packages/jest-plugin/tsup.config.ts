import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

// `environment`, `setup`, `runtime` and `worker` run inside Jest's workers and must stay free of main-process
// code, so each entry is bundled on its own (no shared chunks); jest and history stay external.
export default defineConfig(
  packageBuild(
    {
      reporter: 'src/reporter.ts',
      environment: 'src/environment.ts',
      setup: 'src/setup.ts',
      runtime: 'src/runtime.ts',
      worker: 'src/worker.ts',
    },
    { external: ['@assay/history', /^@jest\//, /^jest/] },
  ),
);
