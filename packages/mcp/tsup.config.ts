import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

export default defineConfig([
  packageBuild({ index: 'src/index.ts' }),
  // The executable and the generation child it forks: ESM only, no declarations.
  packageBuild(
    { bin: 'src/bin.ts', 'generate-worker': 'src/generate-worker.ts' },
    { format: ['esm'], dts: false, clean: false },
  ),
]);
