// Starts the bundled demo app on a free port for a test and stops it afterwards.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './cli.js';

export interface RunningApp {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startDemoApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'examples/demo-app/server.js'), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`demo app exited with ${code}`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
