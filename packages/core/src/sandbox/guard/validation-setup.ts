/**
 * Setup file that assay adds to its own validation runs only (never to the user's config): installs
 * the sandbox's guard in the runner's worker before the generated test loads the code under test, so
 * a test that would touch the machine is refused there. A refusal the code swallows is still reported:
 * the runner child reads the guard's console lines and fails the test (or the file) they came from.
 */
import { GUARD_WRITABLE_ENV, installValidationGuard } from './validation-guard.js';

installValidationGuard(JSON.parse(process.env[GUARD_WRITABLE_ENV] ?? '[]') as string[]);
