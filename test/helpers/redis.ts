// A real Redis (Debian's redis-server) on a free port for the tests of a file, with nothing saved to disk.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
  /** Killed (SIGKILL) and started again on the same port, empty: what a Redis without persistence does on a restart. */
  restartEmpty(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

async function launch(port: number, args: string[]): Promise<ChildProcess> {
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.once('error', (e) => reject(new Error(`redis-server could not start (${e.message}); install it: apt-get install redis-server`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited ${code}: ${out}`)));
    child.stdout!.on('data', (d) => {
      out += d;
      if (/Ready to accept connections/i.test(out)) resolve();
    });
  });
  return child;
}

const stopped = (child: ChildProcess, signal: NodeJS.Signals): Promise<void> => new Promise<void>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) return resolve();
  child.once('exit', () => resolve());
  child.kill(signal);
});

/** `args`: more redis-server options, e.g. `['--requirepass', PASSWORD]`. */
export async function startRedis(args: string[] = []): Promise<RunningRedis> {
  const port = await freePort();
  let child = await launch(port, args);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => stopped(child, 'SIGTERM'),
    async restartEmpty() {
      await stopped(child, 'SIGKILL');
      child = await launch(port, args);
    },
  };
}

/** Redis for the tests of a file: started before them, stopped after. */
export function useRedis(): { readonly redis: RunningRedis } {
  const holder = {} as { redis: RunningRedis };
  beforeAll(async () => {
    holder.redis = await startRedis();
  });
  afterAll(() => holder.redis?.stop());
  return holder;
}
