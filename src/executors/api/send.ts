// Sends a prepared request on the worker's agent and reads the whole response, timing send → body end.
import { performance } from 'node:perf_hooks';
import type { HttpResponseView } from '../../plan/types.js';
import type { HttpClients } from './clients.js';
import { describeNetworkError } from './network-errors.js';
import type { PreparedRequest } from './request.js';
import { createResponseView } from './response.js';

/**
 * `signal` is the test's signal: when it aborts (test timeout, Ctrl-C) its error goes up untouched so
 * the worker reports `timedOut`/interrupted. Anything else that prevents a response becomes an AitestError.
 */
export async function sendRequest(req: PreparedRequest, clients: HttpClients, signal: AbortSignal): Promise<HttpResponseView> {
  const dispatcher = req.followRedirects ? clients.redirecting : clients.direct;
  // Only requests with their own timeout pay for a combined signal.
  const requestSignal = req.timeoutMs === undefined ? signal : AbortSignal.any([signal, AbortSignal.timeout(req.timeoutMs)]);
  const started = performance.now();
  try {
    const res = await dispatcher.request({
      origin: req.origin, path: req.path, method: req.method, headers: req.headers, body: req.body, signal: requestSignal,
    });
    const body = await res.body.text();
    return createResponseView(res.statusCode, res.headers, body, performance.now() - started);
  } catch (e) {
    if (signal.aborted) throw e;
    throw describeNetworkError(e, req);
  }
}
