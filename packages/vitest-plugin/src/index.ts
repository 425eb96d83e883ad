import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vitest/config';
import { BaseSequencer, type TestProject, type Vitest } from 'vitest/node';
import { applyVitestBudget, planVitestBudget } from './memoryBudget.js';
import { type AssayVitestOptions, DEFAULT_OPTIONS } from './options.js';
import { AssayReporter } from './reporter.js';
import { sequencerFor } from './sequencer.js';
import { PROVIDE_KEY } from './shared.js';
import { loadRunState, type RunState, validateOptions } from './state.js';

export { type AssayVitestOptions, DEFAULT_OPTIONS } from './options.js';
export { AssayReporter } from './reporter.js';
export { AssaySequencer } from './sequencer.js';

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
  let budget: ReturnType<typeof planVitestBudget> | undefined;
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
      if (options.memoryBudget !== undefined) {
        budget ??= planVitestBudget(resolved.root, options.memoryBudget, vitest.config as never);
        resolved.budget = await budget;
        resolved.notes.push(...applyVitestBudget(vitest, project, resolved.budget));
      }
      if (configured.has(vitest)) return;
      configured.add(vitest);
      if (resolved.budget) {
        vitest.logger.log(`assay: memory budget: ${resolved.budget.explanation.join('; ')}`);
      }
      // Only Vitest's default sequencer is replaced: a custom or shuffling one is the user's choice.
      const sequence = vitest.config.sequence as { sequencer?: unknown };
      if ((options.shard ?? DEFAULT_OPTIONS.shard) === 'duration' && sequence.sequencer === BaseSequencer) {
        sequence.sequencer = sequencerFor(options.root);
      }
      vitest.config.reporters.push(new AssayReporter(options, state) as never);
    },
  } as Plugin;
}

export default assay;
