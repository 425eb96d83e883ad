import path from 'node:path';
import { type Command, Option } from 'commander';
import { ignoreAssayFolders } from '../init/gitignore.js';
import { setUpJest } from '../init/jest-config.js';
import type { InitStep } from '../init/types.js';
import { setUpVitest } from '../init/vitest-config.js';
import { declaredDependencies, installedVersion } from '../preflight/installed.js';
import { detectPackageManager, installCommand } from '../preflight/package-manager.js';

type Runner = 'vitest' | 'jest';

interface InitFlags {
  root: string;
  runner?: Runner;
}

const MARK = { changed: '✓', unchanged: '=', refused: '✗' } as const;

/** `assay init`: adds the run plugin to the project's Vitest or Jest config and ignores assay's own folders. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'Set up a project: add the assay plugin to the Vitest config (or the reporter, environment and sequencer to the Jest config) and .assay/cache, .assay/runs to .gitignore.',
    )
    .addOption(
      new Option(
        '--runner <name>',
        'the test runner to set up (default: the one package.json depends on)',
      ).choices(['vitest', 'jest']),
    )
    .option('--root <dir>', 'project root (the folder with package.json)', process.cwd())
    .addHelpText(
      'after',
      '\nRunning it again changes nothing. Exit code: 0 when the project is set up, 1 when a config could not' +
        ' be edited safely (the lines to add by hand are printed), 2 on bad usage.',
    )
    .action((flags: InitFlags) => {
      process.exitCode = runInit(path.resolve(flags.root), flags.runner);
    });
}

function runInit(root: string, chosen: Runner | undefined): number {
  const runner = chosen ?? detectRunner(root);
  if (!runner) {
    const install = installCommand(detectPackageManager(root), ['vitest']);
    process.stderr.write(
      `assay init: ${path.join(root, 'package.json')} depends on neither vitest nor jest. ` +
        `Install one (e.g. \`${install}\`), or pass --runner vitest|jest.\n`,
    );
    return 1;
  }
  const steps = [runner === 'vitest' ? setUpVitest(root) : setUpJest(root), ignoreAssayFolders(root)];
  const out = process.stdout;
  out.write(`assay init: ${runner === 'vitest' ? 'Vitest' : 'Jest'} project in ${root}\n`);
  for (const step of steps) out.write(describeStep(step));
  if (steps.every((step) => step.status === 'unchanged')) {
    out.write('Nothing to change: the project is already set up.\n');
    return 0;
  }
  const plugin = runner === 'vitest' ? '@assay/vitest-plugin' : '@assay/jest-plugin';
  if (!installedVersion(root, plugin))
    out.write(
      `\nInstall the plugin and the command line: ${installCommand(detectPackageManager(root), [plugin, 'assay'])}\n`,
    );
  if (steps.some((step) => step.status === 'refused')) return 1;
  out.write(
    `\nRun your tests as usual: each run is recorded in .assay/runs/, and \`assay flaky\` tells flaky tests from broken ones.\n`,
  );
  return 0;
}

function describeStep(step: InitStep): string {
  const lines = step.notes.map((note, i) =>
    i === 0 ? `${MARK[step.status]} ${step.file}: ${note}` : `    ${note}`,
  );
  if (step.byHand) lines.push('  Add these lines by hand:', ...step.byHand.map((line) => `    ${line}`));
  return `${lines.join('\n')}\n`;
}

/** Vitest or Jest, from package.json's dependencies (Vitest when both), else from what is installed. */
function detectRunner(root: string): Runner | undefined {
  const deps = declaredDependencies(root);
  if (deps.has('vitest')) return 'vitest';
  if (deps.has('jest')) return 'jest';
  if (installedVersion(root, 'vitest')) return 'vitest';
  return installedVersion(root, 'jest') ? 'jest' : undefined;
}
