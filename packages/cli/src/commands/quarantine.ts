import {
  AssayHistoryError,
  addEntry,
  displayPath,
  type QuarantineEntry,
  quarantineFile,
  RunStore,
  readQuarantine,
  removeEntry,
  today,
  updateQuarantine,
} from '@assay/history';
import type { Command } from 'commander';
import { closestIds } from '../diagnose/suggest.js';

interface RootFlags {
  root: string;
}

/** `assay quarantine list|add <test-id> --reason <text>|remove <test-id>`: edits `.assay/quarantine.json`. */
export function registerQuarantine(program: Command): void {
  const quarantine = program
    .command('quarantine')
    .description('List, add or remove quarantined tests in .assay/quarantine.json (commit that file).');

  quarantine
    .command('list')
    .description('List quarantined tests.')
    .option('--json', 'print the list as JSON')
    .option('--root <dir>', 'project root holding .assay/', process.cwd())
    .action(async (flags: RootFlags & { json?: boolean }) => {
      process.exitCode = await guard('list', async () => {
        const { tests } = await readQuarantine(flags.root);
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(tests, null, 2)}\n`);
          return 0;
        }
        if (!tests.length) {
          process.stdout.write('No quarantined tests.\n');
          return 0;
        }
        for (const t of tests) process.stdout.write(`${describeEntry(t)}\n`);
        process.stdout.write(`\n${tests.length} quarantined test${tests.length === 1 ? '' : 's'}.\n`);
        return 0;
      });
    });

  quarantine
    .command('add')
    .description('Quarantine a test: it still runs (mode report) but its failure no longer fails the build.')
    .argument('<test-id>', 'the test id, e.g. "src/a.test.ts::suite > test" (see `assay flaky`)')
    .requiredOption('--reason <text>', 'why the test is quarantined (shown in reports)')
    .option('--owner <name>', 'who looks after the fix')
    .option('--issue <url>', 'link to the issue tracking the fix')
    .option('--force', 'add the id even if no recorded run has a test with it')
    .option('--root <dir>', 'project root holding .assay/', process.cwd())
    .addHelpText(
      'after',
      '\nExit code: 0 when the test was added; 1 when the id matches no recorded test (without --force),' +
        ' is already quarantined or the file cannot be read; 2 on bad usage.',
    )
    .action(
      async (
        id: string,
        flags: RootFlags & { reason: string; owner?: string; issue?: string; force?: boolean },
      ) => {
        process.exitCode = await guard('add', async () => {
          const { runs } = await RunStore.forRoot(flags.root).read();
          const recorded = new Set(runs.flatMap((r) => r.record.tests.map((t) => t.id)));
          // An id no run has is most often a typo, and quarantining it would silently do nothing.
          if (runs.length && !recorded.has(id) && !flags.force) {
            process.stderr.write(unknownIdMessage(id, recorded, runs.length));
            return 1;
          }
          const entry: QuarantineEntry = { id, reason: flags.reason, since: today() };
          if (flags.owner) entry.owner = flags.owner;
          if (flags.issue) entry.issue = flags.issue;
          await updateQuarantine(flags.root, (list) => addEntry(list, entry));
          process.stdout.write(
            `Quarantined ${id}\n  → ${displayPath(quarantineFile(flags.root))} (commit it)\n`,
          );
          if (!runs.length)
            process.stderr.write(
              'warning: no runs are recorded in .assay/runs/ yet, so the id could not be checked against them.\n',
            );
          return 0;
        });
      },
    );

  quarantine
    .command('remove')
    .description('Take a test out of quarantine.')
    .argument('<test-id>', 'the test id')
    .option('--root <dir>', 'project root holding .assay/', process.cwd())
    .action(async (id: string, flags: RootFlags) => {
      process.exitCode = await guard('remove', async () => {
        await updateQuarantine(flags.root, (list) => removeEntry(list, id));
        process.stdout.write(`Released ${id} from quarantine.\n`);
        return 0;
      });
    });
}

function unknownIdMessage(id: string, recorded: Set<string>, runs: number): string {
  const near = closestIds(id, recorded);
  const hint = near.length
    ? `Did you mean:\n${near.map((n) => `  ${n}`).join('\n')}\n`
    : 'List the recorded ids with `assay flaky --all`.\n';
  return (
    `assay quarantine add: no test with the id "${id}" in the ${runs === 1 ? 'recorded run' : `${runs} recorded runs`}. ` +
    `${hint}Pass --force to quarantine it anyway (a test that has not run yet).\n`
  );
}

function describeEntry(t: QuarantineEntry): string {
  const extra = [t.owner && `owner ${t.owner}`, t.issue, t.auto && 'added by policy']
    .filter(Boolean)
    .join(', ');
  return `${t.id}\n    since ${t.since.slice(0, 10)}: ${t.reason}${extra ? ` (${extra})` : ''}`;
}

async function guard(verb: string, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AssayHistoryError) {
      process.stderr.write(`assay quarantine ${verb}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
