// A real cluster for a test file: `aitest serve` and `aitest worker` processes of the built CLI on a real
// Redis, each stopped (SIGTERM) after the file's tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll } from 'vitest';
import { cliPath } from './cli.js';

export interface ClusterProcess {
  child: ChildProcess;
  /** The first match of the `ready` pattern in its output. */
  line: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
}

export interface Cluster {
  /** A CLI process in `cwd` that prints a line matching `ready` once it is up. */
  start(args: string[], ready: RegExp, o: { cwd: string; env?: Record<string, string | undefined> }): Promise<ClusterProcess>;
  /** `aitest serve` on a free port with `tokens` (AITEST_TOKENS) or a `--tokens-file` in `args`; resolves to its URL. */
  serve(o: { cwd: string; redis: string; tokens?: string; args?: string[]; env?: Record<string, string | undefined> }): Promise<{ url: string; proc: ClusterProcess }>;
  /** `aitest worker` with `args` (e.g. `--env NAME`). */
  worker(o: { cwd: string; redis: string; args?: string[]; env?: Record<string, string | undefined> }): Promise<ClusterProcess>;
}

/** Processes started through it are stopped after the file's tests. */
export function useCluster(): Cluster {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    await Promise.all(children.map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    })));
  });
  const start: Cluster['start'] = async (args, ready, o) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...o.env };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: o.cwd, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    const line = await new Promise<string>((resolve, reject) => {
      const onData = (d: Buffer): void => {
        out += d;
        const m = ready.exec(out);
        if (m) resolve(m[0]);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`aitest ${args[0]} exited ${code}: ${out}`)));
    });
    return { child, line, output: () => out };
  };
  return {
    start,
    async serve(o) {
      // CI is set on the cluster's side: whether a run is on CI is for the side starting it to say.
      const proc = await start(['serve', '--redis', o.redis, '--port', '0', '--db', 'orchestrator.db', ...(o.args ?? [])], /listening on (http:\/\/\S+)/, {
        cwd: o.cwd, env: { AITEST_TOKENS: o.tokens, CI: 'true', ...o.env },
      });
      return { url: /http:\/\/\S+/.exec(proc.line)![0], proc };
    },
    worker: (o) => start(['worker', '--redis', o.redis, '--concurrency', '2', ...(o.args ?? [])], /aitest worker \S+/, { cwd: o.cwd, env: { CI: 'true', ...o.env } }),
  };
}

/** Tokens the cluster tests' orchestrators accept: one admin, one read-only. */
export const ADMIN = 'admin-token-0123456789abcdef';
export const READER = 'read-token-0123456789abcdef';
/** AITEST_TOKENS for both. */
export const TOKENS = JSON.stringify({ [ADMIN]: ['admin'], [READER]: ['read'] });
