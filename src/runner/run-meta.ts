// Facts about a run worth keeping: its id, git commit and branch, and a non-secret environment summary.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';

/** Sortable and short: base-36 time plus randomness, e.g. `mb3k9x1a-4f2c`. */
export function createRunId(now = Date.now()): string {
  return `${now.toString(36)}-${randomBytes(2).toString('hex')}`;
}

function git(args: string[], cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, timeout: 2000 }, (err, stdout) => resolve(err ? undefined : stdout.trim() || undefined));
  });
}

export async function readGitInfo(cwd: string, env: Record<string, string | undefined>): Promise<{ commit?: string; branch?: string } | undefined> {
  // CI checkouts are often detached: prefer what the CI says.
  const [commit, branch] = await Promise.all([
    env.GITHUB_SHA ? Promise.resolve(env.GITHUB_SHA) : git(['rev-parse', 'HEAD'], cwd),
    env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME ? Promise.resolve(env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME) : git(['rev-parse', '--abbrev-ref', 'HEAD'], cwd),
  ]);
  if (!commit && !branch) return undefined;
  const info: { commit?: string; branch?: string } = {};
  if (commit) info.commit = commit;
  if (branch && branch !== 'HEAD') info.branch = branch;
  return info;
}

export function describeEnvironment(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = { node: process.version, os: `${os.platform()}-${os.arch()}`, host: os.hostname() };
  if (env.GITHUB_ACTIONS) out.ci = 'github-actions';
  else if (env.GITLAB_CI) out.ci = 'gitlab';
  else if (env.JENKINS_URL) out.ci = 'jenkins';
  else if (env.CI) out.ci = 'ci';
  return out;
}
