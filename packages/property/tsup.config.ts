import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.base.js';

export default defineConfig(
  packageBuild(
    { index: 'src/index.ts', typescript: 'src/typescript.ts' },
    // Shared chunks: both entries must use the same classes (`instanceof MissingClassError`).
    { splitting: true },
  ),
);
