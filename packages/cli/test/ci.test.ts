import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { RUN_FORMAT, type RunRecord } from '@assay/history';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { githubWorkflow } from '../src/ci/github.js';
import { gitlabPipeline } from '../src/ci/gitlab.js';
import type { CiSettings } from '../src/ci/settings.js';
import { suggestShards } from '../src/ci/shard-count.js';
import { DOCS_SETTINGS } from './ci-settings.js';

/** GitHub's shard expressions as the workflow writes them. */
const SHARD = ['$', '{{ matrix.shard }}/', '$', '{{ strategy.job-total }}'].join('');

import { assay, tempProject } from './history-fixtures.js';

const VARIANTS: CiSettings[] = [
  DOCS_SETTINGS,
  { ...DOCS_SETTINGS, framework: 'jest', packageManager: 'pnpm', shards: 1, coverageGate: true },
  { ...DOCS_SETTINGS, packageManager: 'pnpm', pnpmPinned: true, shards: 4, coverageGate: true },
  { ...DOCS_SETTINGS, packageManager: 'yarn', yarnBerry: true, node: '22', branch: 'trunk' },
  { ...DOCS_SETTINGS, packageManager: 'bun', shards: 3 },
];

describe('assay ci github', () => {
  test.each(VARIANTS)(
    'the workflow ($framework, $packageManager, $shards shards) validates against the GitHub Actions schema',
    (settings) => {
      expect(validateWorkflow(githubWorkflow(settings)).errors).toEqual([]);
    },
  );

  test('the validator catches a broken workflow (the check above can fail)', () => {
    const broken = githubWorkflow(DOCS_SETTINGS).replace('runs-on:', 'runs_on:');
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  test('shards run the runner with --shard; one shard with a coverage gate collects coverage for it', () => {
    const sharded = parse(githubWorkflow({ ...DOCS_SETTINGS, shards: 3, coverageGate: true }));
    expect(sharded.jobs.test.strategy.matrix.shard).toEqual([1, 2, 3]);
    const steps = (job: { steps: { run?: string }[] }) => job.steps.map((s) => s.run).filter(Boolean);
    expect(steps(sharded.jobs.test)).toContain(`npx vitest run --shard=${SHARD}`);
    // Shards have no whole-suite coverage: that gate is left out.
    expect(steps(sharded.jobs.history)).toContain('npx assay gate --skip coverage');
    const single = parse(
      githubWorkflow({
        ...DOCS_SETTINGS,
        framework: 'jest',
        packageManager: 'pnpm',
        shards: 1,
        coverageGate: true,
      }),
    );
    expect(single.jobs.test.strategy).toBeUndefined();
    expect(steps(single.jobs.test)).toContain(
      'pnpm exec jest --coverage --coverageReporters=text --coverageReporters=json-summary',
    );
    expect(steps(single.jobs.history)).toContain('pnpm exec assay gate');
  });
});

test('assay ci gitlab: parallel shards pull the cache, the history job pulls and pushes it and reads JUnit', () => {
  const pipeline = parse(gitlabPipeline({ ...DOCS_SETTINGS, shards: 3 }));
  expect(pipeline.test).toMatchObject({
    parallel: 3,
    cache: { key: 'assay-history', policy: 'pull' },
    script: ['npm ci', 'npx vitest run --shard=$CI_NODE_INDEX/$CI_NODE_TOTAL'],
    artifacts: { when: 'always', reports: { junit: 'reports/junit.xml' } },
  });
  expect(pipeline['assay-history']).toMatchObject({
    when: 'always',
    cache: { key: 'assay-history', policy: 'pull-push' },
    script: [
      'npm ci',
      'npx assay history merge shard-runs/*',
      'npx assay history compact --keep 50',
      'npx assay flaky',
      'npx assay gate',
    ],
  });
});

describe('suggestShards', () => {
  const record = (files: Record<string, number>): RunRecord => ({
    format: RUN_FORMAT,
    runId: 'r1',
    startedAt: '2026-12-01T00:00:00Z',
    finishedAt: '2026-12-01T00:10:00Z',
    runner: { name: 'vitest', version: '4.1.12' },
    files: Object.fromEntries(Object.entries(files).map(([f, ms]) => [f, { durationMs: ms, testsMs: ms }])),
    workers: [],
    tests: [],
  });

  test('one shard per 5 minutes of recorded test-file time, at most 8 and at most one per file', () => {
    expect(suggestShards([record({ 'a.test.ts': 4 * 60_000, 'b.test.ts': 7 * 60_000 })])).toEqual({
      count: 2,
      totalMs: 11 * 60_000,
      files: 2,
    });
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`t${i}.test.ts`, 2 * 60_000]));
    expect(suggestShards([record(many)]).count).toBe(8);
    expect(suggestShards([record({ 'a.test.ts': 60 * 60_000 })]).count).toBe(1);
    expect(suggestShards([])).toEqual({ count: 1, totalMs: 0, files: 0 });
  });
});

test('assay ci writes the workflow, leaves a file of the user’s alone, and --gitlab writes .gitlab-ci.yml', () => {
  const root = tempProject();
  writeFileSync(join(root, 'package.json'), '{ "devDependencies": { "jest": "30.0.0" } }\n');
  writeFileSync(join(root, 'pnpm-lock.yaml'), '');
  const first = assay(['ci', 'github', '--shards', '2'], root);
  expect(first.code).toBe(0);
  expect(first.stdout).toContain('Wrote .github/workflows/assay.yml: jest with pnpm, 2 shards (as asked).');
  const written = readFileSync(join(root, '.github/workflows/assay.yml'), 'utf8');
  expect(validateWorkflow(written).errors).toEqual([]);
  expect(written).toContain(`pnpm exec jest --shard=${SHARD}`);

  writeFileSync(join(root, '.gitlab-ci.yml'), 'test:\n  script: [make]\n');
  const refused = assay(['ci', '--gitlab'], root);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('.gitlab-ci.yml exists and was not written by `assay ci`');
  expect(readFileSync(join(root, '.gitlab-ci.yml'), 'utf8')).toBe('test:\n  script: [make]\n');
});

test('docs/ci.md shows the workflow the simulated CI runs run', () => {
  const docs = readFileSync(new URL('../../../docs/ci.md', import.meta.url), 'utf8');
  expect(docs).toContain(`\`\`\`yaml\n${githubWorkflow(DOCS_SETTINGS)}\`\`\``);
});
