// Warms the generator before the clock starts: the first requests of a process compile undici's HTTP parser
// (WebAssembly) and run undici's and the engine's code unoptimised, which at a high arrival rate left the
// first few hundred milliseconds behind schedule (iterations dropped, latencies inflated). The warm-up
// runs the real engine, through both a pool and per-VU clients, against a server of its own inside this
// thread: never against the system under test.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LoadEngine } from './engine.js';
import { modelOf } from './models.js';
import { prepareScenario } from './scenario.js';

const ITERATIONS = 1500;
const VUS = 8;

export async function warmUpGenerator(): Promise<void> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    // Fewer connections than VUs: a pool; as many: a client per VU.
    for (const connections of [VUS / 2, VUS]) {
      const spec = { name: 'warm-up', type: 'load' as const, vus: VUS, iterations: ITERATIONS, scenario: [{ request: { url } }] };
      const model = modelOf(spec);
      const scenario = prepareScenario({ spec, baseUrl: undefined, vars: {}, env: {}, defaultHeaders: {}, connections, pipelining: 1, maxVUs: model.maxVUs });
      await new LoadEngine({ model, scenario, rules: [], gracefulStopMs: 1000, onTick: () => {} }).run();
      await scenario.close();
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
