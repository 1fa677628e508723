import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readGitInfo } from '../../../src/runner/run-meta.js';

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } }).trim();

function repo(): { dir: string; commit: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-git-'));
  git(dir, 'init', '-q', '-b', 'feature/x');
  writeFileSync(path.join(dir, 'a.txt'), 'a');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'one');
  return { dir, commit: git(dir, 'rev-parse', 'HEAD') };
}

describe('readGitInfo (from the files git keeps, as git itself answers)', () => {
  it('reads the branch and commit, also from a subdirectory and after the refs were packed', async () => {
    const { dir, commit } = repo();
    expect(await readGitInfo(dir, {})).toEqual({ commit, branch: 'feature/x' });
    const sub = path.join(dir, 'plans');
    execFileSync('mkdir', [sub]);
    git(dir, 'pack-refs', '--all');
    expect(await readGitInfo(sub, {})).toEqual({ commit, branch: 'feature/x' });
  });

  it('a detached HEAD has a commit and no branch; a worktree reads its own HEAD', async () => {
    const { dir, commit } = repo();
    git(dir, 'checkout', '-q', '--detach');
    expect(await readGitInfo(dir, {})).toEqual({ commit });
    git(dir, 'checkout', '-q', 'feature/x');
    const wt = path.join(mkdtempSync(path.join(os.tmpdir(), 'aitest-wt-')), 'wt');
    git(dir, 'worktree', 'add', '-q', '-b', 'other', wt);
    expect(await readGitInfo(wt, {})).toEqual({ commit, branch: 'other' });
  });

  it('outside a repository there is nothing; CI variables win over the checkout', async () => {
    expect(await readGitInfo(mkdtempSync(path.join(os.tmpdir(), 'aitest-nogit-')), {})).toBeUndefined();
    const { dir } = repo();
    expect(await readGitInfo(dir, { GITHUB_SHA: 'abc123', GITHUB_HEAD_REF: 'pr-branch' })).toEqual({ commit: 'abc123', branch: 'pr-branch' });
  });
});
