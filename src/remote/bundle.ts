// Plan bundles: the CLI gathers the plan and the files it refers to; a worker writes them out to run them.
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
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

/** Writes a bundle's files under `dir` (paths that would leave it are refused). */
export async function writeBundle(bundle: PlanBundle, dir: string): Promise<void> {
  for (const [rel, content] of Object.entries(bundle.files)) {
    const target = path.resolve(dir, rel);
    if (!target.startsWith(path.resolve(dir) + path.sep)) throw new Error(`bundle path ${rel} leaves its folder`);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, Buffer.from(content, 'base64'));
  }
}
