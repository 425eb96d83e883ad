#!/usr/bin/env node
// Applies the field corpus's selection rule (README.md "The corpus") to snapshots of the chosen
// repositories and writes corpus.json. Run once, before any run of the benchmark; the rule, not this
// script, is what was fixed in advance. Needs each repository's git snapshot (see README.md).
//
//   node bench/field/select.mjs
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mirrorDir } from './source.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PER_REPO = 5;
const MIN_LINES = 30;
const MAX_LINES = 400;

// Chosen for a spread of everyday kinds of code (algorithms and data structures, functional
// utilities, dates, URLs and paths, equality, hashing, an HTTP client), none of them used in bench/
// before (checked with grep over bench/), each with its source folder.
const REPOS = [
  { repo: 'TheAlgorithms/TypeScript', short: 'algorithms', srcRoot: '.' },
  { repo: 'loiane/javascript-datastructures-algorithms', short: 'loiane', srcRoot: 'src' },
  { repo: 'remeda/remeda', srcRoot: 'packages/remeda/src' },
  { repo: 'date-fns/date-fns', srcRoot: 'src' },
  { repo: 'sodiray/radash', srcRoot: 'src' },
  { repo: 'unjs/ufo', srcRoot: 'src' },
  { repo: 'planttheidea/fast-equals', srcRoot: 'src' },
  { repo: 'unjs/pathe', srcRoot: 'src' },
  { repo: 'unjs/ohash', srcRoot: 'src' },
  { repo: 'sindresorhus/ky', srcRoot: 'source' },
];

const EXCLUDED =
  /(^|\/)(test|tests|__tests__|__test__|spec|specs|bench|benchmarks?|fixtures?|examples?|docs?|scripts?)(\/|$)|\.(test|spec|bench|test-d)\.ts$|\.d\.ts$/;
const EXPORTS =
  /^export\s+(default\s+)?(async\s+)?(function\*?|class|abstract\s+class)\s|^export\s+const\s+\w+\s*(:[^=]+)?=\s*(async\s*)?(\(|function|<|\w+\s*=>)/m;

const modules = [];
for (const { repo, short = repo.split('/')[1], srcRoot } of REPOS) {
  const git = mirrorDir(repo);
  const commit = execFileSync('git', ['-C', git, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const all = execFileSync('git', ['-C', git, 'ls-tree', '-r', '--name-only', commit], { encoding: 'utf8' })
    .split('\n')
    .filter((p) => p.endsWith('.ts') && (srcRoot === '.' || p.startsWith(`${srcRoot}/`)));
  const candidates = all
    .filter((p) => !EXCLUDED.test(srcRoot === '.' ? p : p.slice(srcRoot.length + 1)))
    .filter((p) => {
      const text = execFileSync('git', ['-C', git, 'show', `${commit}:${p}`], { encoding: 'utf8' });
      const lines = text.split('\n').length;
      return lines >= MIN_LINES && lines <= MAX_LINES && EXPORTS.test(text);
    })
    .sort();
  // Evenly spaced over the sorted list, so that one folder does not fill a repository's share.
  const picked = new Set();
  for (let i = 0; i < Math.min(PER_REPO, candidates.length); i++) {
    picked.add(candidates[Math.floor((i * candidates.length) / Math.min(PER_REPO, candidates.length))]);
  }
  for (const module of picked) {
    const dir = path.posix.dirname(module);
    const stem = path.posix.basename(module, '.ts') === 'index' && dir !== srcRoot ? dir : module;
    const id = `${short}-${path.posix.basename(stem, '.ts')}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    modules.push({ id, repo, commit, srcRoot, module });
  }
  console.log(`${repo}: ${candidates.length} candidates, ${picked.size} picked`);
}
const corpus = {
  $comment:
    'The field corpus (issue 15): see README.md "The corpus" for the rule. Written by select.mjs before the first run; every module stays in the results.',
  modules,
};
fs.writeFileSync(path.join(HERE, 'corpus.json'), `${JSON.stringify(corpus, null, 2)}\n`);
console.log(`${modules.length} modules`);
