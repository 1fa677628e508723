// The load generator's thread: runs the engine, sends a tick every second and the summary at the end.
// Its own event loop, so the hot loop neither waits behind the runner's work nor delays it.
import { parentPort, workerData } from 'node:worker_threads';
import { isAitestError } from '../../errors.js';
import { parseDuration } from '../../plan/duration.js';
import { LoadEngine } from './engine.js';
import { thresholdRules } from './threshold-rules.js';
import type { FromGenerator, GeneratorInput, ToGenerator } from './generator-protocol.js';
import { modelOf } from './models.js';
import { prepareScenario } from './scenario.js';
import { warmUpGenerator } from './warm-up.js';

const port = parentPort!;
const send = (m: FromGenerator): void => port.postMessage(m);
const input = workerData as GeneratorInput;

try {
  const { spec } = input;
  const model = modelOf(spec);
  // One connection per VU that can be busy at once, unless the plan says otherwise: a VU then never
  // waits for a connection, so what is measured is the server.
  const connections = spec.connections ?? model.maxVUs;
  const scenario = prepareScenario({ ...input, connections, pipelining: spec.pipelining ?? 1, maxVUs: model.maxVUs });
  const engine = new LoadEngine({
    model, scenario, rules: thresholdRules(spec),
    gracefulStopMs: spec.gracefulStop === undefined ? 5000 : parseDuration(spec.gracefulStop),
    onTick: (tick) => send({ kind: 'tick', tick }),
  });
  port.on('message', (m: ToGenerator) => {
    if (m.kind === 'stop') engine.stop('interrupted');
  });
  await warmUpGenerator();
  // Before any connection: a host the policy refuses ends the test at once, saying why.
  await scenario.checkEgress();
  // As many as the model starts with: VUs at the start, or the open model's preallocated ones.
  await scenario.preconnect(model.kind === 'open' ? model.preAllocatedVUs : Math.max(model.startVUs, 1));
  const summary = await engine.run();
  await scenario.close().catch(() => {});
  send({ kind: 'done', summary });
} catch (e) {
  if (isAitestError(e)) send({ kind: 'error', message: e.message, hint: e.hint, code: e.code });
  else send({ kind: 'error', message: e instanceof Error ? e.stack ?? e.message : String(e) });
} finally {
  port.close();
}
