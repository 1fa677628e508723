import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';

// Each thread's nice value (field 19 of /proc/self/task/TID/stat), read inside a process that lowered its
// runtime's helper threads. The compiled module: `npm test` builds dist/ before vitest starts.
const script = `
import { readdirSync, readFileSync } from 'node:fs';
import { lowerRuntimeHelpersPriority } from './dist/util/thread-priority.js';
lowerRuntimeHelpersPriority();
const nice = (tid) => Number(readFileSync('/proc/self/task/' + tid + '/stat', 'utf8').replace(/^.*\\) /, '').split(' ')[16]);
const tids = readdirSync('/proc/self/task').map(Number);
console.log(JSON.stringify({ main: nice(process.pid), others: tids.filter((t) => t !== process.pid).map(nice) }));
`;

describe.runIf(process.platform === 'linux')('lowerRuntimeHelpersPriority', () => {
  it('lowers every thread the runtime started (V8 and libuv helpers) and leaves the main thread as it was', () => {
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(out.status, out.stderr).toBe(0);
    const { main, others } = JSON.parse(out.stdout) as { main: number; others: number[] };
    // The test may itself run under \`nice\`: the child starts where this process is; helpers go to 5, or
    // stay as low as the process already was.
    expect(main).toBe(os.getPriority());
    expect(others.length).toBeGreaterThan(0);
    expect(new Set(others)).toEqual(new Set([Math.max(main, 5)]));
  });
});
