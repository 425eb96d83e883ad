import { join } from 'node:path';
import { AssayHistoryError, displayPath, mergeHistories, RunStore, runsDir } from '@assay/history';
import type { Command } from 'commander';
import { GitBranchError, HISTORY_BRANCH, pullHistory, pushHistory } from '../history/git-branch.js';
import { plural } from '../output/plural.js';
import { wholeNumber } from './flaky.js';

/** `assay history merge <dir...>` (and `compact`): gathers and trims run files. */
export function registerHistory(program: Command): void {
  const history = program.command('history').description('Manage the run history in .assay/runs/.');

  history
    .command('merge')
    .description('Gather run files from other machines or CI shards into this project’s history.')
    .argument('<dir...>', 'folders holding run files: project roots, .assay folders or folders of run files')
    .option('--root <dir>', 'project root holding .assay/', process.cwd())
    .option('--into <dir>', 'folder to merge into (default: <root>/.assay/runs)')
    .addHelpText(
      'after',
      '\nExit code: 0 when every valid file was merged, 1 when some file was invalid or on an error.',
    )
    .action(async (dirs: string[], flags: { root: string; into?: string }) => {
      process.exitCode = await guard('merge', async () => {
        const into = flags.into ?? runsDir(flags.root);
        const result = await mergeHistories(dirs, into);
        process.stdout.write(
          `Merged ${result.copied.length} run file${result.copied.length === 1 ? '' : 's'} into ${displayPath(into)}` +
            (result.duplicates.length ? ` (${result.duplicates.length} already there)` : '') +
            '.\n',
        );
        for (const file of result.renamed) {
          process.stdout.write(
            `  ${displayPath(file)} had the name of another run: copied under a new name\n`,
          );
        }
        for (const problem of result.problems) process.stderr.write(`error: ${problem.message}\n`);
        return result.problems.length ? 1 : 0;
      });
    });

  history
    .command('compact')
    .description('Keep only the last N results of each test.')
    .option('--keep <n>', 'results kept per test', wholeNumber, 50)
    .option('--root <dir>', 'project root holding .assay/', process.cwd())
    .action(async (flags: { keep: number; root: string }) => {
      process.exitCode = await guard('compact', async () => {
        const result = await new RunStore(join(flags.root, '.assay', 'runs')).compact({ keep: flags.keep });
        process.stdout.write(
          `Removed ${plural(result.removedResults, 'old result')} (${plural(result.removedFiles, 'file')} deleted, ${result.rewrittenFiles} rewritten).\n`,
        );
        return 0;
      });
    });
  history
    .command('pull')
    .description('Add the run files kept on a branch of your git remote to .assay/runs/ (see push).')
    .option('--branch <name>', 'branch holding the history', HISTORY_BRANCH)
    .option('--remote <name>', 'git remote', 'origin')
    .option('--root <dir>', 'project root holding .assay/', process.cwd())
    .addHelpText('after', '\nExit code: 0 when pulled (or the branch does not exist yet), 1 on a git error.')
    .action(async (flags: { branch: string; remote: string; root: string }) => {
      process.exitCode = await guard('pull', async () => {
        const result = await pullHistory(flags);
        process.stdout.write(
          result.commit
            ? `Pulled ${plural(result.copied, 'run file')} from ${flags.remote}/${flags.branch} into ${displayPath(runsDir(flags.root))}.\n`
            : `${flags.remote} has no branch ${flags.branch} yet: nothing to pull (\`assay history push\` creates it).\n`,
        );
        return 0;
      });
    });

  history
    .command('push')
    .description(
      'Keep the run history on a branch of your git remote: its run files plus .assay/runs/, compacted, as one new commit (your work tree and branch are not touched).',
    )
    .option('--branch <name>', 'branch holding the history', HISTORY_BRANCH)
    .option('--remote <name>', 'git remote', 'origin')
    .option('--keep <n>', 'results kept per test', wholeNumber, 50)
    .option('--root <dir>', 'project root holding .assay/', process.cwd())
    .addHelpText('after', '\nExit code: 0 when pushed, 1 on a git error (e.g. no permission to push).')
    .action(async (flags: { branch: string; remote: string; keep: number; root: string }) => {
      process.exitCode = await guard('push', async () => {
        const result = await pushHistory(flags);
        process.stdout.write(
          `Pushed ${plural(result.files, 'run file')} to ${flags.remote}/${flags.branch} (${result.commit.slice(0, 12)}).\n`,
        );
        return 0;
      });
    });
}

async function guard(verb: string, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AssayHistoryError || error instanceof GitBranchError) {
      process.stderr.write(`assay history ${verb}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
