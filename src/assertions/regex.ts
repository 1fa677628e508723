// Regular expressions written in plans: `/re/flags` or a bare pattern.
import { AitestError } from '../errors.js';

const LITERAL = /^\/(.+)\/([a-z]*)$/s;

/** True for `/re/` and `/re/flags` (how `headers` tells a regex from an exact value). */
export function isRegexLiteral(source: string): boolean {
  return LITERAL.test(source);
}

/** Compiles `/re/flags` or a bare pattern. `g` and `y` are dropped: they make `test()` stateful across calls. */
export function compileRegex(source: string): RegExp {
  const m = LITERAL.exec(source);
  const pattern = m ? m[1] : source;
  const flags = m ? m[2].replace(/[gy]/g, '') : '';
  try {
    return new RegExp(pattern, flags);
  } catch (e) {
    throw new AitestError('PLAN_INVALID', `invalid regular expression ${source}: ${(e as Error).message}`, {
      hint: 'Write a JavaScript regular expression, e.g. `/^application\\/json/i` or a bare pattern.',
    });
  }
}
