// Talking to an orchestrator from the CLI: submit a run, follow its events (resuming where a dropped
// connection left off), stop it. Errors come back as AitestErrors a user can act on.
import { request } from 'undici';
import { AitestError, type PlanIssue } from '../errors.js';
import type { RunEvent } from '../events/types.js';
import { createLineDecoder, type StreamedEvent } from '../events/wire.js';
import type { ExecuteRequest } from './protocol.js';

export interface RemoteTarget {
  url: string;
  token?: string;
}

interface ErrorBody {
  error?: { code?: string; message?: string; hint?: string; issues?: PlanIssue[] };
}

async function call<T>(t: RemoteTarget, method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
  let res;
  try {
    res = await request(new URL(route, t.url), {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(t.token ? { authorization: `Bearer ${t.token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (e) {
    throw new AitestError('INFRA', `The orchestrator at ${t.url} cannot be reached: ${(e as Error).message}`, { hint: 'Check --remote and that `aitest serve` is running there.' });
  }
  const text = await res.body.text();
  const parsed = (text ? JSON.parse(text) : {}) as T & ErrorBody;
  if (res.statusCode < 400) return parsed;
  const err = parsed.error ?? {};
  const message = err.message ?? `HTTP ${res.statusCode}`;
  if (res.statusCode === 401) throw new AitestError('USAGE', `The orchestrator refused the token: ${message}`, { hint: 'Set AITEST_TOKEN or pass --token-file FILE (a file holding the token).' });
  if (res.statusCode === 403) throw new AitestError('USAGE', `The orchestrator refused: ${message}`, { hint: 'Use a token with the role this needs.' });
  if (err.code === 'PLAN_INVALID' || err.code === 'PLAN_NOT_FOUND') throw new AitestError(err.code, message, { ...(err.issues ? { issues: err.issues } : {}), ...(err.hint ? { hint: err.hint } : {}) });
  if (res.statusCode === 404) throw new AitestError('NOT_FOUND', message);
  if (res.statusCode < 500) throw new AitestError('USAGE', `The orchestrator refused the request: ${message}`, err.hint ? { hint: err.hint } : {});
  throw new AitestError('INFRA', `The orchestrator failed: ${message}`);
}

export const submitRun = (t: RemoteTarget, body: ExecuteRequest): Promise<{ runId: string; total: number }> =>
  call(t, 'POST', '/api/v1/tests/execute', body);

export const remoteAction = (t: RemoteTarget, action: 'stop' | 'pause' | 'resume', runId: string): Promise<unknown> =>
  call(t, 'POST', `/api/v1/tests/${action}/${encodeURIComponent(runId)}`);

export const remoteStatus = (t: RemoteTarget, runId: string): Promise<Record<string, unknown>> =>
  call(t, 'GET', `/api/v1/tests/status/${encodeURIComponent(runId)}`);

/** A result's artifact as the orchestrator keeps it. */
export async function downloadArtifact(t: RemoteTarget, runId: string, rel: string): Promise<Buffer> {
  const route = `/api/v1/runs/${encodeURIComponent(runId)}/artifacts/${rel.split('/').map(encodeURIComponent).join('/')}`;
  const res = await request(new URL(route, t.url), { headers: t.token ? { authorization: `Bearer ${t.token}` } : {} });
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new Error(`HTTP ${res.statusCode}`);
  }
  return Buffer.from(await res.body.arrayBuffer());
}

export interface FollowOptions {
  /** How long to keep trying to reconnect after the stream dropped, ms (default 60 s: an orchestrator restart). */
  reconnectMs?: number;
  /** A stream that sends nothing for this long is taken as dead, ms (default 30 s; the orchestrator sends a keep-alive every 10 s). */
  idleMs?: number;
}

/**
 * Every event of the run from `offset` to its run:end, handed to `onEvent` in order. A connection that
 * drops, or goes quiet past `idleMs`, is opened again from the last offset seen, with growing pauses, for
 * up to `reconnectMs` without news (an orchestrator restarting, or another one taking the run over).
 */
export async function followRun(t: RemoteTarget, runId: string, onEvent: (e: RunEvent) => void, offset = 0, o: FollowOptions = {}): Promise<void> {
  const reconnectMs = o.reconnectMs ?? 60_000;
  const idleMs = o.idleMs ?? 30_000;
  let at = offset;
  let lastNews = Date.now();
  let why = '';
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await request(new URL(`/api/v1/runs/${encodeURIComponent(runId)}/events?offset=${at}`, t.url), {
        headers: t.token ? { authorization: `Bearer ${t.token}` } : {},
        headersTimeout: idleMs,
        bodyTimeout: idleMs,
      });
      if (res.statusCode !== 200) {
        const body = (await res.body.json().catch(() => ({}))) as ErrorBody;
        // 404 and refusals are answers, not a dropped connection; a 5xx (a proxy, a restart) is tried again.
        if (res.statusCode < 500) throw new AitestError(res.statusCode === 404 ? 'NOT_FOUND' : 'INFRA', body.error?.message ?? `HTTP ${res.statusCode} from the event stream`);
        throw new Error(body.error?.message ?? `HTTP ${res.statusCode}`);
      }
      let ended = false;
      const decode = createLineDecoder<StreamedEvent>(({ offset: o, event }) => {
        if (ended || o < at) return;
        at = o + 1;
        onEvent(event);
        if (event.type === 'run:end') ended = true;
      });
      for await (const chunk of res.body) {
        // Any line, a keep-alive included, is news: the orchestrator is there.
        lastNews = Date.now();
        attempt = 0;
        decode(chunk.toString());
        if (ended) return;
      }
      why = 'the orchestrator closed the stream before the run ended';
    } catch (e) {
      if (e instanceof AitestError) throw e;
      const code = (e as { code?: string }).code;
      why = code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' ? `the orchestrator sent nothing for ${Math.round(idleMs / 1000)} s` : (e as Error).message;
    }
    if (Date.now() - lastNews >= reconnectMs) break;
    await new Promise((r) => setTimeout(r, Math.min(5_000, 200 * 2 ** attempt)));
  }
  throw new AitestError('INFRA', `Lost the event stream of run ${runId} at event ${at}: no answer from the orchestrator for ${Math.round(reconnectMs / 1000)} s (${why}).`, {
    hint: `The run may go on there: \`aitest remote status ${runId}\`; \`aitest remote logs ${runId}\` follows it again.`,
  });
}
