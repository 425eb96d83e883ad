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

/**
 * The npm packages the module imports (its own or its local imports'), installed once per repository
 * at the versions its nearest package.json declares, as a user's project would have them; returns
 * [name, folder] pairs to link into a scratch project's node_modules.
 */
export function installDependencies(entry, repoDir, external, work) {
  const names = [...new Set(external.filter((s) => !s.startsWith('node:')).map(packageName))].sort();
  if (names.length === 0) return [];
  let dir = path.dirname(path.join(repoDir, entry.module));
  while (!fs.existsSync(path.join(dir, 'package.json')) && dir.startsWith(repoDir)) dir = path.dirname(dir);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const declared = { ...manifest.devDependencies, ...manifest.peerDependencies, ...manifest.dependencies };
  const specs = names.map((n) =>
    declared[n] && !/^(workspace|catalog|link|file):/.test(declared[n]) ? `${n}@${declared[n]}` : n,
  );
  const prefix = path.join(work, 'deps', `${entry.repo.replace('/', '+')}@${entry.commit.slice(0, 12)}`);
  const stamp = path.join(prefix, `.installed-${specs.join(' ').replace(/[^\w@.^~-]+/g, '_')}`);
  if (!fs.existsSync(stamp)) {
    fs.mkdirSync(prefix, { recursive: true });
    execFileSync(
      'npm',
      ['install', '--no-save', '--no-package-lock', '--ignore-scripts', '--prefix', prefix, ...specs],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    fs.writeFileSync(stamp, '');
  }
  return names.map((n) => [n, path.join(prefix, 'node_modules', n)]).filter(([, d]) => fs.existsSync(d));
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
