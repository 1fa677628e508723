// Redis is asked once before the queue uses it: a wrong password, an unknown host or a refused port is one
// clear error (exit 3) instead of ioredis' endless retries and its stack traces on stderr.
import { Redis, type RedisOptions } from 'ioredis';
import { AitestError } from '../errors.js';
import { stripUrlCredentials } from '../util/url-credentials.js';

export async function checkRedis(url: string, connection: RedisOptions): Promise<void> {
  const probe = new Redis({ ...connection, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  // The error event says why (WRONGPASS); connect() then only says the connection closed. Without a
  // listener ioredis would print it too.
  let said: Error | undefined;
  probe.on('error', (e: Error) => (said ??= e));
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    const reason = (said ?? (e as Error)).message;
    throw new AitestError('INFRA', `Redis at ${stripUrlCredentials(url)} cannot be used: ${reason}`, {
      hint: /WRONGPASS|NOAUTH|invalid password/i.test(reason)
        ? 'Put the password Redis was started with (`requirepass`) in the URL, redis://:<password>@host:6379 (or AITEST_REDIS_URL).'
        : 'Check --redis (or AITEST_REDIS_URL) and that Redis is running there.',
    });
  } finally {
    probe.disconnect();
  }
}
