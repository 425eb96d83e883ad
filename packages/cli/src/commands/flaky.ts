import {
  AssayHistoryError,
  computeVerdicts,
  formatEvidence,
  formatVerdictTable,
  RunStore,
  readQuarantine,
  recordedThresholds,
  type VerdictThresholds,
} from '@assay/history';
import { type Command, InvalidArgumentError } from 'commander';

interface FlakyFlags {
  root: string;
  json?: boolean;
  all?: boolean;
  window?: number;
  minResults?: number;
  failureRate?: number;
  brokenAfter?: number;
  brokenSignificance?: number;
}

/** `assay flaky [--json]`: the verdict on every recorded test, from `.assay/runs/`. */
export function registerFlaky(program: Command): Command {
  return program
    .command('flaky')
    .enablePositionalOptions()
    .description('Tell flaky tests from broken ones, from the runs recorded in .assay/runs/.')
    .option('--json', 'print every verdict as JSON on stdout, and nothing else')
    .option('--all', 'list stable tests too')
    .option('--root <dir>', 'project root holding .assay/', process.cwd())
    .option('--window <n>', 'latest results looked at per test (default 10)', wholeNumber)
    .option(
      '--min-results <n>',
      'fewest results before the failure-rate rule applies (default 3)',
      wholeNumber,
    )
    .option(
      '--failure-rate <rate>',
      'failure rate from which a test with both outcomes is flaky (default 0.3)',
      rate,
    )
    .option(
      '--broken-after <n>',
      'consecutive latest failures that make a test broken (default 3)',
      wholeNumber,
    )
    .option(
      '--broken-significance <p>',
      'how unlikely at its earlier rate the failures of a flaky test since its code changed must be to call it broken (default 0.05)',
      probability,
    )
    .addHelpText('after', '\nExit code: 0 when the report was made (whatever it says), 1 on an error.')
    .action(async (flags: FlakyFlags) => {
      process.exitCode = await runFlaky(flags);
    });
}

async function runFlaky(flags: FlakyFlags): Promise<number> {
  // `assay flaky | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  try {
    const history = await RunStore.forRoot(flags.root).read();
    // Judge as the plugin did (thresholds recorded with the runs); flags override.
    const thresholds: Partial<VerdictThresholds> = { ...recordedThresholds(history.runs) };
    if (flags.window !== undefined) thresholds.window = flags.window;
    if (flags.minResults !== undefined) thresholds.minResults = flags.minResults;
    if (flags.failureRate !== undefined) thresholds.failureRate = flags.failureRate;
    if (flags.brokenAfter !== undefined) thresholds.brokenAfter = flags.brokenAfter;
    if (flags.brokenSignificance !== undefined) thresholds.brokenSignificance = flags.brokenSignificance;
    const verdicts = computeVerdicts(history.runs, thresholds);
    const quarantine = await readQuarantine(flags.root);
    const quarantined = new Set(quarantine.tests.map((t) => t.id));
    const counts = { flaky: 0, broken: 0, stable: 0 };
    for (const v of verdicts) counts[v.verdict]++;
    for (const message of [...history.problems.map((p) => p.message), ...history.warnings]) {
      process.stderr.write(`warning: ${message}\n`);
    }
    if (flags.json) {
      const tests = verdicts.map((v) => ({ ...v, quarantined: quarantined.has(v.id) }));
      const report = {
        runs: history.runs.length,
        counts,
        tests,
        problems: history.problems.map((p) => p.message),
      };
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return 0;
    }
    const shown = flags.all ? verdicts : verdicts.filter((v) => v.verdict !== 'stable');
    if (history.runs.length === 0) {
      process.stdout.write(formatVerdictTable([]));
      return 0;
    }
    if (shown.length) process.stdout.write(formatVerdictTable(shown, quarantined));
    const evidence = formatEvidence(shown);
    if (evidence) {
      process.stdout.write(`\nSame code, different outcomes (the two runs that disagreed):\n${evidence}`);
    }
    process.stdout.write(
      `\n${verdicts.length} tests over ${history.runs.length} recorded runs: ` +
        `${counts.flaky} flaky, ${counts.broken} broken, ${counts.stable} stable. ` +
        `${quarantined.size} quarantined${quarantined.size ? ' (q)' : ''}.\n`,
    );
    if (counts.flaky)
      process.stdout.write('Quarantine one with: assay quarantine add "<test id>" --reason "<why>"\n');
    return 0;
  } catch (error) {
    if (error instanceof AssayHistoryError) {
      process.stderr.write(`assay flaky: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return n;
}

function rate(value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1))
    throw new InvalidArgumentError('expected a rate between 0 and 1, e.g. 0.3 for 30 %.');
  return n;
}

function probability(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1))
    throw new InvalidArgumentError('expected a probability between 0 and 1, e.g. 0.05 for 5 %.');
  return n;
}
