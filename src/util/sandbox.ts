// What a plan may reach on the machine that runs it. Locally a plan is its user's own: any file, any
// address. On a remote worker (`aitest worker`) a plan is untrusted input from whoever holds a token: the
// files it names must be inside the job's bundle folder, it cannot choose executables, and every
// connection goes through the worker's egress policy.
import { realpathSync } from 'node:fs';
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
   * The machine's own environment, for its own tools (where its browser is), never for the plan: on a
   * worker `ctx.env` holds only what it exposes to plans. None locally, where `ctx.env` is the machine's.
   */
  readonly ownEnv?: Readonly<Record<string, string | undefined>>;
  /**
   * `file` as the plan names it (relative to the plan file's folder) made absolute. On a remote worker a
   * path that leaves the bundle (absolute, `../`, through a symlink) is refused with an AitestError that
   * names the plan's key (`what`, e.g. "contract `spec`"), never the file's content.
   */
  file(file: string, planFile: string, what: string): string;
}

/** A local run: paths resolve beside the plan, anything goes. */
export const LOCAL_SANDBOX: Sandbox = {
  untrusted: false,
  file: (file, planFile) => path.resolve(path.dirname(planFile), file),
};

const HINT = 'A remote worker reads only the files sent with the plan: name them relative to the plan, in its folder or below it, and `aitest run --remote` sends them along.';

/** A remote worker's job: files only inside `root`, connections through `net`; `ownEnv` is the worker's own environment. */
export function bundleSandbox(root: string, net?: NetPolicy, ownEnv?: Readonly<Record<string, string | undefined>>): Sandbox {
  const inside = path.resolve(root);
  let realRoot: string | undefined;
  // Paths already found inside: every test of a job names the same plan file, and a realpath per test
  // was a tenth of a worker's time on a run of many fast tests.
  const checked = new Set<string>();
  return {
    untrusted: true,
    root: inside,
    ...(net ? { net } : {}),
    ...(ownEnv ? { ownEnv } : {}),
    file(file, planFile, what) {
      const full = path.resolve(path.dirname(planFile), file);
      if (checked.has(full)) return full;
      // Both as written and as the file system resolves it: a symlink in the bundle must not lead out of it.
      realRoot ??= realOrSelf(inside);
      if (!within(full, inside) || !within(realOf(full), realRoot)) {
        throw new AitestError('PLAN_INVALID', `${what} ${JSON.stringify(file)} is outside the plan's folder, which is all a remote worker reads`, { hint: HINT });
      }
      checked.add(full);
      return full;
    },
  };
}

const within = (p: string, dir: string): boolean => p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

function realOrSelf(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return p;
  }
}

/** The real path of `p`, or of its deepest existing folder with the rest appended (a file not written yet). */
function realOf(p: string): string {
  let rest = '';
  for (let at = p; ; ) {
    try {
      return path.join(realpathSync.native(at), rest);
    } catch {
      const up = path.dirname(at);
      if (up === at) return p;
      rest = path.join(path.basename(at), rest);
      at = up;
    }
  }
}
