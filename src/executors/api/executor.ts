// The `api` executor: one request, or steps run in order sharing captures, over a worker-scoped undici agent.
import { createAssertionCache } from '../../assertions/cache.js';
import { AitestError } from '../../errors.js';
import type { ApiStepSpec, ApiTestSpec } from '../../plan/types.js';
import type { Executor } from '../types.js';
import { httpClients } from './clients.js';
import { exchangeTitle, runExchange, type ExchangeEnv } from './exchange.js';

const NO_HEADERS: Record<string, string> = {};

export const apiExecutor = {
  type: 'api',
  resource: 'network',
  async run(spec, ctx) {
    if (spec.steps && spec.request) {
      throw new AitestError('PLAN_INVALID', 'an api test has both `request` and `steps`', { hint: 'Use `request` for one call, or move it into `steps`.' });
    }
    const defaults = ctx.test.headers;
    const env: ExchangeEnv = {
      clients: await httpClients(ctx),
      cache: await ctx.resource('assertion-cache', async () => createAssertionCache()),
      defaultHeaders: defaults && Object.keys(defaults).length > 0 ? ctx.resolve(defaults) : NO_HEADERS,
    };

    if (spec.steps) {
      for (const step of spec.steps) {
        const title = exchangeTitle(step);
        const ok = await ctx.step(title, () => runExchange(step, title, ctx, env));
        if (!ok) break;
      }
      return;
    }
    if (!spec.request) {
      throw new AitestError('PLAN_INVALID', 'an api test needs a `request` or `steps`', { hint: 'e.g. `request: { method: GET, url: /health }`.' });
    }
    // A single request is not wrapped in a step: one test, one exchange, no extra event per test.
    const single: ApiStepSpec = { request: spec.request, expect: spec.expect, capture: spec.capture, check: spec.check };
    await runExchange(single, exchangeTitle(single), ctx, env);
  },
} satisfies Executor<ApiTestSpec>;
