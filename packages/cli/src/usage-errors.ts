import { type Command, CommanderError } from 'commander';

/** Exit code for bad usage (unknown command or option, bad option value), as every `--help` says. */
export const USAGE_EXIT_CODE = 2;

/**
 * Parses `argv` and runs the command. Commander exits with 1 on its own usage errors; `--help`
 * promises 2, so every command throws them instead (`exitOverride`, set on each command because
 * commander copies the setting only to commands created after it) and they become exit code 2.
 * Help and version output keep exit code 0.
 */
export async function runCli(program: Command, argv: readonly string[]): Promise<void> {
  throwUsageErrors(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    process.exitCode = error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
  }
}

function throwUsageErrors(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) throwUsageErrors(sub);
}
