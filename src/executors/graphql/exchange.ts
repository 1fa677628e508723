// One GraphQL round: resolve, check the document, POST it through the api executor's request path (same
// agent, headers, secrets, redirects, timings and network errors), then expect, check and capture.
import type { AssertionCache } from '../../assertions/types.js';
import type { CaptureSpec, CheckFunction, GraphqlExpectSpec, GraphqlOperationSpec, HttpRequestSpec } from '../../plan/types.js';
import type { ExecContext } from '../types.js';
import { applyCaptures } from '../api/capture.js';
import { runCheckFunction } from '../api/check-function.js';
import type { HttpClients } from '../api/clients.js';
import { prepareRequest } from '../api/request.js';
import { sendRequest } from '../api/send.js';
import { loadDocument } from './document.js';
import { evaluateGraphqlExpect } from './expect.js';
import { judgedText } from '../api/judge-content.js';

const DEFAULT_ENDPOINT = '/graphql';

/** What a round needs from its test: the api executor's ExchangeEnv (not imported: api/exchange.ts loads this module). */
export interface GraphqlEnv {
  clients: HttpClients;
  cache: AssertionCache;
  /** defaults.headers, resolved once per test. */
  defaultHeaders: Record<string, string>;
}

/** A graphql test, or an api test's `graphql:` step. */
export interface GraphqlCall {
  operation: GraphqlOperationSpec;
  expect?: GraphqlExpectSpec | undefined;
  capture?: CaptureSpec | undefined;
  /** TypeScript plans, api steps only: a custom check of the response. */
  check?: CheckFunction | undefined;
}

/** Runs one operation; returns false when one of its checks failed (later steps would only cascade). */
export async function runGraphqlExchange(call: GraphqlCall, ctx: ExecContext, env: GraphqlEnv): Promise<boolean> {
  // Resolved here, right before sending, so captures from earlier steps are visible.
  const op = ctx.resolve(call.operation);
  const document = await loadDocument(op, ctx.test.file, ctx.sandbox);
  const body: Record<string, unknown> = { query: document.text };
  if (op.variables !== undefined) body.variables = op.variables;
  if (op.operationName !== undefined) body.operationName = op.operationName;
  const spec: HttpRequestSpec = { method: 'POST', url: op.endpoint ?? DEFAULT_ENDPOINT, json: body };
  if (op.headers !== undefined) spec.headers = op.headers;
  const request = prepareRequest(spec, ctx.test.baseUrl, env.defaultHeaders);
  // application/json: GraphQL over HTTP then answers 200 with `errors`, rather than a 4xx, for a query that fails.
  request.headers.accept ??= 'application/json';
  for (const s of request.secrets) ctx.secret(s);

  const response = await sendRequest(request, env.clients, ctx.abort);
  ctx.metric('graphql_req_duration', response.durationMs, 'ms', { operation: document.label });
  if (ctx.log.debugEnabled) ctx.log.debug('graphql request', { operation: document.label, kind: document.kind, url: request.url, status: response.status, durationMs: Math.round(response.durationMs) });

  let ok = true;
  const expect = call.expect === undefined ? {} : ctx.resolve(call.expect);
  for (const c of evaluateGraphqlExpect(expect, response, env.cache)) ok = ctx.check(c) && ok;
  if (expect.judge) {
    // `on` is a JSONPath into the whole GraphQL response, e.g. `$.data.answer`.
    const content = judgedText(expect.judge, response, env.cache);
    ok = ('check' in content ? ctx.check(content.check) : await ctx.judge(expect.judge, { kind: 'text', text: content.text })) && ok;
  }
  if (call.check) ok = ctx.check(await runCheckFunction(call.check, response)) && ok;
  // As in api tests: captures wait for the checks to pass ("nothing at $.data.x" after an error adds only noise).
  if (ok && call.capture) ok = applyCaptures(call.capture, response, ctx, env.cache);
  return ok;
}
