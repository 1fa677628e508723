// Connections under an egress policy: an api request and a WebSocket to a refused address never reach the
// server, by address or by a name that resolves to it, and say why; allowed ones go through unchanged.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { closeHttpClients, openGuardedHttpClients } from '../../../src/executors/api/clients.js';
import { openConnection } from '../../../src/executors/websocket/connection.js';
import { AttemptAbort } from '../../../src/util/attempt-abort.js';
import { checkHost } from '../../../src/util/net-guard.js';
import { createNetPolicy, type NetPolicy } from '../../../src/util/net-policy.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';

let server: TestServer;
let wss: WebSocketServer;
let wsPort: number;
let wsConnections = 0;
beforeAll(async () => {
  server = await startTestServer();
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (s) => {
    wsConnections++;
    s.send('hello');
  });
  await new Promise((r) => wss.once('listening', r));
  wsPort = (wss.address() as AddressInfo).port;
});
afterAll(async () => {
  await server.close();
  await new Promise((r) => wss.close(r));
});

async function get(policy: NetPolicy, url: string): Promise<{ status: number } | { error: string }> {
  const clients = await openGuardedHttpClients(policy);
  try {
    const u = new URL(url);
    const res = await clients.agent.request({ origin: u.origin, path: u.pathname, method: 'GET' });
    await res.body.text();
    return { status: res.statusCode };
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    await closeHttpClients(clients);
  }
}

describe('the policy agent of api, graphql and contract tests', () => {
  const port = () => new URL(server.url).port;

  it('refuses a denied address, by literal or by a name resolving to it, before connecting', async () => {
    const policy = createNetPolicy({ deny: ['127.0.0.1/32'] });
    expect(await get(policy, `http://127.0.0.1:${port()}/ok`)).toEqual({ error: "127.0.0.1 is refused by this worker's egress policy (--deny-net 127.0.0.1/32)" });
    expect(await get(policy, `http://localhost:${port()}/ok`)).toEqual({ error: "localhost resolves to 127.0.0.1: 127.0.0.1 is refused by this worker's egress policy (--deny-net 127.0.0.1/32)" });
    expect(await get(createNetPolicy(), 'http://169.254.169.254/latest/meta-data/')).toEqual({ error: "169.254.169.254 is refused by this worker's egress policy (link-local and cloud metadata addresses)" });
    expect(server.hits.get('/ok')).toBeUndefined();
  });

  it('lets an allowed address through, by literal and by name', async () => {
    const policy = createNetPolicy({ allow: ['127.0.0.1/32'] });
    expect(await get(policy, `http://127.0.0.1:${port()}/ok`)).toEqual({ status: 200 });
    expect(await get(policy, `http://localhost:${port()}/ok`)).toEqual({ status: 200 });
    expect(server.hits.get('/ok')).toBe(2);
  });

  it('checkHost answers the same for a page\'s host', async () => {
    const policy = createNetPolicy({ allow: ['10.0.0.0/8'] });
    expect((await checkHost(policy, 'localhost'))?.message).toBe("localhost resolves to 127.0.0.1: 127.0.0.1 is refused by this worker's egress policy (not in --allow-net 10.0.0.0/8)");
    expect((await checkHost(policy, '[::1]'))?.message).toContain('not in --allow-net');
    expect(await checkHost(policy, '10.1.1.1')).toBeUndefined();
  });
});

describe('WebSocket connections', () => {
  const open = (host: string, policy?: NetPolicy) => {
    const abort = new AttemptAbort();
    return openConnection({ url: new URL(`ws://${host}:${wsPort}/`), headers: {}, protocols: [] }, abort, policy);
  };

  it('a refused address (or a name resolving to it) is an error that says why, and no connection is made', async () => {
    const policy = createNetPolicy({ deny: ['127.0.0.1/32'] });
    for (const host of ['127.0.0.1', 'localhost']) {
      const err = await open(host, policy).then(() => undefined, (e: Error) => e);
      expect(err?.message, host).toContain("127.0.0.1 is refused by this worker's egress policy (--deny-net 127.0.0.1/32)");
    }
    expect(wsConnections).toBe(0);
  });

  it('an allowed one opens as before', async () => {
    const { connection } = await open('localhost', createNetPolicy({ allow: ['127.0.0.1/32'] }));
    expect(connection.isOpen).toBe(true);
    await connection.dispose();
    expect(wsConnections).toBe(1);
  });
});
