import { type Command, Option } from 'commander';
import { printSpecResult } from '../output/spec-summary.js';
import type { SpecFramework } from '../spec/render.js';
import { runSpec, SpecInputError, type SpecResult } from '../spec/run-spec.js';

interface SpecFlags {
  outDir?: string;
  framework?: SpecFramework;
  report?: boolean;
  json?: boolean;
  root: string;
}

/** `assay spec <requirements.md...> [--out-dir <dir>] [--report] [--json]`: tests and traceability from EARS requirements. */
export function registerSpec(program: Command): void {
  program
    .command('spec')
    .description(
      'Write a test skeleton per EARS requirements document; with --report, trace criteria to tests.',
    )
    .argument(
      '[documents...]',
      'requirements documents in Markdown, e.g. .kiro/specs/<feature>/requirements.md',
    )
    .option(
      '--out-dir <dir>',
      'folder for the test files (default: spec/ under the test folder, else test/spec/)',
    )
    .addOption(
      new Option('--framework <name>', 'framework of the test files (default: detected)').choices([
        'vitest',
        'jest',
      ]),
    )
    .option(
      '--report',
      'print the traceability table (criterion → tests → last outcome) instead of writing files',
    )
    .option('--json', 'print the result as JSON on stdout, and nothing else')
    .option('--root <dir>', 'project root holding the tests and .assay/', process.cwd())
    .addHelpText(
      'after',
      '\nA test links to a criterion when its name (or a describe name) carries the criterion tag, e.g. "auth#1.2".' +
        '\nExit code: 0 when done, 1 when a document has no statements or a file of yours is in the way, 2 on bad usage.',
    )
    .action(async (documents: string[], flags: SpecFlags) => {
      process.exitCode = await runSpecCommand(documents, flags);
    });
}

async function runSpecCommand(documents: string[], flags: SpecFlags): Promise<number> {
  let result: SpecResult;
  try {
    result = await runSpec({
      documents,
      root: flags.root,
      outDir: flags.outDir,
      framework: flags.framework,
      write: !flags.report,
      report: flags.report === true,
    });
  } catch (error) {
    if (error instanceof SpecInputError) {
      process.stderr.write(`assay spec: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else printSpecResult(result, process.stdout, process.stderr);
  const blocked = result.documents.some((d) => d.warning || d.output?.status === 'conflict');
  return blocked ? 1 : 0;
}
