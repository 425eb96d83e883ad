import { Command } from 'commander';
import { registerGenerate } from './commands/generate.js';
import { VERSION } from './version.js';

/**
 * Builds the `assay` command line. Each verb lives in its own module under `commands/` and registers
 * itself here, so the list below is the table of contents of the CLI.
 */
export function createProgram(): Command {
  const program = new Command('assay')
    .description('Writes real unit tests for TypeScript code and keeps test suites trustworthy.')
    .version(VERSION)
    .showHelpAfterError('(run `assay --help` for usage)');

  registerGenerate(program);

  return program;
}
