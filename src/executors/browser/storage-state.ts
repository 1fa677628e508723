// The plan's `browser.storageState`: read here, inside the job's bundle on a remote worker, and handed to
// Playwright parsed, so that a broken file is named in the error, never quoted.
import { readFile } from 'node:fs/promises';
import type { BrowserContextOptions } from 'playwright-core';
import { AitestError } from '../../errors.js';
import type { ExecContext } from '../types.js';

const KEY = '`browser.storageState`';
const HINT = 'A storage state is the JSON file Playwright saves (`context.storageState({ path })`), named relative to the plan.';

export async function readStorageState(file: string, ctx: ExecContext): Promise<Exclude<BrowserContextOptions['storageState'], string | undefined>> {
  const full = ctx.sandbox.file(file, ctx.test.file, KEY);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new AitestError('PLAN_INVALID', `cannot read ${KEY} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code ?? 'unreadable'}`, { hint: HINT });
  }
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the fault: the file's content stays out of the error.
    throw new AitestError('PLAN_INVALID', `${KEY} ${file} is not JSON`, { hint: HINT });
  }
  if (typeof state !== 'object' || state === null || Array.isArray(state)) throw new AitestError('PLAN_INVALID', `${KEY} ${file} is not a storage state (a JSON object with \`cookies\` and \`origins\`)`, { hint: HINT });
  return state as Exclude<BrowserContextOptions['storageState'], string | undefined>;
}
