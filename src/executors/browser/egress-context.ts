// A test's browser context under the worker's egress policy: every request of the context goes through an
// egress proxy of its own, and each refusal is a failed check that says why. Locally (no policy) the context
// opens exactly as before.
import type { BrowserContext, BrowserContextOptions } from 'playwright-core';
import type { ExecContext } from '../types.js';
import { startEgressProxy } from './egress-proxy.js';

/** `open` with the options that route the context through the policy (none without one). */
export async function openUnderEgressPolicy(ctx: ExecContext, open: (extra: BrowserContextOptions) => Promise<BrowserContext>): Promise<BrowserContext> {
  const policy = ctx.sandbox.net;
  if (!policy) return open({});
  // One check per refused reason: a page that retries a refused host does not bury the result in copies.
  const seen = new Set<string>();
  const proxy = await startEgressProxy(policy, (target, reason) => {
    if (seen.has(reason)) return;
    seen.add(reason);
    ctx.check({ name: 'egress policy', ok: false, expected: 'connections this worker allows', actual: target, message: `the browser's request to ${target} was not sent: ${reason}` });
  });
  try {
    // No `bypass`: Playwright then sends loopback through the proxy too.
    const context = await open({ proxy: { server: proxy.url } });
    context.once('close', () => void proxy.close());
    return context;
  } catch (e) {
    await proxy.close();
    throw e;
  }
}
