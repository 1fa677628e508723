// Which operations a contract test runs (`include`/`exclude`), and which findings it accepts (`accepted`).
import { AitestError } from '../../errors.js';
import { didYouMean } from '../../plan/suggest.js';
import type { AcceptedFindingSpec, OperationFilterSpec } from '../../plan/types.js';
import type { Operation } from './model.js';

/** `*` in a path filter matches any characters: `/api/users*` is the users collection and everything under it. */
function pathMatches(filter: string, path: string): boolean {
  if (!filter.includes('*')) return filter === path;
  const re = new RegExp(`^${filter.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(path);
}

/** All fields given must match. */
function matchesFilter(op: Operation, f: OperationFilterSpec): boolean {
  return (f.operationId === undefined || op.operationId === f.operationId)
    && (f.tag === undefined || op.tags.includes(f.tag))
    && (f.method === undefined || op.method === f.method.toUpperCase())
    && (f.path === undefined || pathMatches(f.path, op.path));
}

export function selectOperations(all: readonly Operation[], include?: OperationFilterSpec[], exclude?: OperationFilterSpec[]): Operation[] {
  const selected = all.filter((op) => (!include || include.some((f) => matchesFilter(op, f))) && !(exclude ?? []).some((f) => matchesFilter(op, f)));
  if (selected.length === 0) {
    const listed = all.slice(0, 10).map((op) => op.title).join(', ');
    throw new AitestError('PLAN_INVALID', all.length === 0
      ? 'the contract spec has no operations'
      : `include/exclude leave no operation to run (the spec has ${all.length}: ${listed}${all.length > 10 ? ', …' : ''})`, {
      hint: 'Filters match `operationId`, `tag`, `path` (the template as written; `*` matches anything) and `method`.',
    });
  }
  return selected;
}

/** `(operation title, check) → reason` for the accepted findings. */
export type AcceptedIndex = (op: Operation, check: string) => string | undefined;

/** `GET /api/items` in any method case → `GET /api/items`. */
function normalTitle(s: string): string {
  const m = /^([A-Za-z]+)\s+(\/.*)$/.exec(s.trim());
  return m ? `${m[1]!.toUpperCase()} ${m[2]}` : s.trim();
}

/**
 * An accepted finding must name an operation the document has: a typo would otherwise accept nothing, and
 * the finding it meant would keep failing with no hint why.
 */
export function acceptedIndex(accepted: readonly AcceptedFindingSpec[], all: readonly Operation[]): AcceptedIndex {
  const reasons = new Map<string, string>();
  accepted.forEach((a, i) => {
    const name = normalTitle(a.operation);
    const op = all.find((o) => o.title === name || o.operationId === a.operation);
    if (!op) {
      throw new AitestError('PLAN_INVALID', `accepted[${i}].operation "${a.operation}" is not an operation of the contract spec`, {
        hint: didYouMean(name, all.map((o) => o.title)) ?? 'Write `METHOD /path/template` as the step titles show it, or an operationId.',
      });
    }
    reasons.set(`${op.title}\u0000${a.check}`, a.reason);
  });
  return (op, check) => reasons.get(`${op.title}\u0000${check}`);
}
