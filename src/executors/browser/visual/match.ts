// A screenshot against its baseline: the checks, metrics and attachments of a comparison, and baseline upkeep.
// Apart from the executor so a ui step (`matchScreenshot`) can do the same on the page it is on.
import path from 'node:path';
import type { Static } from '@sinclair/typebox';
import { AitestError } from '../../../errors.js';
import type { VisualOptions } from '../../../plan/schema-visual.js';
import type { CheckInput, ExecContext } from '../../types.js';
import { readBaseline, writeBaseline } from './baseline.js';
import { comparePngs, type Comparison } from './compare.js';
import { allowedDiffPixels, describePixels } from './tolerance.js';

export type MatchOptions = Static<typeof VisualOptions>;

const MATCH_CHECK = 'screenshot matches baseline';
// A baseline written by the run is one of its artifacts, where it lies: reports show it, and a remote
// worker's comes back to the checkout the run started from.
const BASELINE = 'baseline.png';
const UPDATE_HINT = 'run with --update-snapshots if the change is intended';

/**
 * Compares a screenshot with the baseline at `file` (see baseline.ts), writing the baseline when there is none
 * or when the run updates snapshots. Returns whether it matched (or was written).
 */
export async function matchBaseline(actual: Buffer, o: MatchOptions, file: string, ctx: ExecContext): Promise<boolean> {
  const updating = ctx.settings.updateSnapshots;
  // `__screenshots__/` beside the plan, its parts slugs (baseline.ts): inside the job's bundle on a remote
  // worker, which this holds whatever the plan's name, read or written.
  ctx.sandbox.file(path.resolve(file), ctx.test.file, 'the visual baseline');
  const expected = await readBaseline(file);
  if (expected === undefined) return firstBaseline(actual, file, updating, ctx);

  let cmp: Comparison;
  try {
    cmp = await comparePngs(expected, actual, o);
  } catch (e) {
    // Only the baseline can be unreadable (Playwright's PNG is fine): a file damaged or not a PNG at all.
    if (updating) return updated(actual, file, { name: MATCH_CHECK, message: 'the baseline was unreadable' }, ctx);
    throw new AitestError('INFRA', `the baseline ${file} is not a readable PNG: ${(e as Error).message}`, { hint: 'Delete it, or run with --update-snapshots to write it again.', cause: e });
  }
  if (cmp.kind === 'size-mismatch') {
    if (updating) return updated(actual, file, { name: MATCH_CHECK, message: cmp.message }, ctx);
    await ctx.attach('actual.png', actual, 'image/png');
    await ctx.attach('expected.png', expected, 'image/png');
    return ctx.check({ name: MATCH_CHECK, ok: false, message: `${cmp.message} (${file}); ${UPDATE_HINT}` });
  }

  const total = cmp.width * cmp.height;
  const allowed = allowedDiffPixels(o, total);
  ctx.metric('visual_diff_pixels', cmp.diffPixels, 'px');
  ctx.metric('visual_diff_ratio', cmp.ratio, 'ratio');
  const check = { name: MATCH_CHECK, expected: `≤ ${describePixels(allowed, total)}`, actual: describePixels(cmp.diffPixels, total) };
  if (cmp.diffPixels <= allowed) return ctx.check({ ...check, ok: true });
  if (updating) return updated(actual, file, { ...check, message: `${check.actual} differed` }, ctx);
  await ctx.attach('actual.png', actual, 'image/png');
  await ctx.attach('expected.png', expected, 'image/png');
  if (cmp.diffPng) await ctx.attach('diff.png', cmp.diffPng, 'image/png');
  return ctx.check({ ...check, ok: false, message: `differs from the baseline ${file}; see diff.png, or ${UPDATE_HINT}` });
}

async function firstBaseline(actual: Buffer, file: string, updating: boolean, ctx: ExecContext): Promise<boolean> {
  // On CI a missing baseline is a mistake (it was not committed): writing one there would make the test pass
  // against whatever the page looks like today, and the file would be thrown away with the machine.
  if (ctx.settings.ci && !updating) {
    await ctx.attach('actual.png', actual, 'image/png');
    return ctx.check({ name: 'baseline', ok: false, message: `no baseline at ${file}, and CI does not write one: run with --update-snapshots and commit it (actual.png is attached)` });
  }
  await writeBaseline(file, actual);
  return ctx.check({ name: 'baseline', ok: true, message: `no baseline yet: wrote ${ctx.attachFile(BASELINE, file, 'image/png')}` });
}

/** --update-snapshots: the new screenshot becomes the baseline and the check passes, saying what changed. */
async function updated(actual: Buffer, file: string, c: Omit<CheckInput, 'ok'> & { message: string }, ctx: ExecContext): Promise<boolean> {
  await writeBaseline(file, actual);
  return ctx.check({ ...c, ok: true, message: `${c.message}: updated the baseline ${ctx.attachFile(BASELINE, file, 'image/png')}` });
}
