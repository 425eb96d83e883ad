// The `gates` section of assay.config.*: read and checked here, where `assay gate` and `assay ci`
// use it. (Core's loadConfig owns `generate`; it must let `gates` through: see docs/ci.md.)
import fs from 'node:fs';
import path from 'node:path';

/** Quality gates that `assay gate` enforces, as written in `assay.config.*` under `gates`. */
export interface GatesConfig {
  /**
   * Tests judged flaky for the first time by the runs of the commit under test: `'fail'` fails the
   * gate, `'warn'` reports them and passes, `'off'` skips the gate. Quarantined tests never count.
   * @default 'warn'
   */
  newFlaky?: 'fail' | 'warn' | 'off';
  /**
   * Longest time a test may stay in `.assay/quarantine.json`, in days since its `since` date; older
   * entries fail the gate.
   * @default undefined (no limit)
   */
  quarantineMaxAgeDays?: number;
  /**
   * Lowest total coverage, in percent, read from an istanbul `coverage-summary.json` (Vitest and Jest
   * write it with the `json-summary` coverage reporter).
   * @default undefined (no coverage gate)
   */
  coverage?: { lines?: number; branches?: number };
}

/** Gate settings in effect: the defaults filled in. */
export interface ResolvedGates {
  newFlaky: 'fail' | 'warn' | 'off';
  quarantineMaxAgeDays?: number;
  coverage?: { lines?: number; branches?: number };
}

/** The `gates` section cannot be used: names the file and the key. */
export class GatesConfigError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'GatesConfigError';
  }
}

const GATE_KEYS = ['newFlaky', 'quarantineMaxAgeDays', 'coverage'];

/**
 * The config file names core's `loadConfig` looks for, in its order (`CONFIG_FILES` of `@assay/core`,
 * copied so `assay gate` does not load core; a test keeps the two equal).
 */
export const CONFIG_FILE_NAMES = [
  'assay.config.ts',
  'assay.config.mts',
  'assay.config.cts',
  'assay.config.js',
  'assay.config.mjs',
  'assay.config.cjs',
  'assay.config.json',
];

/** Reads `gates` from the project's `assay.config.*` (none: defaults). Throws {@link GatesConfigError}. */
export async function loadGates(root: string): Promise<{ gates: ResolvedGates; file: string | undefined }> {
  const file = CONFIG_FILE_NAMES.map((name) => path.join(root, name)).find((f) => fs.existsSync(f));
  if (!file) return { gates: resolveGates(undefined, 'assay.config'), file: undefined };
  let loaded: unknown;
  try {
    if (file.endsWith('.json')) loaded = JSON.parse(fs.readFileSync(file, 'utf8'));
    else {
      // Loaded only for TypeScript/JavaScript configs: the CLI starts faster without it.
      const { createJiti } = await import('jiti');
      const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false, interopDefault: true });
      loaded = await jiti.import(file, { default: true });
    }
  } catch (error) {
    throw new GatesConfigError(file, `could not be loaded: ${(error as Error).message}`);
  }
  const gates = isObject(loaded) ? loaded.gates : undefined;
  return { gates: resolveGates(gates, file), file };
}

/** Checks a `gates` value and fills in the defaults. Throws {@link GatesConfigError} naming the key. */
export function resolveGates(value: unknown, file: string): ResolvedGates {
  if (value === undefined) return { newFlaky: 'warn' };
  if (!isObject(value))
    throw new GatesConfigError(file, 'gates must be an object, e.g. { newFlaky: "fail" }.');
  const unknown = Object.keys(value).filter((k) => !GATE_KEYS.includes(k));
  if (unknown.length) {
    throw new GatesConfigError(file, `gates.${unknown[0]} is not a gate; known: ${GATE_KEYS.join(', ')}.`);
  }
  const resolved: ResolvedGates = { newFlaky: 'warn' };
  const { newFlaky, quarantineMaxAgeDays, coverage } = value;
  if (newFlaky !== undefined) {
    if (newFlaky !== 'fail' && newFlaky !== 'warn' && newFlaky !== 'off') {
      throw new GatesConfigError(
        file,
        `gates.newFlaky: ${JSON.stringify(newFlaky)} is not 'fail', 'warn' or 'off'.`,
      );
    }
    resolved.newFlaky = newFlaky;
  }
  if (quarantineMaxAgeDays !== undefined) {
    if (
      !(
        typeof quarantineMaxAgeDays === 'number' &&
        Number.isInteger(quarantineMaxAgeDays) &&
        quarantineMaxAgeDays >= 0
      )
    ) {
      throw new GatesConfigError(
        file,
        `gates.quarantineMaxAgeDays: ${JSON.stringify(quarantineMaxAgeDays)} is not a whole number of days ≥ 0.`,
      );
    }
    resolved.quarantineMaxAgeDays = quarantineMaxAgeDays;
  }
  if (coverage !== undefined) {
    if (!isObject(coverage))
      throw new GatesConfigError(file, 'gates.coverage must be an object, e.g. { lines: 80, branches: 70 }.');
    resolved.coverage = {};
    for (const [key, pct] of Object.entries(coverage)) {
      if (key !== 'lines' && key !== 'branches') {
        throw new GatesConfigError(
          file,
          `gates.coverage.${key} is not a coverage gate; use lines or branches.`,
        );
      }
      if (!(typeof pct === 'number' && pct >= 0 && pct <= 100)) {
        throw new GatesConfigError(
          file,
          `gates.coverage.${key}: ${JSON.stringify(pct)} is not a percentage from 0 to 100.`,
        );
      }
      resolved.coverage[key] = pct;
    }
  }
  return resolved;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
