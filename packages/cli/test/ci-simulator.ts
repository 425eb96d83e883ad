// Runs a GitHub Actions workflow written by `assay ci github` on this machine, as GitHub would, far
// enough to test how the history travels: each job in a fresh folder that shares nothing with the
// others but what actions/cache and the artifacts carry. `run:` steps run in bash with `npx assay`
// the built CLI and `npx vitest` a stand-in that records the outcomes the test chose.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const CLI = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const RUNNER = fileURLToPath(new URL('./fixtures/simulated-runner.mjs', import.meta.url));
const HISTORY = fileURLToPath(new URL('../../history/dist/index.js', import.meta.url));

type Step = {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
};
type Job = { steps: Step[]; if?: string; strategy?: { matrix: { shard: number[] } } };

/** What outlives a CI run: the cache entries (in save order) and nothing else. */
export interface SimulatedCi {
  dir: string;
  cache: { key: string; dir: string }[];
}

/** One CI run's outcome: each job's step results, the step summary of the history job. */
export interface RunOutcome {
  jobs: { job: string; shard?: number; failed: boolean; log: string }[];
  summary: string;
  saved: string[];
}

export function simulatedCi(): SimulatedCi {
  const dir = mkdtempSync(join(tmpdir(), 'assay-ci-sim-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'npx'),
    `#!/bin/sh\ntool="$1"; shift\ncase "$tool" in\n  assay) exec node "${CLI}" "$@" ;;\n  vitest) exec node "${RUNNER}" "$@" ;;\n  *) echo "simulated CI: no $tool" >&2; exit 127 ;;\nesac\n`,
  );
  writeFileSync(
    join(bin, 'npm'),
    '#!/bin/sh\n# dependencies are installed already in the simulation\nexit 0\n',
  );
  chmodSync(join(bin, 'npx'), 0o755);
  chmodSync(join(bin, 'npm'), 0o755);
  return { dir, cache: [] };
}

/**
 * Runs the workflow once as run `runId`: the project's files (a commit of them) are checked out in
 * every job; `outcomes` are the tests' results in this run.
 */
export function runWorkflow(
  ci: SimulatedCi,
  workflowText: string,
  runId: number,
  project: Record<string, string>,
  outcomes: Record<string, 'passed' | 'failed'>,
): RunOutcome {
  const workflow = parse(workflowText) as { jobs: Record<string, Job> };
  const artifacts = new Map<string, string>();
  const outcome: RunOutcome = { jobs: [], summary: '', saved: [] };
  for (const [name, job] of Object.entries(workflow.jobs)) {
    const shards = job.strategy?.matrix.shard ?? [undefined];
    for (const shard of shards) {
      const context: Record<string, string> = {
        'github.run_id': String(runId),
        'github.run_attempt': '1',
        'matrix.shard': String(shard),
        'strategy.job-total': String(shards.length),
      };
      const expand = (text: string) =>
        text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
          if (!(expr in context)) throw new Error(`simulated CI: unknown expression ${expr}`);
          return context[expr]!;
        });
      const work = mkdtempSync(join(ci.dir, `run-${runId}-${name}-`));
      const summaryFile = join(work, '..', `summary-${runId}-${name}-${shard ?? 0}.md`);
      writeFileSync(summaryFile, '');
      let failed = false;
      let log = '';
      for (const step of job.steps) {
        // After a failed step, only steps marked to run anyway run (`if: ${{ !cancelled() }}`).
        if (failed && !/!cancelled\(\)|always\(\)/.test(step.if ?? '')) continue;
        const w = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, expand(String(v))]));
        const uses = step.uses?.replace(/@.*$/, '');
        if (uses === 'actions/checkout') {
          checkout(work, project);
          context['github.sha'] = git(work, ['rev-parse', 'HEAD']);
        } else if (uses === 'actions/setup-node' || uses === 'pnpm/action-setup') {
          // Node is this process's; packages are installed already.
        } else if (uses === 'actions/cache/restore') {
          const prefixes = (w['restore-keys'] ?? '').split('\n').filter(Boolean);
          const hit =
            ci.cache.find((e) => e.key === w.key) ??
            [...ci.cache].reverse().find((e) => prefixes.some((p) => e.key.startsWith(p)));
          if (hit) cpSync(hit.dir, join(work, w.path!), { recursive: true });
          log += `cache restore ${w.key}: ${hit ? hit.key : 'miss'}\n`;
        } else if (uses === 'actions/cache/save') {
          // GitHub never overwrites a cache entry: a second save under one key is refused.
          if (ci.cache.some((e) => e.key === w.key))
            throw new Error(`simulated CI: cache key ${w.key} exists`);
          const dir = join(ci.dir, 'cache', w.key!);
          cpSync(join(work, w.path!), dir, { recursive: true });
          ci.cache.push({ key: w.key!, dir });
          outcome.saved.push(w.key!);
        } else if (uses === 'actions/upload-artifact') {
          const from = join(work, w.path!);
          if (!existsSync(from)) {
            if (w['if-no-files-found'] === 'ignore') continue;
            throw new Error(`simulated CI: nothing at ${w.path} to upload`);
          }
          const dir = join(ci.dir, 'artifacts', String(runId), w.name!);
          cpSync(from, dir, { recursive: true });
          artifacts.set(w.name!, dir);
        } else if (uses === 'actions/download-artifact') {
          const pattern = new RegExp(
            `^${(w.pattern ?? w.name!).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
          );
          for (const [artifact, dir] of artifacts) {
            // With a pattern, each artifact lands in a folder of its own name (download-artifact v4).
            if (pattern.test(artifact))
              cpSync(dir, w.pattern ? join(work, w.path!, artifact) : join(work, w.path!), {
                recursive: true,
              });
          }
        } else if (step.run) {
          const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v)]));
          const result = spawnSync('bash', ['-e', '-c', expand(step.run)], {
            cwd: work,
            encoding: 'utf8',
            env: {
              ...process.env,
              ...env,
              PATH: `${join(ci.dir, 'bin')}:${process.env.PATH}`,
              GITHUB_STEP_SUMMARY: summaryFile,
              GITHUB_SHA: context['github.sha'],
              SIM_OUTCOMES: JSON.stringify(outcomes),
              SIM_HISTORY_ENTRY: HISTORY,
              NODE_PATH: '',
            },
          });
          log += `$ ${step.name ?? step.run}\n${result.stdout}${result.stderr}`;
          if (result.status !== 0) failed = true;
        } else {
          throw new Error(`simulated CI: step ${step.name ?? step.uses} is not simulated`);
        }
      }
      outcome.jobs.push({ job: name, ...(shard === undefined ? {} : { shard }), failed, log });
      if (name === 'history') outcome.summary = readFileSync(summaryFile, 'utf8');
    }
  }
  return outcome;
}

/** A commit of the project's files; the same files give the same commit in every job. */
function checkout(work: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(work, path, '..'), { recursive: true });
    writeFileSync(join(work, path), content);
  }
  git(work, ['init', '-q']);
  git(work, ['add', '-A']);
  git(work, ['commit', '-q', '-m', 'ci']);
}

function git(cwd: string, args: string[]): string {
  const fixed = '2026-12-07T10:00:00Z';
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'ci',
      GIT_AUTHOR_EMAIL: 'ci@example.com',
      GIT_COMMITTER_NAME: 'ci',
      GIT_COMMITTER_EMAIL: 'ci@example.com',
      GIT_AUTHOR_DATE: fixed,
      GIT_COMMITTER_DATE: fixed,
    },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}
