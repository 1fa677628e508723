// One request/response round of an api test: resolve, send, measure, expect, check, capture.
import { evaluateExpect } from '../../assertions/registry.js';
import { AitestError } from '../../errors.js';
import type { AssertionCache } from '../../assertions/types.js';
import type { ApiStepSpec } from '../../plan/types.js';
import type { ExecContext } from '../types.js';
import type { HttpClients } from './clients.js';
import { externalSchemaRef } from '../contract/schema-ref.js';
import { applyCaptures } from './capture.js';
import { judgedText } from './judge-content.js';
import { runCheckFunction } from './check-function.js';
import { prepareRequest } from './request.js';
import { sendRequest } from './send.js';

export interface ExchangeEnv {
  clients: HttpClients;
  cache: AssertionCache;
  /** defaults.headers, resolved once per test. */
  defaultHeaders: Record<string, string>;
}

/**
 * The title of a step in reports and metric labels: its name, or `METHOD url` with the url as written (stable
 * across runs); a `graphql` step's is `GraphQL query|mutation [operationName]`.
 */
export function exchangeTitle(step: ApiStepSpec): string {
  if (step.name !== undefined) return step.name;
  if (step.request) return `${step.request.method ?? 'GET'} ${step.request.url}`;
  return `GraphQL ${step.graphql?.mutation !== undefined ? 'mutation' : 'query'}${step.graphql?.operationName ? ` ${step.graphql.operationName}` : ''}`;
}

/** Runs one exchange; returns false when one of its checks failed (later steps would only cascade). */
export async function runExchange(step: ApiStepSpec, title: string, ctx: ExecContext, env: ExchangeEnv): Promise<boolean> {
  if (step.graphql !== undefined && step.request === undefined) {
    // Loaded only by plans that mix GraphQL into api steps; it shares this env, so captures flow both ways.
    const { runGraphqlExchange } = await import('../graphql/exchange.js');
    return runGraphqlExchange({ operation: step.graphql, expect: step.expect, capture: step.capture, check: step.check }, ctx, env);
  }
  if (!step.request || step.graphql !== undefined) {
    throw new AitestError('PLAN_INVALID', `step "${title}" needs exactly one of \`request\` and \`graphql\``, { hint: 'A step makes one call: an HTTP `request`, or a `graphql` operation.' });
  }
  // Resolved here, right before sending, so captures from earlier steps are visible.
  const request = prepareRequest(ctx.resolve(step.request), ctx.test.baseUrl, env.defaultHeaders);
  for (const s of request.secrets) ctx.secret(s);

  const response = await sendRequest(request, env.clients, ctx.abort);
  ctx.metric('http_req_duration', response.durationMs, 'ms', { step: title, method: request.method, status: String(response.status) });
  if (ctx.log.debugEnabled) ctx.log.debug('http request', { method: request.method, url: request.url, status: response.status, durationMs: Math.round(response.durationMs) });

  let ok = true;
  if (step.expect) {
    const expect = ctx.resolve(step.expect);
    // A schema of an OpenAPI document, or conformance to one of its operations: the contract code, loaded on use.
    const specRef = externalSchemaRef(expect.schema) !== undefined;
    const fromSpec = specRef || expect.openapi !== undefined;
    const local = fromSpec ? { ...expect, schema: specRef ? undefined : expect.schema, openapi: undefined } : expect;
    for (const c of evaluateExpect(local, response, env.cache)) ok = ctx.check(c) && ok;
    if (fromSpec) {
      const { specChecks } = await import('../contract/spec-expect.js');
      for (const c of await specChecks(expect, response, ctx)) ok = ctx.check(c) && ok;
    }
    if (expect.judge) {
      const content = judgedText(expect.judge, response, env.cache);
      ok = ('check' in content ? ctx.check(content.check) : await ctx.judge(expect.judge, { kind: 'text', text: content.text })) && ok;
    }
  }
  if (step.check) ok = ctx.check(await runCheckFunction(step.check, response)) && ok;
  // Captures after a failed expectation would add noise ("nothing at $.id" after a 500), so they wait for success.
  if (ok && step.capture) ok = applyCaptures(step.capture, response, ctx, env.cache);
  return ok;
}
