import fs from 'node:fs';
import path from 'node:path';
import { RunStore } from '@assay/history';
import { Argument, type Command } from 'commander';
import { CI_MARKER, githubWorkflow } from '../ci/github.js';
import { gitlabPipeline } from '../ci/gitlab.js';
import { type CiSettings, projectFacts } from '../ci/settings.js';
import { suggestShards, TARGET_SHARD_MS } from '../ci/shard-count.js';
import { GatesConfigError, loadGates } from '../gates/config.js';
import { detectPackageManager } from '../preflight/package-manager.js';
import { USAGE_EXIT_CODE } from '../usage-errors.js';
import { wholeNumber } from './flaky.js';

interface CiFlags {
  gitlab?: boolean;
  shards?: number;
  node: string;
  branch: string;
  out?: string;
  stdout?: boolean;
  force?: boolean;
  root: string;
}

const DEFAULT_OUT = { github: '.github/workflows/assay.yml', gitlab: '.gitlab-ci.yml' } as const;

/** `assay ci github|gitlab`: write a CI workflow with sharding, a surviving history and the gates. */
export function registerCi(program: Command): void {
  program
    .command('ci')
    .description(
      'Write a CI workflow: tests in shards balanced by recorded durations, a test history that survives from run to run, the flaky report and the quality gates.',
    )
    .addArgument(new Argument('[provider]', 'CI system').choices(['github', 'gitlab']).default('github'))
    .option('--gitlab', 'the same as `assay ci gitlab`')
    .option(
      '--shards <n>',
      'parallel test jobs (default: from the durations in .assay/runs/, 5 min of test time each)',
      wholeNumber,
    )
    .option('--node <version>', 'Node.js version of the jobs', '20')
    .option('--branch <name>', 'branch whose pushes run the tests (pull/merge requests always do)', 'main')
    .option('--out <file>', 'file to write (default: .github/workflows/assay.yml, or .gitlab-ci.yml)')
    .option('--stdout', 'print the file instead of writing it')
    .option('--force', 'overwrite a file that `assay ci` did not write')
    .option('--root <dir>', 'project root', process.cwd())
    .addHelpText(
      'after',
      '\nExit code: 0 when the file was written (or printed), 1 when a file of yours is in the way (use --out or --force), 2 on bad usage.',
    )
    .action(async (provider: 'github' | 'gitlab', flags: CiFlags) => {
      process.exitCode = await runCi(flags.gitlab ? 'gitlab' : provider, flags);
    });
}

async function runCi(provider: 'github' | 'gitlab', flags: CiFlags): Promise<number> {
  const root = path.resolve(flags.root);
  let coverageGate: boolean;
  try {
    coverageGate = (await loadGates(root)).gates.coverage !== undefined;
  } catch (error) {
    if (!(error instanceof GatesConfigError)) throw error;
    process.stderr.write(`assay ci: ${error.message}\n`);
    return USAGE_EXIT_CODE;
  }
  const { runs } = await RunStore.forRoot(root).read();
  const suggested = suggestShards(runs.map((r) => r.record));
  // Core (TypeScript's compiler) only for the framework rule `assay generate` uses too.
  const { detectFramework } = await import('@assay/core');
  const settings: CiSettings = {
    framework: detectFramework(root),
    packageManager: detectPackageManager(root),
    shards: flags.shards ?? suggested.count,
    node: flags.node,
    branch: flags.branch,
    coverageGate,
    ...projectFacts(root),
  };
  const text = provider === 'github' ? githubWorkflow(settings) : gitlabPipeline(settings);
  if (flags.stdout) {
    process.stdout.write(text);
    return 0;
  }
  const out = path.resolve(root, flags.out ?? DEFAULT_OUT[provider]);
  const shown = path.relative(process.cwd(), out) || out;
  if (fs.existsSync(out) && !flags.force && !fs.readFileSync(out, 'utf8').startsWith(CI_MARKER)) {
    process.stderr.write(
      `assay ci: ${shown} exists and was not written by \`assay ci\`: left as it is. ` +
        'Pass --out <file> to write elsewhere, --stdout to see it, or --force to replace it.\n',
    );
    return 1;
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  const why =
    flags.shards !== undefined
      ? 'as asked'
      : suggested.files
        ? `${(suggested.totalMs / 60_000).toFixed(1)} min of recorded test-file time over ${suggested.files} files, ~${TARGET_SHARD_MS / 60_000} min per shard`
        : 'no durations recorded yet: run the tests a few times with the assay plugin, then run `assay ci` again';
  process.stdout.write(
    `Wrote ${shown}: ${settings.framework} with ${settings.packageManager}, ${settings.shards} shard${settings.shards === 1 ? '' : 's'} (${why}).\n` +
      `The history travels in the CI cache; set junit: 'reports/junit.xml' in the assay plugin's options for JUnit reports.\n` +
      (coverageGate && settings.shards > 1
        ? 'Note: the coverage gate is skipped in sharded runs (no whole-suite coverage summary).\n'
        : ''),
  );
  return 0;
}
