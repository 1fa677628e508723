// Background threads (util/thread-host.ts) for a test file, each ended after the test that started it.
import { afterEach } from 'vitest';
// The thread runs compiled JavaScript: `npm test` builds dist/ before vitest starts.
import { startThreadHost, type ThreadHost } from '../../dist/util/thread-host.js';

/** Call at the top of a test file; the function it returns starts a host that is ended after the test. */
export function useThreadHosts(): () => ThreadHost {
  const hosts: ThreadHost[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.end();
  });
  return () => {
    const h = startThreadHost();
    hosts.push(h);
    return h;
  };
}
