// Facts about a run worth keeping: its id, git commit and branch, and a non-secret environment summary.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Sortable and short: base-36 time plus randomness, e.g. `mb3k9x1a-4f2c`. */
export function createRunId(now = Date.now()): string {
  return `${now.toString(36)}-${randomBytes(2).toString('hex')}`;
}

function git(args: string[], cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 2000 }, (err, stdout) => resolve(err ? undefined : stdout.trim() || undefined));
  });
}

/** Where `.git` is for `cwd`: the directory itself, or the one a `.git` file (worktree, submodule) points to. */
async function findGitDir(cwd: string): Promise<string | undefined> {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    const s = await stat(dotGit).catch(() => undefined);
    if (s?.isDirectory()) return dotGit;
    if (s?.isFile()) {
      const m = /^gitdir:\s*(.+)$/m.exec(await readFile(dotGit, 'utf8'));
      return m ? path.resolve(dir, m[1]!.trim()) : undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * HEAD's commit and branch read from the files git keeps them in: two process spawns less per run.
 * undefined when this is not a git checkout; git itself is asked when the files look unusual.
 */
async function readHead(cwd: string): Promise<{ commit?: string; branch?: string } | undefined | 'ask-git'> {
  const gitDir = await findGitDir(cwd);
  if (!gitDir) return undefined;
  try {
    const head = (await readFile(path.join(gitDir, 'HEAD'), 'utf8')).trim();
    if (/^[0-9a-f]{40,64}$/.test(head)) return { commit: head };
    const ref = /^ref:\s*(refs\/\S+)$/.exec(head)?.[1];
    if (!ref) return 'ask-git';
    // Worktrees keep their refs in the main repository.
    const common = await readFile(path.join(gitDir, 'commondir'), 'utf8').then((d) => path.resolve(gitDir, d.trim()), () => gitDir);
    const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
    const loose = await readFile(path.join(common, ref), 'utf8').then((t) => t.trim(), () => undefined);
    const packed = loose ?? (await readFile(path.join(common, 'packed-refs'), 'utf8').then((t) => new RegExp(`^([0-9a-f]{40,64}) ${ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm').exec(t)?.[1], () => undefined));
    // A branch without commits yet has a name but no commit.
    const info: { commit?: string; branch?: string } = {};
    if (packed) info.commit = packed;
    if (branch) info.branch = branch;
    return info;
  } catch {
    return 'ask-git';
  }
}

export async function readGitInfo(cwd: string, env: Record<string, string | undefined>): Promise<{ commit?: string; branch?: string } | undefined> {
  const fromFiles = await readHead(cwd);
  if (fromFiles === undefined && !env.GITHUB_SHA) return undefined;
  const local = fromFiles === 'ask-git'
    ? { commit: await git(['rev-parse', 'HEAD'], cwd), branch: await git(['rev-parse', '--abbrev-ref', 'HEAD'], cwd) }
    : (fromFiles ?? {});
  // CI checkouts are often detached: prefer what the CI says.
  const commit = env.GITHUB_SHA || local.commit;
  const branch = env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME || local.branch;
  if (!commit && !branch) return undefined;
  const info: { commit?: string; branch?: string } = {};
  if (commit) info.commit = commit;
  if (branch && branch !== 'HEAD') info.branch = branch;
  return info;
}

export function describeEnvironment(env: Record<string, string | undefined>): Record<string, string> {
  // host and pid say whose run it is: a run left `running` by a process that is gone reads as interrupted (store/run-owner.ts).
  const out: Record<string, string> = { node: process.version, os: `${os.platform()}-${os.arch()}`, host: os.hostname(), pid: String(process.pid) };
  if (env.GITHUB_ACTIONS) out.ci = 'github-actions';
  else if (env.GITLAB_CI) out.ci = 'gitlab';
  else if (env.JENKINS_URL) out.ci = 'jenkins';
  else if (env.CI) out.ci = 'ci';
  return out;
}
