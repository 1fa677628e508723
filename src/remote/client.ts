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

/**
 * Every event of the run from `offset` to its run:end, handed to `onEvent` in order. A connection that
 * drops is opened again from the last offset seen (a few times, then it gives up).
 */
export async function followRun(t: RemoteTarget, runId: string, onEvent: (e: RunEvent) => void, offset = 0): Promise<void> {
  let at = offset;
  for (let failures = 0; failures < 5;) {
    try {
      const res = await request(new URL(`/api/v1/runs/${encodeURIComponent(runId)}/events?offset=${at}`, t.url), {
        headers: t.token ? { authorization: `Bearer ${t.token}` } : {},
        bodyTimeout: 0,
      });
      if (res.statusCode !== 200) {
        const body = (await res.body.json().catch(() => ({}))) as ErrorBody;
        throw new AitestError(res.statusCode === 404 ? 'NOT_FOUND' : 'INFRA', body.error?.message ?? `HTTP ${res.statusCode} from the event stream`);
      }
      let ended = false;
      const decode = createLineDecoder<StreamedEvent>(({ offset: o, event }) => {
        if (ended || o < at) return;
        at = o + 1;
        failures = 0;
        onEvent(event);
        if (event.type === 'run:end') ended = true;
      });
      for await (const chunk of res.body) {
        decode(chunk.toString());
        if (ended) return;
      }
    } catch (e) {
      if (e instanceof AitestError) throw e;
    }
    failures++;
    await new Promise((r) => setTimeout(r, 200 * failures));
  }
  throw new AitestError('INFRA', `Lost the event stream of run ${runId} at event ${at}.`, { hint: `The run goes on there: \`aitest remote status ${runId}\`.` });
}
