// Reading an OpenAPI document (or a $ref in one) from an http(s) URL under a worker's egress policy: the
// swagger-parser http resolver's `read`, over an agent that connects only where the policy allows (the
// parser's own reader uses global fetch, which the policy would not see). Redirects are followed hop by
// hop, each one checked again.
import { guardedConnector } from '../../util/guarded-connector.js';
import type { NetPolicy } from '../../util/net-policy.js';
import { Agent } from 'undici';

interface HttpResolverOptions {
  timeout?: number;
  redirects?: number;
  headers?: Record<string, string> | null;
}

export interface GuardedHttpResolver {
  read(this: HttpResolverOptions, file: { url: string }): Promise<Buffer>;
  /**
   * Why the last read failed, worded as swagger-parser's own reader words it. The parser wraps what a
   * custom reader throws in an error of its own without the message, so the loader asks here.
   */
  failure?: Error;
}

/** The `resolve.http` options for swagger-parser: its own, with `read` going through the policy. */
export function guardedHttpResolver(policy: NetPolicy): GuardedHttpResolver {
  const resolver: GuardedHttpResolver = {
    async read(file) {
      try {
        return await fetchDocument(policy, file.url, this);
      } catch (e) {
        resolver.failure = Object.assign(new Error(`Error downloading ${file.url}: ${(e as Error).message}`), { name: 'ResolverError', cause: e });
        throw e;
      }
    },
  };
  return resolver;
}

async function fetchDocument(policy: NetPolicy, href: string, o: HttpResolverOptions): Promise<Buffer> {
  const agent = new Agent({ connect: guardedConnector(policy) });
  const timeout = o.timeout ?? 60_000;
  const redirects = o.redirects ?? 5;
  try {
    let url = new URL(href);
    for (let hop = 0; ; hop++) {
      const res = await agent.request({
        origin: url.origin, path: url.pathname + url.search, method: 'GET', headers: o.headers ?? {}, headersTimeout: timeout, bodyTimeout: timeout,
      });
      const location = res.headers.location;
      if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
        await res.body.dump();
        if (hop >= redirects) throw new Error(`too many redirects (more than ${redirects}) from ${href}`);
        url = new URL(location, url);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`redirected to ${url.protocol} URL ${url.href}`);
        continue;
      }
      if (res.statusCode >= 400) {
        await res.body.dump();
        throw new Error(`HTTP ERROR ${res.statusCode}`);
      }
      return Buffer.from(await res.body.arrayBuffer());
    }
  } finally {
    await agent.destroy();
  }
}
