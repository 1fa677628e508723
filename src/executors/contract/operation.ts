// One operation of a contract test: its request sent, its response checked, then (with `negative`) its
// invalid variants sent and expected to be refused. Runs inside the operation's step.
import type { CheckInput, ExecContext } from '../types.js';
import type { HttpClients } from '../api/clients.js';
import { prepareRequest } from '../api/request.js';
import { sendRequest } from '../api/send.js';
import type { HttpResponseView } from '../../plan/types.js';
import { responseChecks, type CheckName } from './checks.js';
import { draftRequest, type Draft } from './draft.js';
import type { Contract, Operation } from './model.js';
import { negativeCases, type NegativeCase } from './negative.js';
import { renderRequest, type AppliedSecurity } from './render.js';
import type { SchemaCheck } from './schema-check.js';
import { securityFor, type Credentials } from './security.js';
import type { AcceptedIndex } from './select.js';

/** What every operation of one contract test shares. */
export interface Session {
  ctx: ExecContext;
  contract: Contract;
  base: string;
  clients: HttpClients;
  /** defaults.headers with the test's `headers` over them, resolved. */
  headers: Record<string, string>;
  credentials: Credentials;
  checks: ReadonlySet<CheckName>;
  maxDurationMs: number | undefined;
  schemaCheck: SchemaCheck;
  accepted: AcceptedIndex;
}

async function send(s: Session, op: Operation, draft: Draft, security: AppliedSecurity): Promise<HttpResponseView> {
  const request = prepareRequest(renderRequest(op, draft, security), s.base, s.headers);
  for (const secret of request.secrets) s.ctx.secret(secret);
  const response = await sendRequest(request, s.clients, s.ctx.abort);
  if (s.ctx.log.debugEnabled) s.ctx.log.debug('contract request', { operation: op.title, url: request.url, status: response.status, durationMs: Math.round(response.durationMs) });
  return response;
}

/** A failing check the plan accepts passes, saying why; everything else is recorded as it is. */
function record(s: Session, op: Operation, c: CheckInput): void {
  const reason = c.ok ? undefined : s.accepted(op, c.name);
  s.ctx.check(reason === undefined ? c : { ...c, ok: true, message: `accepted: ${reason}` });
}

export function negativeCheck(op: Operation, n: NegativeCase, res: { status: number }): CheckInput {
  const expected = `4xx for a request with ${n.description}`;
  if (res.status >= 400 && res.status < 500) return { name: 'negative_data_rejection', ok: true, expected, actual: res.status };
  return {
    name: 'negative_data_rejection', ok: false, expected, actual: res.status,
    message: `${op.title}: negative_data_rejection: a request with ${n.description} got ${res.status}, expected a 4xx`,
  };
}

export async function runOperation(op: Operation, s: Session): Promise<void> {
  const draft = draftRequest(op);
  const security = securityFor(op, s.contract, s.credentials);
  const response = await send(s, op, draft, security);
  s.ctx.metric('http_req_duration', response.durationMs, 'ms', { step: op.title, method: op.method, status: String(response.status) });
  for (const c of responseChecks(op, response, { schemaCheck: s.schemaCheck, maxDurationMs: s.maxDurationMs }, s.checks)) record(s, op, c);
  if (!s.checks.has('negative_data_rejection')) return;
  for (const n of negativeCases(op, draft)) {
    const res = await send(s, op, n.draft, security);
    record(s, op, negativeCheck(op, n, res));
  }
}
