// Runs a TypeScript plan's `check` function: false, a message or a throw is a failed check named `check`.
import { AitestError } from '../../errors.js';
import type { CheckFunction, HttpResponseView } from '../../plan/types.js';
import type { CheckInput } from '../types.js';

export async function runCheckFunction(fn: CheckFunction, response: HttpResponseView): Promise<CheckInput> {
  if (typeof fn !== 'function') {
    throw new AitestError('PLAN_INVALID', '`check` must be a function', { hint: 'Custom checks are for TypeScript plans: `check: (res) => res.json.ok === true`.' });
  }
  let out: void | boolean | string;
  try {
    out = await fn(response);
  } catch (e) {
    return { name: 'check', ok: false, message: `check threw: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (out === false) return { name: 'check', ok: false, message: 'check returned false' };
  if (typeof out === 'string') return { name: 'check', ok: false, message: `check: ${out}` };
  return { name: 'check', ok: true };
}
