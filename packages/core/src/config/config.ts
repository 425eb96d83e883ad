import fs from 'node:fs';
import path from 'node:path';
import { createJiti } from 'jiti';
import { AssayError, InvalidOptionError } from '../errors.js';
import type { TestTemplates } from '../model/templates.js';
import { GENERATE_OPTION_NAMES, type GenerateOptions, resolveOptions } from '../options.js';

/** Options of `assay generate` in the config file; the command line overrides them. */
export interface GenerateConfig extends Omit<GenerateOptions, 'root' | 'onProgress'> {
  /** Change how generated tests are written. */
  templates?: TestTemplates;
}

/** The contents of `assay.config.ts` (or `.mts`, `.js`, `.mjs`, `.json`). */
export interface AssayConfig {
  generate?: GenerateConfig;
  /** Quality gates of `assay gate` (checked by the CLI, see docs/ci.md). */
  gates?: Record<string, unknown>;
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
  'assay.config.cts',
  'assay.config.js',
  'assay.config.mjs',
  'assay.config.cjs',
  'assay.config.json',
];

/**
 * Loads the project's config file from `root`: JSON as it is, TypeScript and JavaScript (ESM or
 * CommonJS) through jiti, which transpiles in process without registering loader hooks (TypeScript
 * and CommonJS files are read afresh on every call; `.mjs` goes through Node's own import and its
 * cache). No file gives an empty config.
 * @throws ConfigError naming the file and the option when it does not load or holds a bad value.
 */
export async function loadConfig(root: string): Promise<{ config: AssayConfig; file: string | undefined }> {
  const found = CONFIG_FILES.map((name) => path.join(root, name)).find((file) => fs.existsSync(file));
  if (!found) return { config: {}, file: undefined };
  let loaded: unknown;
  try {
    if (found.endsWith('.json')) loaded = JSON.parse(fs.readFileSync(found, 'utf8'));
    else {
      const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false, interopDefault: true });
      loaded = await jiti.import(found, { default: true });
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
  if (!isObject(value)) {
    throw new ConfigError(
      file,
      'must export an object, e.g. `export default defineConfig({ generate: { … } })`.',
    );
  }
  // `gates` belongs to the CLI's `assay gate` / `assay ci`, which check it themselves.
  const unknown = Object.keys(value).filter((key) => key !== 'generate' && key !== 'gates');
  if (unknown.length > 0)
    throw new ConfigError(
      file,
      `unknown key ${unknown.map((k) => `"${k}"`).join(', ')}; known: "generate", "gates".`,
    );
  const generate = value.generate;
  if (generate === undefined) return value as AssayConfig;
  if (!isObject(generate)) throw new ConfigError(file, 'generate must be an object of options.');
  for (const name of Object.keys(generate)) {
    if (!(GENERATE_OPTION_NAMES as readonly string[]).includes(name)) {
      throw new ConfigError(
        file,
        `generate.${name} is not an option; known options: ${GENERATE_OPTION_NAMES.join(', ')}.`,
      );
    }
  }
  for (const [name, hook] of Object.entries(generate.templates ?? {})) {
    if (!['file', 'describe', 'test'].includes(name)) {
      throw new ConfigError(
        file,
        `generate.templates.${name} is not a template; use file, describe or test.`,
      );
    }
    if (typeof hook !== 'function')
      throw new ConfigError(file, `generate.templates.${name} must be a function.`);
  }
  try {
    // The same checks as generateTests() applies, so a bad value is reported here with the file's name.
    resolveOptions(generate as GenerateOptions);
  } catch (error) {
    if (error instanceof InvalidOptionError)
      throw new ConfigError(file, `generate.${error.option}: ${error.problem}`);
    throw error;
  }
  return value as AssayConfig;
}

function isObject(value: unknown): value is Record<string, unknown> & { generate?: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
