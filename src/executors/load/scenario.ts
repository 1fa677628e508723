// A load scenario made ready to run many times: each step's request prepared once when it has no
// per-iteration template (captures, faker), and what each step must read from a response decided up front,
// so the hot path reads a body only when an expectation or a capture needs it.
import { Client, Pool, type Dispatcher } from 'undici';
import { createAssertionCache } from '../../assertions/cache.js';
import type { AssertionCache } from '../../assertions/types.js';
import { createFaker } from '../../plan/faker.js';
import { loadStepName } from '../../plan/load-checks.js';
import { parseDuration } from '../../plan/duration.js';
import { createResolver } from '../../plan/templates.js';
import type { HttpExpectSpec, LoadStepSpec, LoadTestSpec } from '../../plan/types.js';
import { AitestError } from '../../errors.js';
import { checkHost } from '../../util/net-guard.js';
import { createNetPolicy, type NetPolicyOptions } from '../../util/net-policy.js';
import { prepareRequest, type PreparedRequest } from '../api/request.js';
import { createPreconnector } from './preconnect.js';

/** Templates that change from one iteration to the next; vars and env are the same for all. */
const PER_ITERATION = /\$\{\{\s*(captures|faker)\b/;

function mentionsPerIteration(v: unknown): boolean {
  if (typeof v === 'string') return PER_ITERATION.test(v);
  if (Array.isArray(v)) return v.some(mentionsPerIteration);
  if (v !== null && typeof v === 'object') return Object.values(v).some(mentionsPerIteration);
  return false;
}

export interface DispatchRequest {
  options: Dispatcher.DispatchOptions;
  origin: string;
  /** Approximate bytes on the wire: request line, headers and body. */
  bytesOut: number;
  prepared: PreparedRequest;
}

export interface ReadyStep {
  name: string;
  index: number;
  spec: LoadStepSpec;
  /** Set when the request is the same every iteration. */
  fixed?: DispatchRequest;
  expect?: HttpExpectSpec;
  /** The expectations hold templates (e.g. a captured id), resolved per iteration. */
  expectPerIteration: boolean;
  needsBody: boolean;
  needsHeaders: boolean;
  thinkMs: number;
  /**
   * The step's own `timeout`, enforced by the VU: undici checks its timeouts on a coarse clock (about a
   * second), fine as a backstop, not for a `timeout: 100ms`.
   */
  timeoutMs?: number;
}

export interface Scenario {
  steps: ReadyStep[];
  usesCaptures: boolean;
  /** A request for `step` in an iteration whose captures are `captures`. */
  request(step: ReadyStep, captures: Record<string, unknown>): DispatchRequest;
  resolveExpect(step: ReadyStep, captures: Record<string, unknown>): HttpExpectSpec | undefined;
  /**
   * Where VU number `vu` sends to `origin`. With a connection per VU (the default) each VU has a client of
   * its own: one request in flight at a time needs no pool to pick a free connection for every request.
   */
  dispatcher(origin: string, vu: number): Dispatcher;
  cache: AssertionCache;
  /** Throws, saying why, when the worker's egress policy refuses a host the scenario always sends to. */
  checkEgress(): Promise<void>;
  /** Opens the connections the first iterations will use (of steps whose origin is known up front). */
  preconnect(perOrigin: number): Promise<void>;
  close(): Promise<void>;
}

export interface ScenarioOptions {
  spec: LoadTestSpec;
  baseUrl: string | undefined;
  vars: Record<string, unknown>;
  env: Record<string, string | undefined>;
  defaultHeaders: Record<string, string>;
  connections: number;
  pipelining: number;
  /** The most VUs the model runs at once. */
  maxVUs: number;
  /** A remote worker's egress policy (its rules). */
  net?: NetPolicyOptions;
}

// k6's default request timeout.
const DEFAULT_TIMEOUT_MS = 60_000;

function toDispatch(p: PreparedRequest): DispatchRequest {
  // A second beyond the step's own timeout, which the VU enforces precisely.
  const timeout = p.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : p.timeoutMs + 1000;
  const options: Dispatcher.DispatchOptions = { method: p.method, path: p.path, headers: p.headers, headersTimeout: timeout, bodyTimeout: timeout };
  if (p.body !== undefined) options.body = p.body;
  let bytesOut = p.method.length + p.path.length + 11;
  for (const k in p.headers) bytesOut += k.length + p.headers[k].length + 4;
  if (p.body !== undefined) bytesOut += Buffer.byteLength(p.body);
  return { options, origin: p.origin, bytesOut, prepared: p };
}

function needs(step: LoadStepSpec): { body: boolean; headers: boolean } {
  const e = step.expect ?? {};
  const captures = Object.values(step.capture ?? {});
  return {
    body: e.json !== undefined || e.jsonPath !== undefined || e.schema !== undefined || e.body !== undefined || captures.some((c) => typeof c === 'string'),
    headers: e.headers !== undefined || captures.some((c) => typeof c !== 'string'),
  };
}

export function prepareScenario(o: ScenarioOptions): Scenario {
  const faker = createFaker(typeof o.vars.seed === 'number' ? o.vars.seed : undefined);
  const fixedResolve = createResolver({ vars: o.vars, env: o.env, captures: {}, faker });
  const pools = new Map<string, Pool | Client>();
  const policy = o.net ? createNetPolicy(o.net) : undefined;
  const preconnector = createPreconnector(policy);
  const steps: ReadyStep[] = o.spec.scenario.map((spec, index) => {
    const need = needs(spec);
    const step: ReadyStep = {
      name: loadStepName(spec), index, spec, expectPerIteration: mentionsPerIteration(spec.expect),
      needsBody: need.body, needsHeaders: need.headers, thinkMs: spec.think === undefined ? 0 : parseDuration(spec.think),
    };
    if (spec.request.timeout !== undefined) step.timeoutMs = parseDuration(spec.request.timeout);
    if (!mentionsPerIteration(spec.request)) step.fixed = toDispatch(prepareRequest(fixedResolve(spec.request), o.baseUrl, o.defaultHeaders));
    if (spec.expect) step.expect = step.expectPerIteration ? spec.expect : fixedResolve(spec.expect);
    return step;
  });
  return {
    steps,
    usesCaptures: steps.some((s) => s.spec.capture !== undefined),
    cache: createAssertionCache(),
    request(step, captures) {
      if (step.fixed) return step.fixed;
      const resolve = createResolver({ vars: o.vars, env: o.env, captures, faker });
      return toDispatch(prepareRequest(resolve(step.spec.request), o.baseUrl, o.defaultHeaders));
    },
    resolveExpect(step, captures) {
      if (!step.expectPerIteration || !step.expect) return step.expect;
      return createResolver({ vars: o.vars, env: o.env, captures, faker })(step.expect);
    },
    dispatcher(origin, vu) {
      const dedicated = o.connections >= o.maxVUs && o.pipelining === 1;
      const key = dedicated ? `${origin}\u0000${vu}` : origin;
      let d = pools.get(key);
      if (!d) {
        const options = { pipelining: o.pipelining, keepAliveTimeout: 30_000, connect: preconnector.connect };
        d = dedicated ? new Client(origin, options) : new Pool(origin, { ...options, connections: o.connections });
        pools.set(key, d);
      }
      return d;
    },
    async checkEgress() {
      if (!policy) return;
      for (const origin of new Set(steps.flatMap((st) => (st.fixed ? [st.fixed.origin] : [])))) {
        const refused = await checkHost(policy, new URL(origin).hostname);
        if (refused) {
          throw new AitestError('INFRA', `the load test was not started: ${origin}: ${refused.message}`, {
            hint: 'This worker (`aitest worker --deny-net/--allow-net`) may not connect there; run the test locally, or on a worker allowed to reach it.',
          });
        }
      }
    },
    async preconnect(perOrigin) {
      const origins = new Set(steps.flatMap((st) => (st.fixed ? [st.fixed.origin] : [])));
      await Promise.all([...origins].map((origin) => preconnector.open(origin, Math.min(perOrigin, o.connections))));
    },
    async close() {
      preconnector.close();
      await Promise.all([...pools.values()].map((p) => p.destroy()));
    },
  };
}
