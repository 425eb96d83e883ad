import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The commit being tested and whether the work tree has changes, when `root` is in a git repository. */
export interface GitState {
  commit?: string;
  dirty?: boolean;
}

/**
 * Reads the commit and the dirty flag with git. CI systems that check out a merge commit still give a
 * stable answer because the commit named is the one checked out. No git, no repository: `{}`.
 */
export function gitState(root: string): GitState {
  try {
    const run = (args: string[]) =>
      execFileSync('git', args, {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 5_000,
      });
    const commit = run(['rev-parse', 'HEAD']).trim();
    // Untracked files do not count: a new, unrelated file does not change the tested code.
    const dirty = run(['status', '--porcelain', '--untracked-files=no']).trim() !== '';
    return { commit, dirty };
  } catch {
    return {};
  }
}

/**
 * {@link gitState} without blocking: a reporter can start it when the run starts and have the answer
 * at the end, so git overlaps the tests instead of adding to the run's wall time. One git process
 * (`status --porcelain=v2 --branch` names the commit too) rather than two: a spawn is the main cost.
 */
export async function gitStateAsync(root: string): Promise<GitState> {
  const status = await new Promise<string | undefined>((resolve) => {
    execFile(
      'git',
      // Untracked files do not count: a new, unrelated file does not change the tested code.
      ['status', '--porcelain=v2', '--branch', '--untracked-files=no'],
      // A hang guard, not a budget: on a loaded machine git can take seconds to start.
      { cwd: root, encoding: 'utf8', timeout: 30_000 },
      (error, stdout) => resolve(error ? undefined : stdout),
    );
  });
  if (status === undefined) return {};
  const lines = status.split('\n').filter((line) => line !== '');
  // `# branch.oid (initial)` before the first commit: no commit to name.
  const commit = lines.find((line) => line.startsWith('# branch.oid '))?.slice('# branch.oid '.length);
  if (!commit || !/^[0-9a-f]{40,64}$/.test(commit)) return {};
  return { commit, dirty: lines.some((line) => !line.startsWith('#')) };
}

/** sha1 of a file's content, or undefined when it cannot be read. */
export function fileHash(file: string): string | undefined {
  try {
    return createHash('sha1').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}
