import fs from 'node:fs';
import path from 'node:path';
import { generateCode, parseModule } from 'magicast';
import { addVitePlugin, findVitePluginCall } from 'magicast/helpers';
import { ensureNewline, exportedConfigObject, parseConfigFile } from './config-object.js';
import type { InitStep } from './types.js';

const PLUGIN = '@assay/vitest-plugin';
const EXTENSIONS = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'];
const CONFIGS = [
  ...EXTENSIONS.map((ext) => `vitest.config.${ext}`),
  ...EXTENSIONS.map((ext) => `vite.config.${ext}`),
];

const BY_HAND = [
  `import assay from '${PLUGIN}';`,
  'plugins: [assay()],  // in the object defineConfig receives',
];

/**
 * Adds `assay()` to the plugins of the project's Vitest config (vitest.config.*, else vite.config.*,
 * which Vitest reads when there is no vitest.config), as an edit of its syntax tree; writes a
 * vitest.config when there is none.
 */
export function setUpVitest(root: string): InitStep {
  const file = CONFIGS.find((name) => fs.existsSync(path.join(root, name)));
  if (!file) return createConfig(root);
  const full = path.join(root, file);
  const mod = parseConfigFile(full);
  if ('unreadable' in mod) return refused(file, mod.unreadable);
  if (findVitePluginCall(mod, PLUGIN))
    return { file, status: 'unchanged', notes: [`already has assay() from '${PLUGIN}' in plugins`] };
  const config = exportedConfigObject(mod);
  if (!config) return refused(file, 'it does not export an object literal (a function or computed config)');
  const plugins = config.properties.find((p) => (p.key as { name?: string } | undefined)?.name === 'plugins');
  if (plugins && (plugins.value as { type: string }).type !== 'ArrayExpression')
    return refused(file, '`plugins` is not an array literal');
  addVitePlugin(mod, { from: PLUGIN, constructor: 'assay' });
  const code = ensureNewline(generateCode(mod).code);
  // magicast reports success on shapes it does not edit: check the result before writing it.
  if (!findVitePluginCall(parseModule(code), PLUGIN)) return refused(file, 'the plugin could not be added');
  fs.writeFileSync(full, code);
  return { file, status: 'changed', notes: [`added assay() to plugins (import assay from '${PLUGIN}')`] };
}

function createConfig(root: string): InitStep {
  const typescript = fs.existsSync(path.join(root, 'tsconfig.json'));
  const file = `vitest.config.${typescript ? 'ts' : 'mjs'}`;
  fs.writeFileSync(
    path.join(root, file),
    `import assay from '${PLUGIN}';\nimport { defineConfig } from 'vitest/config';\n\n` +
      'export default defineConfig({\n  plugins: [assay()],\n});\n',
  );
  return { file, status: 'changed', notes: ['created it with assay() in plugins'] };
}

function refused(file: string, why: string): InitStep {
  return { file, status: 'refused', notes: [`cannot edit it safely: ${why}`], byHand: BY_HAND };
}
