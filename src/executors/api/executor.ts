// The `api` executor: one request, or steps run in order sharing captures, over a worker-scoped undici agent.
import { createAssertionCache } from '../../assertions/cache.js';
import { AitestError } from '../../errors.js';
import type { ApiStepSpec, ApiTestSpec } from '../../plan/types.js';
import type { Executor } from '../types.js';
import type { AssertionCache } from '../../assertions/types.js';
import { httpClients, type HttpClients } from './clients.js';
import { exchangeTitle, runExchange, type ExchangeEnv } from './exchange.js';

const NO_HEADERS: Record<string, string> = {};

/** What every api test of the run shares: the HTTP agent and compiled assertions (schemas, JSONPaths). */
interface Shared {
  clients: HttpClients;
  cache: AssertionCache;
}

// A test's single request as a step, made once per spec: a retried or repeated test reuses it.
const singles = new WeakMap<ApiTestSpec, { step: ApiStepSpec; title: string }>();
function singleStep(spec: ApiTestSpec): { step: ApiStepSpec; title: string } {
  let s = singles.get(spec);
  if (!s) {
    const step: ApiStepSpec = { request: spec.request!, expect: spec.expect, capture: spec.capture, check: spec.check };
    s = { step, title: exchangeTitle(step) };
    singles.set(spec, s);
  }
  return s;
}

export const apiExecutor = {
  type: 'api',
  resource: 'network',
  async run(spec, ctx) {
    if (spec.steps && spec.request) {
      throw new AitestError('PLAN_INVALID', 'an api test has both `request` and `steps`', { hint: 'Use `request` for one call, or move it into `steps`.' });
    }
    const defaults = ctx.test.headers;
    // One resource lookup per test, not two; the agent itself is the 'undici-agent' resource other executors share.
    const shared = await ctx.resource<Shared>('api-shared', async () => ({ clients: await httpClients(ctx), cache: createAssertionCache() }));
    const env: ExchangeEnv = {
      clients: shared.clients,
      cache: shared.cache,
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
    const single = singleStep(spec);
    await runExchange(single.step, single.title, ctx, env);
  },
} satisfies Executor<ApiTestSpec>;
