import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { AssayHistoryError, gitState, RunStore, readQuarantine } from '@assay/history';
import type { Command } from 'commander';
import { GatesConfigError, loadGates } from '../gates/config.js';
import { coverageGate, type GateResult, newFlakyGate, quarantineAgeGate } from '../gates/evaluate.js';
import { USAGE_EXIT_CODE } from '../usage-errors.js';

interface GateFlags {
  root: string;
  json?: boolean;
  coverage: string;
  commit?: string;
  skip?: string[];
}

/** Default place of istanbul's `json-summary` report, for Vitest and Jest alike. */
export const DEFAULT_COVERAGE_SUMMARY = 'coverage/coverage-summary.json';

const GATE_NAMES = ['newFlaky', 'quarantineMaxAgeDays', 'coverage'];

/** `assay gate`: enforce the quality gates of `assay.config.*` (`gates`). */
export function registerGate(program: Command): void {
  program
    .command('gate')
    .description(
      'Enforce the quality gates set in assay.config.* (gates: newFlaky, quarantineMaxAgeDays, coverage).',
    )
    .option('--root <dir>', 'project root holding .assay/ and assay.config.*', process.cwd())
    .option(
      '--coverage <file>',
      'istanbul coverage summary (json-summary reporter)',
      DEFAULT_COVERAGE_SUMMARY,
    )
    .option(
      '--commit <sha>',
      'commit whose runs are "this run" for newFlaky (default: $GITHUB_SHA, $CI_COMMIT_SHA, else git HEAD)',
    )
    .option('--skip <gates...>', 'gates not to check this time (newFlaky, quarantineMaxAgeDays, coverage)')
    .option('--json', 'print the gates as JSON on stdout, and nothing else')
    .addHelpText(
      'after',
      '\nExit code: 0 when every gate passed or only warned, 1 when a gate failed, 2 on bad usage or a gates' +
        ' config that cannot be used.',
    )
    .action(async (flags: GateFlags) => {
      process.exitCode = await runGate(flags);
    });
}

async function runGate(flags: GateFlags): Promise<number> {
  const root = resolve(flags.root);
  let results: GateResult[];
  try {
    const { gates } = await loadGates(root);
    const history = await RunStore.forRoot(root).read();
    for (const p of [...history.problems.map((e) => e.message), ...history.warnings]) {
      process.stderr.write(`warning: ${p}\n`);
    }
    const quarantine = await readQuarantine(root);
    const commit =
      flags.commit ?? process.env.GITHUB_SHA ?? process.env.CI_COMMIT_SHA ?? gitState(root).commit;
    const coverageFile = isAbsolute(flags.coverage) ? flags.coverage : resolve(root, flags.coverage);
    const skipped = new Set(flags.skip ?? []);
    const unknown = [...skipped].filter((g) => !GATE_NAMES.includes(g));
    if (unknown.length) {
      process.stderr.write(`assay gate: --skip ${unknown[0]}: not a gate; use ${GATE_NAMES.join(', ')}.\n`);
      return USAGE_EXIT_CODE;
    }
    results = [
      newFlakyGate(history.runs, new Set(quarantine.tests.map((t) => t.id)), gates.newFlaky, commit),
      quarantineAgeGate(quarantine.tests, gates.quarantineMaxAgeDays, new Date()),
      coverageGate(
        gates.coverage,
        existsSync(coverageFile)
          ? { file: flags.coverage, content: readJson(coverageFile) }
          : { file: flags.coverage, missing: true },
      ),
    ].map((r) =>
      skipped.has(r.gate)
        ? { gate: r.gate, status: 'skip' as const, message: `${r.gate}: skipped (--skip)`, details: [] }
        : r,
    );
  } catch (error) {
    if (error instanceof GatesConfigError || error instanceof AssayHistoryError) {
      process.stderr.write(`assay gate: ${error.message}\n`);
      return USAGE_EXIT_CODE;
    }
    throw error;
  }
  const failed = results.filter((r) => r.status === 'fail');
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ passed: failed.length === 0, gates: results }, null, 2)}\n`);
  } else {
    const mark = { pass: 'pass', fail: 'FAIL', warn: 'warn', skip: 'skip' } as const;
    for (const r of results) {
      process.stdout.write(`${mark[r.status].padEnd(4)}  ${r.message}\n`);
      for (const d of r.details.slice(0, 20)) process.stdout.write(`        ${d}\n`);
      if (r.details.length > 20)
        process.stdout.write(`        … and ${r.details.length - 20} more (--json lists all)\n`);
    }
    process.stdout.write(
      failed.length
        ? `\nassay gate: ${failed.length} gate${failed.length === 1 ? '' : 's'} failed: ${failed.map((r) => r.gate).join(', ')}.\n`
        : '\nassay gate: every gate passed.\n',
    );
  }
  return failed.length ? 1 : 0;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // coverageGate says the file has no totals.
  }
}
