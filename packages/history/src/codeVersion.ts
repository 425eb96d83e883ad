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
 * at the end, so the two git calls overlap the tests instead of adding to the run's wall time.
 */
export async function gitStateAsync(root: string): Promise<GitState> {
  const run = (args: string[]) =>
    new Promise<string>((resolve, reject) => {
      execFile('git', args, { cwd: root, encoding: 'utf8', timeout: 5_000 }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      );
    });
  try {
    const [commit, status] = await Promise.all([
      run(['rev-parse', 'HEAD']),
      // Untracked files do not count: a new, unrelated file does not change the tested code.
      run(['status', '--porcelain', '--untracked-files=no']),
    ]);
    return { commit: commit.trim(), dirty: status.trim() !== '' };
  } catch {
    return {};
  }
}

/** sha1 of a file's content, or undefined when it cannot be read. */
export function fileHash(file: string): string | undefined {
  try {
    return createHash('sha1').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}
