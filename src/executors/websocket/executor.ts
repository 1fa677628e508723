// The `websocket` executor: one connection per test, steps run in order on it, sharing captures.
import { createAssertionCache } from '../../assertions/cache.js';
import type { WebSocketTestSpec } from '../../plan/types.js';
import { isSensitiveHeader } from '../../util/sensitive.js';
import type { ExecContext, Executor } from '../types.js';
import { openConnection, resolveWsUrl } from './connection.js';
import { checkSteps, runStep, stepTitle, type Session } from './steps.js';

const USER_AGENT = 'aitest';

/** Lower-cased upgrade headers: defaults.headers, then the test's own; sensitive values become secrets. */
function upgradeHeaders(spec: WebSocketTestSpec, ctx: ExecContext): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': USER_AGENT };
  for (const source of [ctx.test.headers, spec.headers]) {
    if (!source || Object.keys(source).length === 0) continue;
    for (const [name, value] of Object.entries(ctx.resolve(source))) {
      const key = name.toLowerCase();
      headers[key] = String(value);
      if (isSensitiveHeader(key)) ctx.secret(String(value));
    }
  }
  return headers;
}

export const webSocketExecutor = {
  type: 'websocket',
  resource: 'network',
  async run(spec, ctx) {
    const steps = spec.steps ?? [];
    checkSteps(steps);
    const url = resolveWsUrl(ctx.resolve(spec.url), ctx.test.baseUrl);
    const target = { url, headers: upgradeHeaders(spec, ctx), protocols: spec.protocols ? ctx.resolve(spec.protocols) : [] };
    const cache = await ctx.resource('assertion-cache', async () => createAssertionCache());

    const { connection, connectMs } = await openConnection(target, ctx.abort, ctx.sandbox.net);
    ctx.metric('ws_connect_duration', connectMs, 'ms', { url: spec.url });
    if (ctx.log.debugEnabled) ctx.log.debug('websocket open', { url: url.href, protocol: connection.protocol, durationMs: Math.round(connectMs) });
    const session: Session = { connection, cache, matched: [] };
    try {
      for (const step of steps) {
        const title = stepTitle(step);
        // Resolved right before it runs, so captures of earlier steps are visible.
        const ok = await ctx.step(title, () => runStep(ctx.resolve(step), title, ctx, session));
        if (!ok) break;
      }
    } finally {
      await connection.dispose();
    }
  },
} satisfies Executor<WebSocketTestSpec>;
