import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeVerdicts, newRunId, RUN_FORMAT, RunStore } from '@assay/history';
import { expect, test } from 'vitest';
import { pullHistory, pushHistory } from '../src/history/git-branch.js';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'dev',
  GIT_AUTHOR_EMAIL: 'dev@example.com',
  GIT_COMMITTER_NAME: 'dev',
  GIT_COMMITTER_EMAIL: 'dev@example.com',
};
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...IDENTITY } }).trim();

/** A bare remote with one commit on main (the project), as CI clones it. */
function remote(): { base: string; url: string } {
  const base = mkdtempSync(join(tmpdir(), 'assay-branch-'));
  const url = join(base, 'remote.git');
  git(base, 'init', '-q', '--bare', '-b', 'main', url);
  const dev = join(base, 'dev');
  git(base, 'clone', '-q', url, dev);
  writeFileSync(join(dev, '.gitignore'), '.assay/runs/\n');
  git(dev, 'add', '.gitignore');
  git(dev, 'commit', '-q', '-m', 'project');
  git(dev, 'push', '-q', 'origin', 'HEAD:main');
  return { base, url };
}

test('three CI runs in fresh clones share the history only through the branch; the third verdict uses all three', async () => {
  const { base, url } = remote();
  const options = { branch: 'assay-history', remote: 'origin' };
  const outcomes = ['passed', 'failed', 'passed'] as const;
  for (const [i, state] of outcomes.entries()) {
    const root = join(base, `ci-${i + 1}`);
    git(base, 'clone', '-q', url, root);
    const pulled = await pullHistory({ root, ...options });
    expect(pulled.copied).toBe(i);
    await RunStore.forRoot(root).write({
      format: RUN_FORMAT,
      runId: newRunId(),
      startedAt: `2026-12-0${i + 1}T10:00:00.000Z`,
      finishedAt: `2026-12-0${i + 1}T10:01:00.000Z`,
      runner: { name: 'vitest', version: '4.1.12' },
      files: {},
      workers: [],
      tests: [{ id: 'a.test.ts::wobbly', state, durationMs: 1, retries: 0 }],
    });
    const pushed = await pushHistory({ root, ...options, keep: 50 });
    expect(pushed.files).toBe(i + 1);
    // The user's checkout is untouched: same branch, nothing staged or changed.
    expect(git(root, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git(root, 'status', '--porcelain')).toBe('');
  }
  const last = join(base, 'ci-4');
  git(base, 'clone', '-q', url, last);
  expect((await pullHistory({ root: last, ...options })).copied).toBe(3);
  const wobbly = computeVerdicts((await RunStore.forRoot(last).read()).runs).find(
    (v) => v.id === 'a.test.ts::wobbly',
  );
  expect(wobbly).toMatchObject({ verdict: 'flaky', results: 3, failures: 1 });
  // The branch holds run files only, one commit per push.
  expect(git(last, 'log', '--format=%s', 'origin/assay-history')).toBe(
    'assay: history, 3 run files\nassay: history, 2 run files\nassay: history, 1 run file',
  );
});

test('pull from a remote without the branch yet adds nothing; outside a git repository it says so', async () => {
  const { base, url } = remote();
  const root = join(base, 'ci');
  git(base, 'clone', '-q', url, root);
  expect(await pullHistory({ root, branch: 'assay-history', remote: 'origin' })).toEqual({
    copied: 0,
    commit: undefined,
  });
  const plain = mkdtempSync(join(tmpdir(), 'assay-nogit-'));
  await expect(pullHistory({ root: plain, branch: 'assay-history', remote: 'origin' })).rejects.toThrow(
    'is not in a git repository',
  );
});
