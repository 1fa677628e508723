// Plan bundles: the CLI gathers the plan and the files it refers to; the orchestrator checks and loads
// them (untrusted: every path stays inside the bundle's own folder); a worker writes them out to run them.
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AitestError } from '../errors.js';
import { loadPlan } from '../plan/load.js';
import type { LoadedPlan } from '../plan/types.js';
import type { PlanBundle } from './protocol.js';

const FILE_NAME = /^[^\s?#]+\.[A-Za-z0-9]{1,8}$/;

/** Bundles larger than this are refused by the orchestrator (413) unless it allows more. */
export const MAX_BUNDLE_BYTES = 20 * 1024 * 1024;

/**
 * The plan and every file it names: each string in the plan that is the path of an existing file with
 * an extension (`openapi.yaml`, `queries/list.graphql`, `auth/state.json`), relative to the plan's
 * folder, plus the plan's visual baselines (`__screenshots__/` beside it).
 */
export async function bundlePlan(plan: LoadedPlan, cwd: string, planText: string): Promise<PlanBundle> {
  const planDir = path.dirname(plan.file);
  const files: Record<string, string> = {};
  const add = async (rel: string): Promise<void> => {
    const key = rel.split(path.sep).join('/');
    if (!(key in files)) files[key] = (await readFile(path.resolve(cwd, rel))).toString('base64');
  };
  const isTs = /\.(c|m)?[tj]s$/.test(plan.file);
  const planFile = isTs ? `${plan.file}.json` : plan.file;
  files[planFile] = Buffer.from(isTs ? JSON.stringify(plan.spec) : planText).toString('base64');
  // Only strings shaped like a relative file name (a dot extension, no spaces or templates) are looked
  // up: a plan of 10,000 tests has tens of thousands of strings, names and URLs that are not files.
  for (const value of new Set(strings(plan.spec))) {
    if (value.length > 500 || !FILE_NAME.test(value) || value.includes('${{') || /^[a-z]+:\/\//i.test(value) || path.isAbsolute(value)) continue;
    const rel = path.join(planDir, value);
    if (rel.startsWith('..') || rel === plan.file) continue;
    const abs = path.resolve(cwd, rel);
    if (existsSync(abs) && statSync(abs).isFile()) await add(rel);
  }
  const shots = path.join(planDir, '__screenshots__');
  if (existsSync(path.resolve(cwd, shots))) {
    for (const f of await readdir(path.resolve(cwd, shots), { recursive: true })) {
      const rel = path.join(shots, f);
      if (statSync(path.resolve(cwd, rel)).isFile()) await add(rel);
    }
  }
  return { plan: planFile, files };
}

function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* strings(v);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) yield* strings(v);
}

const MODULE_PLAN = /\.[cm]?[jt]sx?$/i;
const DATA_PLAN = /\.(ya?ml|json)$/i;
const PATH_HINT = 'Bundle paths are relative to the folder `aitest run --remote` ran in, with `/` between names: no leading `/` or `./`, no `..`, no empty names, no backslashes.';

/** What the caller sent, shown back short and on one line. */
const shown = (s: string): string => JSON.stringify(s.length > 120 ? `${s.slice(0, 120)}…` : s);

/** A plain relative path: names joined by `/`, none empty, `.` or `..`; no backslash, no drive, no NUL. */
function isBundlePath(p: string): boolean {
  if (p.length === 0 || p.length > 1000 || /[\\\0]/.test(p) || /^[A-Za-z]:/.test(p)) return false;
  return p.split('/').every((name) => name !== '' && name !== '.' && name !== '..');
}

/**
 * Refuses a bundle before anything of it is written or read: every file's path must be a plain relative
 * path (inside the folder it is written to), and the plan one of those files, YAML or JSON. Errors quote
 * only what the caller sent.
 */
function checkBundle(bundle: PlanBundle): void {
  for (const rel of Object.keys(bundle.files)) {
    if (!isBundlePath(rel)) throw new AitestError('USAGE', `The bundle's file ${shown(rel)} is not a plain relative path inside the bundle.`, { hint: PATH_HINT });
  }
  if (!isBundlePath(bundle.plan)) throw new AitestError('USAGE', `The bundle's plan ${shown(bundle.plan)} is not a plain relative path inside the bundle.`, { hint: PATH_HINT });
  if (!Object.hasOwn(bundle.files, bundle.plan)) {
    throw new AitestError('USAGE', `The bundle's plan ${shown(bundle.plan)} is not one of its files.`, { hint: 'A bundle carries its plan: `plan` names a key of `files`.' });
  }
  if (MODULE_PLAN.test(bundle.plan)) {
    throw new AitestError('PLAN_INVALID', `${shown(bundle.plan)}: a TypeScript or JavaScript plan does not run on an orchestrator.`, {
      hint: '`aitest run --remote` sends a TypeScript plan as its JSON; one with function steps runs locally only.',
    });
  }
  if (!DATA_PLAN.test(bundle.plan)) throw new AitestError('PLAN_INVALID', `${shown(bundle.plan)}: a plan sent to an orchestrator is YAML (.yaml, .yml) or JSON (.json).`);
}

/** Writes a bundle's files under `dir`, once `checkBundle` has passed it. */
export async function writeBundle(bundle: PlanBundle, dir: string): Promise<void> {
  checkBundle(bundle);
  for (const [rel, content] of Object.entries(bundle.files)) {
    const target = path.resolve(dir, rel);
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, Buffer.from(content, 'base64'));
    } catch (e) {
      // `a` and `a/b` both as files: one of them can't be written (the message would name our folder).
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') throw new AitestError('USAGE', `The bundle's file ${shown(rel)} clashes with another of its files.`, { hint: PATH_HINT });
      throw e;
    }
  }
}

/**
 * Loads a bundle's plan as the CLI loads a plan file, from a fresh folder of its own under `workDir`
 * (removed afterwards): the one way an orchestrator reads a plan it was sent.
 */
export async function loadBundle(bundle: PlanBundle, workDir: string): Promise<LoadedPlan> {
  checkBundle(bundle);
  const dir = await mkdtemp(path.join(workDir, 'plan-'));
  try {
    await writeBundle(bundle, dir);
    return await loadPlan(bundle.plan, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
