import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { gitState, gitStateAsync } from '../src/index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function repo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'assay-git-'));
  dirs.push(dir);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir });
  git('init', '-q');
  writeFileSync(join(dir, 'a.txt'), 'one');
  git('add', 'a.txt');
  git('commit', '-q', '-m', 'one');
  return dir;
}

test('gitStateAsync gives what gitState gives: clean, then dirty, untracked files not counted', async () => {
  const dir = repo();
  writeFileSync(join(dir, 'untracked.txt'), 'x');
  const clean = await gitStateAsync(dir);
  expect(clean).toEqual(gitState(dir));
  expect(clean).toEqual({ commit: expect.stringMatching(/^[0-9a-f]{40}$/), dirty: false });
  writeFileSync(join(dir, 'a.txt'), 'two');
  expect(await gitStateAsync(dir)).toEqual({ commit: clean.commit, dirty: true });
});

test('gitStateAsync outside a repository is empty', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'assay-nogit-'));
  dirs.push(dir);
  expect(await gitStateAsync(dir)).toEqual({});
});

test('gitStateAsync in a repository with no commit yet is empty', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'assay-git-'));
  dirs.push(dir);
  execFileSync('git', ['init', '-q'], { cwd: dir });
  writeFileSync(join(dir, 'a.txt'), 'one');
  execFileSync('git', ['add', 'a.txt'], { cwd: dir });
  expect(await gitStateAsync(dir)).toEqual({});
});

test('gitStateAsync counts a staged change and a deleted file as dirty', async () => {
  const dir = repo();
  const { commit } = await gitStateAsync(dir);
  writeFileSync(join(dir, 'b.txt'), 'new');
  execFileSync('git', ['add', 'b.txt'], { cwd: dir });
  expect(await gitStateAsync(dir)).toEqual({ commit, dirty: true });
  const other = repo();
  rmSync(join(other, 'a.txt'));
  expect(await gitStateAsync(other)).toMatchObject({ dirty: true });
});
