// What `run --remote` may write here for an orchestrator: the run's artifacts under .aitest/artifacts/<run>/
// and the plan's visual baselines under its __screenshots__/ folder; nothing else an orchestrator names.
import { constants } from 'node:fs';
import { lstat, mkdir, open } from 'node:fs/promises';
import path from 'node:path';

/** The two folders an orchestrator's paths may land in, absolute. */
export interface WriteRoots {
  artifacts: string;
  baselines: string;
}

/** A run id names a folder here: one plain path segment, as the orchestrator makes them (`mb3k9x1a-4f2c`). */
export const isPlainRunId = (id: unknown): id is string => typeof id === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(id);

/**
 * Where a worker's paths point (relative to the current directory, like a local run's): its artifacts
 * under `.aitest/artifacts/<run>/`, the baselines beside the plan as `baselinePath` names them.
 */
export function writeRoots(cwd: string, runId: string, planFile: string): WriteRoots {
  return {
    artifacts: path.resolve(cwd, '.aitest', 'artifacts', runId),
    baselines: path.resolve(cwd, path.dirname(planFile), '__screenshots__'),
  };
}

/** The root `rel` lands under, or undefined for a path that may not be written here. */
export function rootOf(rel: string, roots: WriteRoots, cwd: string): string | undefined {
  // Worker paths are relative with forward slashes; anything else is not one of theirs.
  if (!rel || rel.includes('\0') || rel.includes('\\') || path.isAbsolute(rel)) return undefined;
  const target = path.resolve(cwd, rel);
  return [roots.artifacts, roots.baselines].find((root) => target.startsWith(root + path.sep));
}

/**
 * Writes `body` at `target` below `root`. The root is the user's own (a symlinked `.aitest` is fine); below
 * it no folder and not the file itself may be a symlink: one already there (a checkout's, a shared
 * folder's) would carry the write anywhere.
 */
export async function writeBelow(root: string, target: string, body: Buffer): Promise<void> {
  await mkdir(root, { recursive: true });
  let at = root;
  for (const part of path.relative(root, path.dirname(target)).split(path.sep).filter(Boolean)) {
    at = path.join(at, part);
    const st = await lstat(at).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (!st) await mkdir(at).catch((e: NodeJS.ErrnoException) => { if (e.code !== 'EEXIST') throw e; });
    else if (st.isSymbolicLink()) throw new Error(`${path.relative(root, at)} is a symbolic link`);
    else if (!st.isDirectory()) throw new Error(`${path.relative(root, at)} is not a folder`);
  }
  // O_NOFOLLOW: a symlink as the file itself fails (ELOOP) instead of writing where it points.
  const file = await open(target, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644).catch((e: NodeJS.ErrnoException) => {
    throw e.code === 'ELOOP' ? new Error('it is a symbolic link') : e;
  });
  try {
    await file.writeFile(body);
  } finally {
    await file.close();
  }
}
