// Sends a prepared request on the worker's agent, follows redirects, and reads the whole response,
// timing first send → last body end.
import { performance } from 'node:perf_hooks';
import { AitestError } from '../../errors.js';
import { AttemptAbort, type AbortEmitter } from '../../util/attempt-abort.js';
import type { HttpResponseView } from '../../plan/types.js';
import type { HttpClients } from './clients.js';
import { dispatch, type Received } from './dispatch.js';
import { describeNetworkError } from './network-errors.js';
import { isRedirectStatus, MAX_REDIRECTS, nextHop, type Hop } from './redirects.js';
import type { PreparedRequest } from './request.js';
import { createResponseView } from './response.js';

/**
 * `abort` is the test's: when it aborts (test timeout, Ctrl-C) its error goes up untouched so the
 * worker reports `timedOut`/interrupted. Anything else that prevents a response becomes an AitestError.
 */
export async function sendRequest(req: PreparedRequest, clients: HttpClients, abort: AbortEmitter): Promise<HttpResponseView> {
  // Only requests with their own timeout pay for a child with a timer.
  const own = req.timeoutMs === undefined ? undefined : AttemptAbort.withTimeout(abort, req.timeoutMs, `request timed out after ${req.timeoutMs}ms`);
  const started = performance.now();
  try {
    const sent = await follow(req, clients, own?.abort ?? abort);
    return createResponseView(sent, performance.now() - started);
  } catch (e) {
    if (abort.aborted || e instanceof AitestError) throw e;
    throw describeNetworkError(e, req);
  } finally {
    own?.dispose();
  }
}

async function follow(req: PreparedRequest, clients: HttpClients, signal: AbortEmitter): Promise<Received> {
  const { agent } = clients;
  let res = await dispatch(agent, { origin: req.origin, path: req.path, method: req.method, headers: req.headers, body: req.body }, signal);
  let hop: Hop | undefined;
  for (let redirects = 0; req.followRedirects && isRedirectStatus(res.status) && res.headers.location !== undefined; redirects++) {
    const location = String(res.headers.location);
    hop ??= { method: req.method, url: new URL(req.url), headers: req.headers, ...(req.body !== undefined ? { body: req.body } : {}) };
    if (redirects === MAX_REDIRECTS) {
      throw new AitestError('INFRA', `${req.method} ${req.url}: stopped after ${MAX_REDIRECTS} redirects (last to ${location})`, {
        hint: 'The server redirects in a loop; set `followRedirects: false` to test the redirect itself.',
      });
    }
    hop = nextHop(hop, res.status, location);
    res = await dispatch(agent, { origin: hop.url.origin, path: hop.url.pathname + hop.url.search, method: hop.method, headers: hop.headers, body: hop.body }, signal);
  }
  return res;
}
