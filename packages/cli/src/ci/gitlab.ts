// `assay ci gitlab` (also `assay ci --gitlab`): the same flow as the GitHub workflow, in GitLab CI terms.
import { stringify } from 'yaml';
import { header } from './github.js';
import {
  type CiSettings,
  COVERAGE_SUMMARY,
  ciCommands,
  collectsCoverage,
  REPORTS_PATH,
  RUNS_PATH,
} from './settings.js';

/** GitLab cache key of the history: one key, pulled by the test jobs, pulled and pushed by `assay-history`. */
export const GITLAB_CACHE_KEY = 'assay-history';

/**
 * The pipeline: `test` (with `parallel: N` when sharded; GitLab names the job's shard in
 * `CI_NODE_INDEX`/`CI_NODE_TOTAL`) pulls the cached history, runs its share and keeps its run files
 * and JUnit file as artifacts (GitLab shows the JUnit report on the merge request); `assay-history`
 * merges them into the cached history, compacts it, prints `assay flaky`, runs `assay gate`, and
 * pushes the cache. GitLab caches live on the runner unless it has a shared (distributed) cache.
 */
export function gitlabPipeline(s: CiSettings): string {
  const cmd = ciCommands(s, '$CI_NODE_INDEX', '$CI_NODE_TOTAL');
  const sharded = s.shards > 1;
  const cache = (policy: 'pull' | 'pull-push') => ({
    key: GITLAB_CACHE_KEY,
    paths: [`${RUNS_PATH}/`],
    policy,
    when: 'always',
  });
  const shardDir = sharded ? 'shard-runs/$CI_NODE_INDEX' : 'shard-runs/1';
  const pipeline = {
    stages: ['test', 'history'],
    default: { image: `node:${s.node}` },
    test: {
      stage: 'test',
      ...(sharded ? { parallel: s.shards } : {}),
      cache: cache('pull'),
      variables: { ASSAY_MACHINE: sharded ? 'gitlab-shard-$CI_NODE_INDEX' : 'gitlab' },
      script: [cmd.install, cmd.test],
      // after_script runs when the tests failed too: those runs are what tells flaky from broken.
      after_script: [`mkdir -p ${shardDir}`, `cp -R ${RUNS_PATH}/. ${shardDir}/ || true`],
      artifacts: {
        when: 'always',
        expire_in: '3 days',
        paths: ['shard-runs/', `${REPORTS_PATH}/`, ...(collectsCoverage(s) ? [COVERAGE_SUMMARY] : [])],
        reports: { junit: `${REPORTS_PATH}/junit.xml` },
      },
    },
    'assay-history': {
      stage: 'history',
      when: 'always',
      needs: [{ job: 'test', artifacts: true }],
      cache: cache('pull-push'),
      script: [cmd.install, cmd.merge, cmd.compact, cmd.flaky, cmd.gate],
    },
  };
  return `${header(s, 'assay ci gitlab')}${stringify(pipeline, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
