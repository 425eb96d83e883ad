import { Command } from 'commander';
import { registerCi } from './commands/ci.js';
import { registerFlakyDiagnose } from './commands/diagnose.js';
import { registerFlaky } from './commands/flaky.js';
import { registerGate } from './commands/gate.js';
import { registerGenerate } from './commands/generate.js';
import { registerHistory } from './commands/history.js';
import { registerInit } from './commands/init.js';
import { registerQuarantine } from './commands/quarantine.js';
import { registerSpec } from './commands/spec.js';
import { VERSION } from './version.js';

/**
 * Builds the `assay` command line. Each verb lives in its own module under `commands/` and registers
 * itself here, so the list below is the table of contents of the CLI.
 */
export function createProgram(): Command {
  const program = new Command('assay')
    .description('Writes real unit tests for TypeScript code and keeps test suites trustworthy.')
    .version(VERSION)
    // Each command parses the options written after it (`flaky --json` vs `flaky diagnose <id> --json`).
    .enablePositionalOptions()
    .showHelpAfterError('(run `assay --help` for usage)');

  registerGenerate(program);
  registerFlakyDiagnose(registerFlaky(program));
  registerQuarantine(program);
  registerHistory(program);
  registerSpec(program);
  registerInit(program);
  registerCi(program);
  registerGate(program);

  return program;
}
