import type { Options } from 'tsup';

/** Shared tsup settings: every package ships ESM + CJS + type declarations for Node 20. */
export function packageBuild(entry: Record<string, string> | string[], extra: Options = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    shims: true,
    splitting: false,
    ...extra,
  };
}
