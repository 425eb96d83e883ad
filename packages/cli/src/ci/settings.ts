// What a CI file depends on in the user's project: runner, package manager, shard count, gates.
import fs from 'node:fs';
import path from 'node:path';
import type { PackageManager } from '../preflight/package-manager.js';

/** Everything `githubWorkflow` / `gitlabPipeline` need; {@link ciCommands} derives the shell lines. */
export interface CiSettings {
  framework: 'vitest' | 'jest';
  packageManager: PackageManager;
  /** Parallel test jobs (1: no sharding). */
  shards: number;
  /** Node.js major for the jobs. */
  node: string;
  /** Branch whose pushes run the workflow (pull requests always do). */
  branch: string;
  /** `gates.coverage` is set in assay.config.*: the tests collect coverage when they run unsharded. */
  coverageGate: boolean;
  /** pnpm: package.json names its version in `packageManager` (pnpm/action-setup reads it there). */
  pnpmPinned?: boolean;
  /** yarn: Berry (a .yarnrc.yml), whose lock flag is `--immutable`. */
  yarnBerry?: boolean;
}

/** Folder holding the run files `assay` keeps: what the CI cache carries from run to run. */
export const RUNS_PATH = '.assay/runs';
/** Folder the JUnit file and HTML reports go to (`junit: 'reports/junit.xml'`). */
export const REPORTS_PATH = 'reports';
/** Results kept per test in the cached history (`assay history compact --keep`). */
export const KEEP = 50;

/** Shell commands of the jobs, for the project's package manager and runner. */
export function ciCommands(s: CiSettings, shardIndex: string, shardTotal: string) {
  const exec = { npm: 'npx', pnpm: 'pnpm exec', yarn: 'yarn', bun: 'bunx' }[s.packageManager];
  const install = {
    npm: 'npm ci',
    pnpm: 'pnpm install --frozen-lockfile',
    yarn: s.yarnBerry ? 'yarn install --immutable' : 'yarn install --frozen-lockfile',
    bun: 'bun install --frozen-lockfile',
  }[s.packageManager];
  const shard = s.shards > 1 ? ` --shard=${shardIndex}/${shardTotal}` : '';
  const coverage = collectsCoverage(s)
    ? s.framework === 'vitest'
      ? ' --coverage.enabled --coverage.reporter=text --coverage.reporter=json-summary'
      : ' --coverage --coverageReporters=text --coverageReporters=json-summary'
    : '';
  const test =
    s.framework === 'vitest' ? `${exec} vitest run${shard}${coverage}` : `${exec} jest${shard}${coverage}`;
  return {
    install,
    test,
    merge: `${exec} assay history merge shard-runs/*`,
    compact: `${exec} assay history compact --keep ${KEEP}`,
    flaky: `${exec} assay flaky`,
    // Sharded runs have no whole-suite coverage summary to judge: the coverage gate is left out.
    gate:
      s.coverageGate && !collectsCoverage(s) ? `${exec} assay gate --skip coverage` : `${exec} assay gate`,
  };
}

/** Whether the test job collects coverage: the coverage gate is set and the suite runs in one job. */
export function collectsCoverage(s: CiSettings): boolean {
  return s.coverageGate && s.shards === 1;
}

/** Where the test job's coverage summary goes (istanbul's default for Vitest and Jest). */
export const COVERAGE_SUMMARY = 'coverage/coverage-summary.json';

/** Reads what {@link CiSettings} needs from package.json and the project's files. */
export function projectFacts(root: string): { pnpmPinned: boolean; yarnBerry: boolean } {
  let pkg: { packageManager?: unknown } = {};
  try {
    pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  } catch {
    // No package.json: the defaults below.
  }
  return {
    pnpmPinned: typeof pkg.packageManager === 'string' && pkg.packageManager.startsWith('pnpm@'),
    yarnBerry: fs.existsSync(path.join(root, '.yarnrc.yml')),
  };
}
