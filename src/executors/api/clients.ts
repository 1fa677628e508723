// The worker-scoped HTTP client: one keep-alive undici Agent shared by every api test of the run.
import { guardedConnector } from '../../util/guarded-connector.js';
import type { NetPolicy } from '../../util/net-policy.js';
import { Agent } from 'undici';
import type { ExecContext } from '../types.js';

export interface HttpClients {
  /** Sends exactly the request given; redirects are followed by `sendRequest`. */
  agent: Agent;
}

// Concurrency comes from the worker count; this cap only stops a runaway test from opening
// thousands of sockets to one origin.
const CONNECTIONS_PER_ORIGIN = 128;

export async function openHttpClients(): Promise<HttpClients> {
  return { agent: new Agent({ connections: CONNECTIONS_PER_ORIGIN }) };
}

/** A remote worker's clients: every connection they open is checked against the egress policy first. */
export async function openGuardedHttpClients(policy: NetPolicy): Promise<HttpClients> {
  return { agent: new Agent({ connections: CONNECTIONS_PER_ORIGIN, connect: guardedConnector(policy) }) };
}

// How long closing waits for in-flight requests before cutting their sockets.
const CLOSE_GRACE_MS = 2000;

/** Closes gracefully, but never lets a stuck request hold up the end of the run. */
export async function closeHttpClients(clients: HttpClients): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const cut = new Promise<void>((resolve) => {
    timer = setTimeout(() => void clients.agent.destroy().then(resolve, resolve), CLOSE_GRACE_MS);
  });
  try {
    await Promise.race([clients.agent.close(), cut]);
  } finally {
    clearTimeout(timer);
  }
}

/** The clients of this worker, opened on first use and closed when the run ends. */
export function httpClients(ctx: ExecContext): Promise<HttpClients> {
  const policy = ctx.sandbox.net;
  // Under a key of its own: the local run's agent is never one with a policy, nor the other way round.
  if (policy) return ctx.resource('undici-agent:egress-policy', () => openGuardedHttpClients(policy), closeHttpClients);
  return ctx.resource('undici-agent', openHttpClients, closeHttpClients);
}
