// The worker-scoped HTTP clients: one keep-alive undici Agent, plus a redirect-following view of it.
import { Agent, interceptors, type Dispatcher } from 'undici';
import type { ExecContext } from '../types.js';

export interface HttpClients {
  /** Does not follow redirects: a 3xx is the response. */
  direct: Agent;
  /** The same connection pools, following up to MAX_REDIRECTS redirects. */
  redirecting: Dispatcher;
}

export const MAX_REDIRECTS = 20;

// Concurrency comes from the worker count; this cap only stops a runaway test from opening
// thousands of sockets to one origin.
const CONNECTIONS_PER_ORIGIN = 128;

export async function openHttpClients(): Promise<HttpClients> {
  const direct = new Agent({ connections: CONNECTIONS_PER_ORIGIN });
  return { direct, redirecting: direct.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTS })) };
}

// How long closing waits for in-flight requests before cutting their sockets.
const CLOSE_GRACE_MS = 2000;

/** Closes gracefully, but never lets a stuck request hold up the end of the run. */
export async function closeHttpClients(clients: HttpClients): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const cut = new Promise<void>((resolve) => {
    timer = setTimeout(() => void clients.direct.destroy().then(resolve, resolve), CLOSE_GRACE_MS);
  });
  try {
    await Promise.race([clients.direct.close(), cut]);
  } finally {
    clearTimeout(timer);
  }
}

/** The clients of this worker, opened on first use and closed when the run ends. */
export function httpClients(ctx: ExecContext): Promise<HttpClients> {
  return ctx.resource('undici-agent', openHttpClients, closeHttpClients);
}
