// The `graphql` executor: one query or mutation, over the worker's undici agent that api tests use too.
import { createAssertionCache } from '../../assertions/cache.js';
import type { GraphqlTestSpec } from '../../plan/types.js';
import type { Executor } from '../types.js';
import { httpClients } from '../api/clients.js';
import { runGraphqlExchange, type GraphqlEnv } from './exchange.js';

const NO_HEADERS: Record<string, string> = {};

export const graphqlExecutor = {
  type: 'graphql',
  resource: 'network',
  async run(spec, ctx) {
    const defaults = ctx.test.headers;
    const env: GraphqlEnv = {
      clients: await httpClients(ctx),
      cache: await ctx.resource('assertion-cache', async () => createAssertionCache()),
      defaultHeaders: defaults && Object.keys(defaults).length > 0 ? ctx.resolve(defaults) : NO_HEADERS,
    };
    // The test holds the operation's fields at its top. A single operation is not wrapped in a step, as a
    // single api request is not.
    await runGraphqlExchange({ operation: spec, expect: spec.expect, capture: spec.capture }, ctx, env);
  },
} satisfies Executor<GraphqlTestSpec>;
