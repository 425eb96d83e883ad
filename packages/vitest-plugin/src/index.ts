import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vitest/config';
import type { TestProject, Vitest } from 'vitest/node';
import type { AssayVitestOptions } from './options.js';
import { AssayReporter } from './reporter.js';
import { PROVIDE_KEY } from './shared.js';
import { loadRunState, type RunState, validateOptions } from './state.js';

export { type AssayVitestOptions, DEFAULT_OPTIONS } from './options.js';
export { AssayReporter } from './reporter.js';

const SETUP_FILE = fileURLToPath(new URL('./setup.js', import.meta.url));

/**
 * The assay plugin for Vitest: records every test's outcome in `.assay/runs/`, tells flaky tests
 * from broken ones and applies the quarantine list.
 *
 * @example
 * // vitest.config.ts
 * import assay from '@assay/vitest-plugin';
 * export default defineConfig({ plugins: [assay({ retry: 2 })] });
 */
export function assay(options: AssayVitestOptions = {}): Plugin {
  validateOptions(options);
  const configured = new WeakSet<Vitest>();
  let state: Promise<RunState> | undefined;
  return {
    name: 'assay',
    config() {
      return {
        test: {
          setupFiles: [SETUP_FILE],
          ...(options.retry !== undefined ? { retry: options.retry } : {}),
        },
      } as Record<string, unknown>;
    },
    async configureVitest({ vitest, project }: { vitest: Vitest; project: TestProject }) {
      state ??= loadRunState(options, options.root ?? vitest.config.root);
      const resolved = await state;
      project.provide(PROVIDE_KEY as never, resolved.worker as never);
      if (configured.has(vitest)) return;
      configured.add(vitest);
      vitest.config.reporters.push(new AssayReporter(options, state) as never);
    },
  } as Plugin;
}

export default assay;
