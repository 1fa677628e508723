// Captures values from a response (JSONPath or a header) into ctx.captures for later steps.
import { pathValue } from '../../assertions/json-path-query.js';
import { notJsonCheck } from '../../assertions/preview.js';
import type { AssertionCache } from '../../assertions/types.js';
import type { CaptureSpec, HttpResponseView } from '../../plan/types.js';
import { isSensitiveHeader } from '../../util/sensitive.js';
import type { ExecContext } from '../types.js';

// A captured login token or session id is as secret as a configured one: redact it from everything recorded.
const SECRET_NAME = /token|secret|password|passwd|api[-_]?key|session|cookie|auth/i;

/** Where captures go: an ExecContext, or a load test's iteration. */
export type CaptureSink = Pick<ExecContext, 'check' | 'secret' | 'captures'>;

/** Stores each capture in `ctx.captures`; a capture that finds nothing is a failed check. Returns true when all were found. */
export function applyCaptures(spec: CaptureSpec, response: HttpResponseView, ctx: CaptureSink, cache: AssertionCache): boolean {
  let ok = true;
  for (const [name, source] of Object.entries(spec)) {
    const checkName = `capture ${name}`;
    let value: unknown;
    let where: string;
    let sensitive = SECRET_NAME.test(name);
    if (typeof source === 'string') {
      where = source;
      const json = response.json;
      if (json === undefined) {
        ok = ctx.check(notJsonCheck(checkName, response.body)) && ok;
        continue;
      }
      const result = cache.path(source)(json);
      value = result.values.length > 0 ? pathValue(result) : undefined;
    } else {
      const header = source.header.toLowerCase();
      where = `header ${header}`;
      value = response.headers[header];
      sensitive ||= isSensitiveHeader(header);
    }
    if (value === undefined) {
      ok = ctx.check({ name: checkName, ok: false, expected: `a value at ${where}`, message: `${checkName}: nothing at ${where}` }) && ok;
      continue;
    }
    if (sensitive && typeof value === 'string') ctx.secret(value);
    ctx.captures[name] = value;
  }
  return ok;
}
