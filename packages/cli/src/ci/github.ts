// `assay ci github`: a GitHub Actions workflow whose history survives from run to run.
import { stringify } from 'yaml';
import {
  type CiSettings,
  COVERAGE_SUMMARY,
  ciCommands,
  collectsCoverage,
  KEEP,
  REPORTS_PATH,
  RUNS_PATH,
} from './settings.js';

/** First line of every file `assay ci` writes: a file without it is never overwritten. */
export const CI_MARKER = '# Written by `assay ci`';

/** Cache key prefix: each run saves under a unique key and restores the newest with this prefix. */
export const GITHUB_CACHE_PREFIX = 'assay-history-';

type Step = Record<string, unknown>;

/** A GitHub Actions expression, `${'$'}{{ … }}`, written so no linter mistakes it for a template slot. */
function gh(expression: string): string {
  return `${'$'}{{ ${expression} }}`;
}

function setupSteps(s: CiSettings): Step[] {
  const steps: Step[] = [{ uses: 'actions/checkout@v4' }];
  if (s.packageManager === 'pnpm') {
    // pnpm/action-setup reads the version from package.json's packageManager; without it, pnpm 10.
    steps.push({ uses: 'pnpm/action-setup@v4', ...(s.pnpmPinned ? {} : { with: { version: 10 } }) });
  }
  if (s.packageManager === 'bun') steps.push({ uses: 'oven-sh/setup-bun@v2' });
  const cache = s.packageManager === 'bun' ? {} : { cache: s.packageManager };
  steps.push({ uses: 'actions/setup-node@v4', with: { 'node-version': s.node, ...cache } });
  steps.push({ run: ciCommands(s, '', '').install });
  return steps;
}

const restoreHistory: Step = {
  name: 'Restore the test history',
  uses: 'actions/cache/restore@v4',
  with: {
    path: RUNS_PATH,
    // No run saves under this key (it has this run's id): the newest cache with the prefix is restored.
    key: `${GITHUB_CACHE_PREFIX}${gh('github.run_id')}-${gh('github.run_attempt')}`,
    'restore-keys': GITHUB_CACHE_PREFIX,
  },
};

/**
 * The workflow: a test job per shard (each restores the history, so shards are planned from recorded
 * durations and quarantine and verdicts see earlier runs, then uploads its run files and reports),
 * and a `history` job that merges the shards' runs into the restored history, compacts it, writes
 * `assay flaky` to the job summary, saves it under a key unique to this run, then runs `assay gate`.
 */
export function githubWorkflow(s: CiSettings): string {
  const cmd = ciCommands(s, gh('matrix.shard'), gh('strategy.job-total'));
  const sharded = s.shards > 1;
  const testSteps: Step[] = [
    ...setupSteps(s),
    restoreHistory,
    {
      name: sharded ? 'Run the tests (one shard)' : 'Run the tests',
      run: cmd.test,
      env: { ASSAY_MACHINE: sharded ? `github-shard-${gh('matrix.shard')}` : 'github' },
    },
    {
      name: 'Keep this job’s run files for the history job',
      if: gh('!cancelled()'),
      uses: 'actions/upload-artifact@v4',
      with: {
        name: sharded ? `assay-runs-${gh('matrix.shard')}` : 'assay-runs-1',
        path: `${RUNS_PATH}/`,
        'include-hidden-files': true,
        'retention-days': 3,
      },
    },
    {
      name: 'Upload the reports (JUnit, HTML) if the tests wrote any',
      if: gh('!cancelled()'),
      uses: 'actions/upload-artifact@v4',
      with: {
        name: sharded ? `test-reports-${gh('matrix.shard')}` : 'test-reports',
        path: `${REPORTS_PATH}/`,
        'if-no-files-found': 'ignore',
      },
    },
  ];
  if (collectsCoverage(s)) {
    testSteps.push({
      name: 'Keep the coverage summary for the gates',
      if: gh('!cancelled()'),
      uses: 'actions/upload-artifact@v4',
      with: { name: 'coverage-summary', path: COVERAGE_SUMMARY, 'if-no-files-found': 'ignore' },
    });
  }
  const historySteps: Step[] = [
    ...setupSteps(s),
    restoreHistory,
    {
      name: 'Fetch the test jobs’ run files',
      uses: 'actions/download-artifact@v4',
      with: { pattern: 'assay-runs-*', path: 'shard-runs' },
    },
    ...(collectsCoverage(s)
      ? [{ uses: 'actions/download-artifact@v4', with: { name: 'coverage-summary', path: 'coverage' } }]
      : []),
    { name: 'Merge them into the history', run: `${cmd.merge}\n${cmd.compact}\n` },
    {
      name: 'Flaky tests on the job summary',
      run: `{\n  echo '## assay flaky'\n  echo '\`\`\`'\n  ${cmd.flaky}\n  echo '\`\`\`'\n} >> "$GITHUB_STEP_SUMMARY"\n`,
    },
    {
      name: 'Save the history for the next run',
      uses: 'actions/cache/save@v4',
      with: {
        path: RUNS_PATH,
        key: `${GITHUB_CACHE_PREFIX}${gh('github.run_id')}-${gh('github.run_attempt')}`,
      },
    },
    { name: 'Quality gates (gates in assay.config.*)', run: cmd.gate },
  ];
  const workflow = {
    name: 'tests',
    on: { push: { branches: [s.branch] }, pull_request: {} },
    permissions: { contents: 'read' },
    jobs: {
      test: {
        'runs-on': 'ubuntu-latest',
        ...(sharded ? { strategy: { 'fail-fast': false, matrix: { shard: range(s.shards) } } } : {}),
        steps: testSteps,
      },
      history: {
        needs: 'test',
        // After failing tests too: their runs are what tells flaky from broken.
        if: gh('!cancelled()'),
        'runs-on': 'ubuntu-latest',
        steps: historySteps,
      },
    },
  };
  return `${header(s, 'assay ci github')}${stringify(workflow, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/** The comment block opening a written CI file: marker, settings, how to change them. */
export function header(s: CiSettings, command: string): string {
  return (
    `${CI_MARKER}: ${s.framework}, ${s.packageManager}, ${s.shards} shard${s.shards === 1 ? '' : 's'}.\n` +
    `# Re-run \`${command}\` to update it (\`--shards <n>\` to choose the count); it keeps ${KEEP} results per test.\n` +
    '# How the history survives from run to run, and the gates: docs/ci.md of assay.\n'
  );
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}
