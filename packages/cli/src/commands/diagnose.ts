import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AssayHistoryError, parseTestId, RunStore } from '@assay/history';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { DiagnoseError, UnknownTestError } from '../diagnose/errors.js';
import { createExecutor, detectRunner, RUNNER_NAMES, type RunnerName } from '../diagnose/runner.js';
import { diagnoseOrder } from '../diagnose/search.js';
import { closestIds } from '../diagnose/suggest.js';
import type { DiagnoseReport } from '../diagnose/types.js';
import { plural } from '../output/plural.js';
import { wholeNumber } from './flaky.js';

interface DiagnoseFlags {
  root: string;
  runner?: RunnerName;
  runs: number;
  fileRuns: number;
  shuffles: number;
  seed?: number;
  confirm: number;
  timeout: number;
  json?: boolean;
}

/** `assay flaky diagnose <test-id>`: does this test depend on the order of the tests in its file? */
export function registerFlakyDiagnose(flaky: Command): void {
  flaky
    .command('diagnose')
    .description(
      'Rerun one test alone, in its file order and in shuffled orders, and say whether it depends on ' +
        'order, naming the test that pollutes it when one is found.',
    )
    .argument('<test-id>', 'the test, as `assay flaky` lists it: "<file>::<describe> > <test>"')
    .addOption(new Option('--runner <name>', 'the test runner (default: detected)').choices(RUNNER_NAMES))
    .option('--root <dir>', 'project root (test ids are relative to it)', process.cwd())
    .option('--runs <n>', 'runs of the test alone', wholeNumber, 5)
    .option('--file-runs <n>', 'runs of its file in the order written', wholeNumber, 2)
    .option('--shuffles <n>', 'runs of its file in shuffled orders', wholeNumber, 5)
    .option('--seed <n>', 'first shuffle seed (default: random, printed)', seedNumber)
    .option('--confirm <n>', 'pair runs that must agree before a test is named', wholeNumber, 2)
    .option('--timeout <seconds>', 'longest one runner invocation may take', wholeNumber, 120)
    .option('--json', 'print the diagnosis as JSON on stdout, and nothing else')
    .addHelpText(
      'after',
      "\nShuffles use the runner's own seeded shuffle (Vitest --sequence.shuffle, Jest --randomize, 29.2+)." +
        '\nOnly tests in the same file are considered as polluters.' +
        '\nExit code: 0 when a diagnosis was made (whatever it says), 1 on an error.',
    )
    .action(async (id: string, flags: DiagnoseFlags) => {
      process.exitCode = await runDiagnose(id, flags);
    });
}

async function runDiagnose(id: string, flags: DiagnoseFlags): Promise<number> {
  const started = Date.now();
  const seed = flags.seed ?? Math.floor(Math.random() * 100_000);
  try {
    const { file } = parseTestId(id);
    if (!existsSync(join(flags.root, file))) {
      return fail(
        `no file ${file} under ${flags.root} (from the test id "${id}").`,
        await hints(id, flags.root, []),
      );
    }
    const runner = detectRunner(flags.root, flags.runner);
    const progress = (step: string) => {
      if (!flags.json) process.stderr.write(`assay: ${step}\n`);
    };
    progress(`diagnosing with ${runner.name} ${runner.version}, seed ${seed}`);
    const execute = createExecutor(runner, { root: flags.root, timeoutMs: flags.timeout * 1000 });
    const report = await diagnoseOrder(id, file, execute, {
      runs: flags.runs,
      fileRuns: flags.fileRuns,
      shuffles: flags.shuffles,
      seed,
      confirm: flags.confirm,
      onStep: progress,
    });
    const durationMs = Date.now() - started;
    if (flags.json) {
      const json = { ...report, runner: { name: runner.name, version: runner.version }, seed, durationMs };
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      process.stdout.write(formatReport(report, `${runner.name} ${runner.version}`, seed, durationMs));
    }
    return 0;
  } catch (error) {
    if (error instanceof UnknownTestError)
      return fail(error.message, await hints(id, flags.root, error.known));
    if (error instanceof DiagnoseError || error instanceof AssayHistoryError) return fail(error.message, []);
    throw error;
  }
}

function fail(message: string, suggestions: string[]): number {
  let text = `assay flaky diagnose: ${message}\n`;
  if (suggestions.length) text += `Did you mean:\n${suggestions.map((s) => `  ${s}\n`).join('')}`;
  else text += 'Run `assay flaky --all` to list the test ids assay has recorded.\n';
  process.stderr.write(text);
  return 1;
}

/** Close ids among the tests the runner reported for the file and those the history holds. */
async function hints(id: string, root: string, known: string[]): Promise<string[]> {
  let recorded: string[] = [];
  try {
    const { runs } = await RunStore.forRoot(root).read();
    recorded = runs.flatMap((run) => run.record.tests.map((t) => t.id));
  } catch {
    // No readable history: suggest from the file alone.
  }
  return closestIds(id, [...known, ...recorded]);
}

function formatReport(report: DiagnoseReport, runner: string, seed: number, durationMs: number): string {
  const tally = (t: { runs: number; failed: number }) =>
    t.runs ? `failed ${t.failed}/${t.runs}` : 'not run';
  const lines = [
    report.message,
    `  alone: ${tally(report.alone)} · file order: ${tally(report.fileOrder)} · shuffled: ${tally(report.shuffled)}` +
      (report.shuffled.failingSeeds.length
        ? ` (failing seeds ${report.shuffled.failingSeeds.join(', ')})`
        : ''),
    `  ${runner} · ${plural(report.invocations, 'run')} · ${(durationMs / 1000).toFixed(1)} s · seed ${seed}`,
  ];
  if (report.culprit && report.kind === 'polluter') {
    lines.push(
      '  Make the polluter clean up what it changes (afterEach), or make the victim set up what it needs.',
    );
  }
  return `${lines.join('\n')}\n`;
}

function seedNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of at least 0.');
  return n;
}
