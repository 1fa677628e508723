// Starts a plan's webServer, waits for its URL, and stops its whole process group afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { AitestError } from '../errors.js';
import type { Logger } from '../executors/types.js';
import type { WebServerSpec } from '../plan/types.js';

export interface StartedServer {
  url: string;
  /** True when an already running server was reused (nothing to stop). */
  reused: boolean;
  stop(): Promise<void>;
}

const OUTPUT_TAIL_LINES = 20;

/** Whether `url` answers with a status below 500 (the server is up). */
async function answers(url: string, signal?: AbortSignal): Promise<boolean> {
  // Loaded here: only plans with a webServer probe one, and undici's index is ~60 ms of start-up.
  const { Agent } = await import('undici');
  // A fresh agent per probe: nothing is left open between probes or after the server is up.
  const agent = new Agent({ headersTimeout: 2000, bodyTimeout: 2000 });
  try {
    const target = new URL(url);
    const res = await agent.request({ origin: target.origin, path: target.pathname + target.search, method: 'GET', signal });
    await res.body.dump();
    return res.statusCode < 500;
  } catch {
    return false;
  } finally {
    void agent.close().catch(() => {});
  }
}

export async function startWebServer(
  spec: WebServerSpec & { timeoutMs: number },
  opts: { cwd: string; env: Record<string, string | undefined>; log: Logger; signal: AbortSignal },
): Promise<StartedServer> {
  if (spec.reuseExisting && (await answers(spec.url, opts.signal))) {
    opts.log.info('webServer: reusing the server already answering', { url: spec.url });
    return { url: spec.url, reused: true, stop: async () => {} };
  }

  const tail: string[] = [];
  const child: ChildProcess = spawn(spec.command, {
    shell: true,
    cwd: spec.cwd ?? opts.cwd,
    env: { ...opts.env, ...spec.env } as NodeJS.ProcessEnv,
    // Its own process group, so stop() can end the shell and everything it started.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onOutput = (stream: string) => (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
      opts.log.debug(`webServer ${stream}: ${line}`);
    }
  };
  child.stdout?.on('data', onOutput('stdout'));
  child.stderr?.on('data', onOutput('stderr'));
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  child.once('exit', (code, signal) => {
    exited = { code, signal };
  });
  child.once('error', (e) => {
    exited = { code: null, signal: null };
    tail.push(e.message);
  });

  // The command runs under a shell in its own process group: the shell exiting says nothing about the
  // server it started (which may ignore SIGTERM), so stopping waits for the whole group to be gone.
  const pgid = child.pid;
  const stop = async (): Promise<void> => {
    if (pgid === undefined || !groupAlive(pgid)) return;
    killGroup(pgid, 'SIGTERM');
    if (!(await groupGoneWithin(pgid, 5000))) {
      killGroup(pgid, 'SIGKILL');
      await groupGoneWithin(pgid, 2000);
    }
    process.removeListener('exit', killOnExit);
  };
  // A second Ctrl-C exits the process at once, with no time for a graceful stop: take the server down
  // with us rather than leave it holding its port.
  const killOnExit = (): void => {
    if (pgid !== undefined && groupAlive(pgid)) killGroup(pgid, 'SIGKILL');
  };
  process.once('exit', killOnExit);

  const deadline = Date.now() + spec.timeoutMs;
  for (;;) {
    if (opts.signal.aborted) {
      await stop();
      throw new AitestError('INFRA', 'Interrupted while waiting for webServer.');
    }
    if (exited) {
      throw new AitestError('WEB_SERVER', `webServer command exited (code ${exited.code ?? exited.signal}) before ${spec.url} answered: ${spec.command}`, {
        hint: tail.length ? `Its last output:\n  ${tail.join('\n  ')}` : 'It printed nothing. Try the command by hand.',
      });
    }
    if (await answers(spec.url, opts.signal)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new AitestError('WEB_SERVER', `webServer did not answer at ${spec.url} within ${spec.timeoutMs}ms: ${spec.command}`, {
        hint: tail.length ? `Its last output:\n  ${tail.join('\n  ')}` : 'Check the URL and port, or raise webServer.timeout.',
      });
    }
    await delay(100);
  }
  opts.log.info('webServer is up', { url: spec.url, pid: child.pid });
  return { url: spec.url, reused: false, stop };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function groupGoneWithin(pgid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (groupAlive(pgid)) {
    if (Date.now() > end) return false;
    await delay(50);
  }
  return true;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

// Not unref'd: while we wait for the server, this timer may be the only thing keeping the process alive.
function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
