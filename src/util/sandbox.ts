// What a plan may reach on the machine that runs it. Locally a plan is its user's own: any file, any
// address. On a remote worker (`aitest worker`) a plan is untrusted input from whoever holds a token: the
// files it names must be inside the job's bundle folder, it cannot choose executables, and every
// connection goes through the worker's egress policy.
import path from 'node:path';
import { AitestError } from '../errors.js';
import type { NetPolicy } from './net-policy.js';

export interface Sandbox {
  /** True on a remote worker: the plan is untrusted (no plan-chosen executables, servers or provider URLs with our keys). */
  readonly untrusted: boolean;
  /** The folder every file of the plan must be inside (the job's bundle); none locally. */
  readonly root?: string;
  /** Where connections may go; none: anywhere. */
  readonly net?: NetPolicy;
  /**
   * `file` as the plan names it (relative to the plan file's folder) made absolute. On a remote worker a
   * path that leaves the bundle (absolute, `../`, through a symlink) is refused with an AitestError that
   * names the plan's key, never the file's content.
   */
  file(file: string, planFile: string, what: string): string;
}

/** A local run: paths resolve beside the plan, anything goes. */
export const LOCAL_SANDBOX: Sandbox = {
  untrusted: false,
  file: (file, planFile) => path.resolve(path.dirname(planFile), file),
};

/** A remote worker's job: files only inside `root`, connections through `net`. */
export function bundleSandbox(root: string, net?: NetPolicy): Sandbox {
  const inside = path.resolve(root);
  return {
    untrusted: true,
    root: inside,
    ...(net ? { net } : {}),
    file(file, planFile, what) {
      const full = path.resolve(path.dirname(planFile), file);
      if (full !== inside && !full.startsWith(inside + path.sep)) {
        throw new AitestError('PLAN_INVALID', `${what} ${JSON.stringify(file)} is outside the plan's folder, which is all a remote worker reads`, {
          hint: 'Name files relative to the plan, inside its folder: `aitest run --remote` sends them with the plan.',
        });
      }
      return full;
    },
  };
}
