// `assay history pull|push --branch`: the run history kept on a branch of the user's own git remote,
// for CI systems whose cache does not reach every job (GitLab runners without a shared cache) or
// histories that must outlive cache eviction. Plumbing only: the user's work tree, index and
// current branch are never touched; files go through a temporary folder and a temporary index.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mergeHistories, RunStore, runsDir } from '@assay/history';
import { plural } from '../output/plural.js';

/** Default branch holding the history. */
export const HISTORY_BRANCH = 'assay-history';
/** Folder of the run files on that branch. */
const ON_BRANCH = 'runs';

/** A git command failed: the message names it and what git said. */
export class GitBranchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitBranchError';
  }
}

/** Where the history branch lives. */
export interface BranchOptions {
  /** Project root, inside a git repository. */
  root: string;
  branch: string;
  remote: string;
}

type Resolved = BranchOptions & { gitDir: string };

function resolve(o: BranchOptions): Resolved {
  const gitDir = git(o.root, ['rev-parse', '--absolute-git-dir']);
  if (!gitDir.ok)
    throw new GitBranchError(`${o.root} is not in a git repository: the history branch needs one.`);
  return { ...o, gitDir: gitDir.out };
}

function git(
  root: string,
  args: string[],
  env: Record<string, string> = {},
): { ok: boolean; out: string; err: string } {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  return { ok: result.status === 0, out: (result.stdout ?? '').trim(), err: (result.stderr ?? '').trim() };
}

function must(root: string, args: string[], env: Record<string, string> = {}): string {
  const r = git(root, args, env);
  if (!r.ok) throw new GitBranchError(`git ${args.join(' ')} failed: ${r.err || r.out || 'no message'}`);
  return r.out;
}

/** Fetches the branch; its commit, or undefined when the remote has no such branch yet. */
function fetchBranch(o: Resolved): string | undefined {
  const ref = `refs/assay/${o.branch}`;
  const fetched = git(o.root, ['fetch', '--quiet', '--no-tags', o.remote, `+refs/heads/${o.branch}:${ref}`]);
  if (!fetched.ok) {
    if (/couldn't find remote ref|no such ref|not our ref/i.test(fetched.err)) return undefined;
    throw new GitBranchError(`git fetch ${o.remote} ${o.branch} failed: ${fetched.err}`);
  }
  return must(o.root, ['rev-parse', ref]);
}

/** Writes the run files of `commit` into a new temporary folder (its `runs/`) and returns the folder. */
function checkoutRuns(o: Resolved, commit: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'assay-history-branch-'));
  if (commit) {
    must(dir, ['read-tree', commit], scratch(o, dir));
    must(dir, ['checkout-index', '--all', '--force'], scratch(o, dir));
  }
  return dir;
}

/** Git environment for a scratch work tree `dir` of the user's repository, with an index of its own. */
function scratch(o: Resolved, dir: string): Record<string, string> {
  return { GIT_DIR: o.gitDir, GIT_WORK_TREE: dir, GIT_INDEX_FILE: `${dir}.index` };
}

/** Removes a scratch work tree and its index. */
function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}.index`, { force: true });
}

/** `assay history pull`: adds the branch's run files to `.assay/runs/`. */
export async function pullHistory(
  options: BranchOptions,
): Promise<{ copied: number; commit: string | undefined }> {
  const o = resolve(options);
  const commit = fetchBranch(o);
  if (!commit) return { copied: 0, commit };
  const dir = checkoutRuns(o, commit);
  try {
    const merged = await mergeHistories([join(dir, ON_BRANCH)], runsDir(o.root));
    return { copied: merged.copied.length, commit };
  } finally {
    removeScratch(dir);
  }
}

/**
 * `assay history push`: the branch's run files plus this project's, compacted to `keep` results per
 * test, as one new commit on the branch. A push that loses a race with another job's is retried on
 * top of it (3 tries).
 */
export async function pushHistory(
  options: BranchOptions & { keep: number },
): Promise<{ commit: string; files: number }> {
  const o = { ...resolve(options), keep: options.keep };
  for (let attempt = 1; ; attempt++) {
    const parent = fetchBranch(o);
    const dir = checkoutRuns(o, parent);
    try {
      const runs = join(dir, ON_BRANCH);
      await mergeHistories([runsDir(o.root)], runs);
      const store = new RunStore(runs);
      await store.compact({ keep: o.keep });
      const files = (await store.list()).length;
      const env = scratch(o, dir);
      must(dir, ['add', '--all', '--', ON_BRANCH], env);
      const tree = must(dir, ['write-tree'], env);
      const identity = {
        GIT_AUTHOR_NAME: process.env.GIT_AUTHOR_NAME ?? 'assay',
        GIT_AUTHOR_EMAIL: process.env.GIT_AUTHOR_EMAIL ?? 'assay@localhost',
        GIT_COMMITTER_NAME: process.env.GIT_COMMITTER_NAME ?? 'assay',
        GIT_COMMITTER_EMAIL: process.env.GIT_COMMITTER_EMAIL ?? 'assay@localhost',
      };
      const commit = must(
        o.root,
        [
          'commit-tree',
          tree,
          ...(parent ? ['-p', parent] : []),
          '-m',
          `assay: history, ${plural(files, 'run file')}`,
        ],
        identity,
      );
      const pushed = git(o.root, ['push', '--quiet', o.remote, `${commit}:refs/heads/${o.branch}`]);
      if (pushed.ok) return { commit, files };
      if (attempt >= 3)
        throw new GitBranchError(`git push ${o.remote} ${o.branch} failed 3 times: ${pushed.err}`);
    } finally {
      removeScratch(dir);
    }
  }
}
