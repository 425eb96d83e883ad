// Where the field corpus's code comes from: a git snapshot of each public repository (the session's
// `fetch` tool puts them under /work/.mirror/<owner>+<name>/repo; ASSAY_FIELD_MIRRORS points elsewhere).
// Files are read at the recorded commit and copied into .work/ (ignored); nothing fetched is committed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const MIRRORS = process.env.ASSAY_FIELD_MIRRORS ?? '/work/.mirror';

/** The git directory holding `owner/name`; throws with what to do when there is none. */
export function mirrorDir(repo) {
  const dir = path.join(MIRRORS, repo.replace('/', '+'), 'repo');
  if (!fs.existsSync(dir)) {
    throw new Error(
      `no snapshot of ${repo} at ${dir}: clone it there (git clone --mirror https://github.com/${repo} ${dir}) or set ASSAY_FIELD_MIRRORS`,
    );
  }
  return dir;
}

/** The repository's tree at `commit`, extracted once under `work`; returns the folder. */
export function checkout({ repo, commit }, work) {
  const dest = path.join(work, 'repos', `${repo.replace('/', '+')}@${commit.slice(0, 12)}`);
  if (fs.existsSync(path.join(dest, '.done'))) return dest;
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const tar = execFileSync('git', ['-C', mirrorDir(repo), 'archive', '--format=tar', commit], {
    maxBuffer: 1 << 30,
  });
  execFileSync('tar', ['xf', '-', '-C', dest], { input: tar, maxBuffer: 1 << 30 });
  fs.writeFileSync(path.join(dest, '.done'), '');
  return dest;
}
