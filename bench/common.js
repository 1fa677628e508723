// What the benchmarks share: timing a whole process, the bundled demo app, medians.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `--name N` from the command line, or `dflt`. */
export function numberArg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i === -1 ? dflt : Number(process.argv[i + 1]);
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const ms = (x) => `${x.toFixed(0)} ms`;

/** Wall time of a whole process in ms; throws with its output when it fails. */
export function timeProcess(cmd, args, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, ...opts });
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout ?? ''}\n${r.stderr ?? ''}`);
  return elapsed;
}

/** The demo app on a free port; resolves with its URL and a stop function. */
export async function startDemoApp(extraArgs = []) {
  const child = spawn(process.execPath, [path.join(root, 'examples/demo-app/server.js'), '--port', '0', ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`demo app exited ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}
