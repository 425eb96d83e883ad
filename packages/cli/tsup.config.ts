import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

export default defineConfig([
  packageBuild({ index: 'src/index.ts' }),
  // The executable: ESM only, with a shebang, no declarations.
  packageBuild(
    { bin: 'src/bin.ts' },
    { format: ['esm'], dts: false, clean: false, banner: { js: '#!/usr/bin/env node' } },
  ),
]);
