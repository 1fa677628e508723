// The `load` test: a scenario of HTTP steps run as iterations under one of k6's workload models.
import { Type, type TSchema } from '@sinclair/typebox';
import { duration, strict, testCommon } from './schema-common.js';

export const loadExecutors = ['constant-vus', 'ramping-vus', 'constant-arrival-rate', 'ramping-arrival-rate'] as const;

const count = (description: string, minimum = 1) => Type.Integer({ minimum, description });

/**
 * The load schemas. A function of the api request, expect and capture schemas, which live in schema.ts:
 * importing them from there would be an import cycle, since schema.ts lists every test type.
 */
export function loadSchemas<R extends TSchema, E extends TSchema, C extends TSchema>(request: R, expect: E, capture: C) {
  const LoadStep = Type.Object(
    {
      name: Type.Optional(Type.String({ minLength: 1, description: 'Step name in the summary and in per-step thresholds (default: METHOD url).' })),
      request,
      expect: Type.Optional(expect),
      capture: Type.Optional(capture),
      think: Type.Optional(duration('Pause after this step, before the next one (think time).')),
    },
    { ...strict, description: 'One request of an iteration, as in an api test; `expect` entries are counted as checks, never stop the run.' },
  );

  const Threshold = Type.Union(
    [
      Type.String({ minLength: 1, description: 'e.g. `p(95) < 200ms`, `rate < 0.01`, `rate > 100/s`, `avg < 50ms`, `count > 1000`.' }),
      Type.Object(
        {
          threshold: Type.String({ minLength: 1, description: 'The condition, e.g. `p(99) < 500ms`.' }),
          abortOnFail: Type.Optional(Type.Boolean({ description: 'Stop the load as soon as the condition fails (checked every second).' })),
          delayAbortEval: Type.Optional(duration('With abortOnFail: how long into the run before the condition may abort it.')),
        },
        { ...strict, description: 'A condition that may stop the run early.' },
      ),
    ],
    { title: 'a condition like "p(95) < 200ms", or { threshold, abortOnFail, delayAbortEval }' },
  );

  const Stage = Type.Object(
    {
      duration: duration('How long this stage lasts.'),
      target: Type.Integer({ minimum: 0, description: 'VUs (ramping-vus) or iterations per timeUnit (ramping-arrival-rate) reached, linearly, by the end of the stage.' }),
    },
    { ...strict, description: 'A ramp to `target` over `duration`.' },
  );

  const LoadTest = Type.Object(
    {
      ...testCommon,
      type: Type.Literal('load', { description: 'A load test: a scenario run by virtual users under a workload model.' }),
      executor: Type.Optional(Type.Union(loadExecutors.map((e) => Type.Literal(e)), {
        description: 'Workload model (k6 names). constant-vus / ramping-vus: closed (each VU starts its next iteration when one ends). constant-arrival-rate / ramping-arrival-rate: open (iterations start on schedule). Default constant-vus.',
      })),
      vus: Type.Optional(count('constant-vus: virtual users running iterations in a loop.')),
      startVUs: Type.Optional(count('ramping-vus: VUs at the start (default 0).', 0)),
      duration: Type.Optional(duration('How long the load runs (constant-vus, constant-arrival-rate).')),
      iterations: Type.Optional(count('constant-vus: stop after this many iterations in total (with or instead of duration).')),
      stages: Type.Optional(Type.Array(Stage, { minItems: 1, description: 'ramping-vus / ramping-arrival-rate: the ramps, in order.' })),
      rate: Type.Optional(count('constant-arrival-rate: iterations started per timeUnit.')),
      startRate: Type.Optional(count('ramping-arrival-rate: iterations per timeUnit at the start (default 0).', 0)),
      timeUnit: Type.Optional(duration('The period `rate` counts per (default 1s).')),
      preAllocatedVUs: Type.Optional(count('Open models: VUs ready at the start.')),
      maxVUs: Type.Optional(count('Open models: most VUs ever; an iteration due when all are busy is dropped and counted.')),
      gracefulStop: Type.Optional(duration('At the end, how long running iterations may finish before they are cut (default 5s).')),
      exclusive: Type.Optional(Type.Boolean({ description: 'Run alone, after the other tests (default true). false: run beside them, e.g. a background load while browser tests measure the site under it.' })),
      connections: Type.Optional(count('Connections per origin (default: the most VUs the model can use).')),
      pipelining: Type.Optional(count('HTTP/1.1 requests in flight per connection (default 1: no pipelining).')),
      distribute: Type.Optional(Type.Integer({
        minimum: 1, maximum: 1000,
        description: 'Split the load over this many generators: the VUs, rates and iterations divided among them, their latency histograms merged into one summary and one verdict per threshold. With --remote each part runs on its own worker; locally each on its own thread. Default 1.',
      })),
      scenario: Type.Array(LoadStep, { minItems: 1, description: 'The requests of one iteration, in order; captures and templates are per iteration.' }),
      thresholds: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Type.Array(Threshold, { minItems: 1 }), {
        description: 'Pass/fail criteria, k6 style: metric (optionally `{step:NAME}`) → conditions, e.g. `http_req_duration: ["p(95) < 200ms"]`, `http_req_failed: ["rate < 0.01"]`, `iterations: ["rate > 100/s"]`, `checks: ["rate > 0.99"]`. Each is a check; the test fails if any fails.',
      })),
    },
    { ...strict, description: 'A load test: `scenario` under a workload model (`executor`), with optional `thresholds`.' },
  );

  return { LoadStep, LoadTest };
}
