// Main-process: notes for the summary when the Jest config lacks an assay entry an option needs.
import type { TestContext } from './jestResults.js';

const SETUP_PATH = /[\\/]jest-plugin[\\/]dist[\\/]setup\.(c?js|mjs)$/;
const ENVIRONMENT_PATH = /[\\/]jest-plugin[\\/]dist[\\/]environment\.(c?js|mjs)$/;

/** What the notes depend on: the options and quarantine in effect. */
export interface SetupNeeds {
  retry: number;
  mode: 'report' | 'skip' | 'off';
  quarantined: number;
}

/** One note per missing entry: the environment (skip mode, markers), the setup file (retry, code versions). */
export function setupNotes(contexts: Set<TestContext> | undefined, needs: SetupNeeds): string[] {
  const configs = [...(contexts ?? [])].map((c) => c.config);
  if (!configs.length) return [];
  const notes: string[] = [];
  const withEnvironment = configs.some((c) => ENVIRONMENT_PATH.test(c.testEnvironment ?? ''));
  if (!withEnvironment && (needs.mode === 'skip' || needs.quarantined > 0)) {
    notes.push(
      "testEnvironment is not '@assay/jest-plugin/environment': quarantine skip mode and in-code markers do not apply",
    );
  }
  const withSetup = configs.some((c) => (c.setupFilesAfterEnv ?? []).some((f) => SETUP_PATH.test(f)));
  if (needs.retry > 0 && !withSetup) {
    notes.push(
      `retry: ${needs.retry} needs '@assay/jest-plugin/setup' in setupFilesAfterEnv; tests were not retried`,
    );
  } else if (withEnvironment && !withSetup) {
    notes.push(
      "code versions need '@assay/jest-plugin/setup' in setupFilesAfterEnv (it lists the modules each test file loads); " +
        'until then flaky verdicts compare commits of a clean work tree only',
    );
  }
  return notes;
}
