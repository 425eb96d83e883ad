import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { AssayError } from '../errors.js';
import type { GenerateOptions } from '../options.js';
import type { TestTemplates } from './templates.js';

/** Options of `assay generate` in the config file; the command line overrides them. */
export interface GenerateConfig extends Omit<GenerateOptions, 'paths' | 'root' | 'onProgress'> {
  /** Sources to generate for when the command line names none. @example ['src'] */
  paths?: string[];
  /** Change how generated tests are written. */
  templates?: TestTemplates;
}

/** The contents of `assay.config.ts` (or `.mts`, `.js`, `.mjs`, `.json`). */
export interface AssayConfig {
  generate?: GenerateConfig;
}

/**
 * Types a config file.
 *
 * @example
 * ```ts
 * // assay.config.ts
 * import { defineConfig } from 'assay';
 * export default defineConfig({ generate: { outDir: 'test/generated', callTimeoutMs: 1000 } });
 * ```
 */
export function defineConfig(config: AssayConfig): AssayConfig {
  return config;
}

/** A config file that exists but cannot be used. */
export class ConfigError extends AssayError {
  constructor(file: string, problem: string) {
    super('ASSAY_CONFIG', `${file}: ${problem}`);
  }
}

export const CONFIG_FILES = [
  'assay.config.ts',
  'assay.config.mts',
  'assay.config.js',
  'assay.config.mjs',
  'assay.config.json',
];

/**
 * Loads the project's config file from `root` (TypeScript through tsx, without registering it
 * globally). No file gives an empty config.
 * @throws ConfigError naming the file when it does not load or is not a config object.
 */
export async function loadConfig(root: string): Promise<{ config: AssayConfig; file: string | undefined }> {
  const found = CONFIG_FILES.map((name) => path.join(root, name)).find((file) => fs.existsSync(file));
  if (!found) return { config: {}, file: undefined };
  let loaded: unknown;
  try {
    if (found.endsWith('.json')) loaded = JSON.parse(fs.readFileSync(found, 'utf8'));
    else {
      const module = (await tsImport(pathToFileURL(found).href, import.meta.url)) as { default?: unknown };
      loaded = module.default ?? module;
      // A config compiled as CommonJS arrives as { default: config } once more.
      if (loaded !== null && typeof loaded === 'object' && 'default' in loaded && !('generate' in loaded)) {
        loaded = (loaded as { default: unknown }).default;
      }
    }
  } catch (error) {
    throw new ConfigError(
      found,
      `could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { config: validate(found, loaded), file: found };
}

function validate(file: string, value: unknown): AssayConfig {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      file,
      'must export an object, e.g. `export default defineConfig({ generate: { … } })`.',
    );
  }
  const config = value as AssayConfig;
  const unknown = Object.keys(config).filter((key) => key !== 'generate');
  if (unknown.length > 0)
    throw new ConfigError(file, `unknown key ${unknown.map((k) => `"${k}"`).join(', ')}; known: "generate".`);
  const templates = config.generate?.templates;
  for (const [name, hook] of Object.entries(templates ?? {})) {
    if (!['file', 'describe', 'test'].includes(name)) {
      throw new ConfigError(
        file,
        `generate.templates.${name} is not a template; use file, describe or test.`,
      );
    }
    if (typeof hook !== 'function')
      throw new ConfigError(file, `generate.templates.${name} must be a function.`);
  }
  if (config.generate?.paths !== undefined && !Array.isArray(config.generate.paths)) {
    throw new ConfigError(file, 'generate.paths must be an array of files or folders, e.g. ["src"].');
  }
  return config;
}
