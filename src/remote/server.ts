// `aitest serve`: the orchestrator's HTTP API (fastify). Every route but /health, /ready and /metrics
// needs a bearer token with the route's role, checked when the request arrives, before its body is read;
// requests without a valid token are limited per client address. Bodies are schema-checked and
// size-limited; each token has its own rate limit. Plans are validated with the CLI's own loader (bundle.ts
// checks a bundle's paths first), so a 400 carries the same located problems the CLI prints.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { isAitestError } from '../errors.js';
import { encodeStored } from '../events/wire.js';
import type { Logger } from '../executors/types.js';
import type { TokenTable } from './auth.js';
import type { ExecuteRequest, PlanBundle, Role } from './protocol.js';
import type { RunManager } from './runs.js';
import type { OrchestratorMetrics } from './metrics.js';

export interface ServerDeps {
  runs: RunManager;
  tokens: TokenTable;
  metrics: OrchestratorMetrics;
  plans: {
    get(id: string): { id: string; name: string; bundle: unknown } | undefined;
    put(id: string, name: string, bundle: unknown): boolean;
    delete(id: string): boolean;
  };
  /** Stored run results as the JSON report, or undefined for an unknown run. */
  results(runId: string): unknown;
  capacity(): Promise<unknown>;
  /** The runs' artifacts, a folder per run. */
  artifactsDir: string;
  ready(): Promise<boolean>;
  /** Largest body accepted, bytes (a bundle is base64: about 4/3 of its files). */
  bodyLimit: number;
  /** Requests per minute per token. */
  rateLimit: number;
  /** Requests per minute from one client address without a valid token (missing or unknown). */
  authFailLimit: number;
  log: Logger;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The role a token needs for the route; a route without one is open to all. */
    role?: Role;
  }
}

const bundleSchema = {
  type: 'object', required: ['plan', 'files'], additionalProperties: false,
  properties: {
    plan: { type: 'string', minLength: 1 },
    files: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

const filterProperties = {
  grep: { type: 'string' }, grepInvert: { type: 'string' },
  tags: { type: 'array', items: { type: 'string' } }, projects: { type: 'array', items: { type: 'string' } },
  shard: { type: 'object', required: ['index', 'total'], properties: { index: { type: 'integer', minimum: 1 }, total: { type: 'integer', minimum: 1 } } },
  retries: { type: 'integer', minimum: 0 }, timeoutMs: { type: 'integer', minimum: 1 }, maxFailures: { type: 'integer', minimum: 0 },
  updateSnapshots: { type: 'boolean' }, ci: { type: 'boolean' },
} as const;

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webm': 'video/webm', '.zip': 'application/zip',
  '.json': 'application/json', '.txt': 'text/plain; charset=utf-8', '.html': 'text/html; charset=utf-8',
};

/** How long the event stream of a quiet run goes without a line (clients give up after a few of these). */
export const KEEP_ALIVE_MS = 10_000;

const errorBody = (code: string, message: string, extra: Record<string, unknown> = {}) => ({ error: { code, message, ...extra } });

export async function buildServer(d: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: d.bodyLimit, logger: false, ajv: { customOptions: { removeAdditional: false } } });

  await app.register(rateLimit, {
    max: d.rateLimit,
    timeWindow: 60_000,
    // Per token: a request reaches this limit only with a valid one (the hook below runs first).
    keyGenerator: (req) => tokenOf(req) ?? req.ip,
  });
  // Guessing tokens: every request without a valid token counts against its address, whatever token it tried.
  const failedAuth = app.createRateLimit({ max: d.authFailLimit, timeWindow: 60_000, keyGenerator: (req) => req.ip });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string; validation?: unknown }, _req, reply) => {
    if (isAitestError(err)) {
      const status = err.code === 'NOT_FOUND' ? 404 : err.code === 'PLAN_INVALID' || err.code === 'PLAN_NOT_FOUND' || err.code === 'USAGE' ? 400 : 500;
      return reply.code(status).send(errorBody(err.code, err.message, { ...(err.hint ? { hint: err.hint } : {}), ...(err.issues ? { issues: err.issues } : {}) }));
    }
    const status = err.statusCode ?? 500;
    if (status === 413) return reply.code(413).send(errorBody('TOO_LARGE', `The body is over the limit of ${d.bodyLimit} bytes.`));
    if (status === 429) return reply.code(429).send(errorBody('RATE_LIMITED', err.message));
    if (err.validation) return reply.code(400).send(errorBody('BAD_REQUEST', err.message));
    if (status < 500) return reply.code(status).send(errorBody('BAD_REQUEST', err.message));
    // The message of an unexpected error may name the orchestrator's own files: it goes to the log only.
    d.log.error('a request failed', { error: String(err), stack: err.stack });
    return reply.code(500).send(errorBody('INTERNAL', 'The orchestrator failed on this request; its log says why.'));
  });

  // onRequest runs before fastify reads the body: a request without a valid token is answered on its
  // headers alone, and its connection closed rather than drained, so no body of it is read or parsed.
  app.addHook('onRequest', async (req, reply) => {
    const role = req.routeOptions.config.role;
    if (!role && req.routeOptions.url !== undefined) return;
    const token = tokenOf(req);
    const roles = token === undefined ? undefined : d.tokens.rolesOf(token);
    if (!roles) {
      if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) reply.header('connection', 'close');
      const limit = await failedAuth(req);
      if (!limit.isAllowed && limit.isExceeded) {
        return reply.code(429).header('retry-after', String(limit.ttlInSeconds))
          .send(errorBody('RATE_LIMITED', `Too many requests without a valid token from this address; try again in ${limit.ttlInSeconds} s.`));
      }
      return token === undefined
        ? reply.code(401).header('www-authenticate', 'Bearer').send(errorBody('UNAUTHORIZED', 'A bearer token is required: Authorization: Bearer <token>.'))
        : reply.code(401).header('www-authenticate', 'Bearer error="invalid_token"').send(errorBody('UNAUTHORIZED', 'The token is not valid here.'));
    }
    // An unknown route (404) needs a valid token of any role.
    if (role && !roles.has(role)) return reply.code(403).send(errorBody('FORBIDDEN', `This token may not ${role}; it has ${[...roles].join(', ')}.`));
    return undefined;
  });

  const open = { config: { rateLimit: false } };
  app.get('/health', open, async () => ({ status: 'ok' }));
  app.get('/ready', open, async (_req, reply) => ((await d.ready()) ? { status: 'ready' } : reply.code(503).send({ status: 'not ready' })));
  app.get('/metrics', open, async (_req, reply) => reply.type(d.metrics.registry.contentType).send(await d.metrics.registry.metrics()));

  addPlanRoutes(app, d);
  addRunRoutes(app, d);
  addResultRoutes(app, d);
  return app;
}

/** Route options that let only tokens with `role` through (checked by the onRequest hook). */
const need = (role: Role) => ({ config: { role } });

/** Stored plans: create, read, replace, delete. */
function addPlanRoutes(app: FastifyInstance, d: ServerDeps): void {
  // A plan to store: its paths checked, then loaded and validated as the CLI does (returns its name).
  const checkBundle = (bundle: PlanBundle): Promise<string> => d.runs.validate(bundle);
  app.post<{ Body: { bundle: PlanBundle; id?: string } }>('/api/v1/tests/plans', {
    ...need('write'),
    schema: { body: { type: 'object', required: ['bundle'], properties: { bundle: bundleSchema, id: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,100}$' } } } },
  }, async (req, reply) => {
    const name = await checkBundle(req.body.bundle);
    const id = req.body.id ?? randomUUID();
    d.plans.put(id, name, req.body.bundle);
    return reply.code(201).send({ id, name });
  });
  app.get<{ Params: { id: string } }>('/api/v1/tests/plans/:id', need('read'), async (req, reply) => {
    const plan = d.plans.get(req.params.id);
    return plan ?? reply.code(404).send(errorBody('NOT_FOUND', `No plan ${req.params.id}.`));
  });
  app.put<{ Params: { id: string }; Body: { bundle: PlanBundle } }>('/api/v1/tests/plans/:id', {
    ...need('write'),
    schema: { body: { type: 'object', required: ['bundle'], properties: { bundle: bundleSchema } } },
  }, async (req, reply) => {
    const name = await checkBundle(req.body.bundle);
    const existed = d.plans.put(req.params.id, name, req.body.bundle);
    return reply.code(existed ? 200 : 201).send({ id: req.params.id, name });
  });
  app.delete<{ Params: { id: string } }>('/api/v1/tests/plans/:id', need('write'), async (req, reply) =>
    d.plans.delete(req.params.id) ? reply.code(204).send() : reply.code(404).send(errorBody('NOT_FOUND', `No plan ${req.params.id}.`)));
}

/** Runs: start one, its status, stop/pause/resume, and its events as NDJSON or SSE from an offset. */
function addRunRoutes(app: FastifyInstance, d: ServerDeps): void {
  app.post<{ Body: ExecuteRequest }>('/api/v1/tests/execute', {
    ...need('execute'),
    schema: { body: { type: 'object', properties: { planId: { type: 'string' }, bundle: bundleSchema, ...filterProperties }, additionalProperties: false } },
  }, async (req, reply) => {
    const { planId, bundle: inline, ...filters } = req.body;
    let bundle = inline;
    if (!bundle && planId) bundle = d.plans.get(planId)?.bundle as PlanBundle | undefined;
    if (!bundle) return reply.code(planId ? 404 : 400).send(errorBody(planId ? 'NOT_FOUND' : 'BAD_REQUEST', planId ? `No plan ${planId}.` : 'Give a planId or a bundle.'));
    // execute checks, loads and validates the plan itself: once is enough (a plan of 10,000 tests takes ~150 ms).
    const started = await d.runs.execute(bundle, filters);
    return reply.code(202).send(started);
  });

  app.get<{ Params: { runId: string } }>('/api/v1/tests/status/:runId', need('read'), async (req) => d.runs.status(req.params.runId));
  for (const action of ['stop', 'pause', 'resume'] as const) {
    app.post<{ Params: { runId: string } }>(`/api/v1/tests/${action}/:runId`, need('execute'), async (req) => d.runs.act(req.params.runId, action));
  }

  app.get<{ Params: { runId: string }; Querystring: { offset?: number; format?: string } }>('/api/v1/runs/:runId/events', {
    ...need('read'),
    schema: { querystring: { type: 'object', properties: { offset: { type: 'integer', minimum: 0 }, format: { type: 'string' } } } },
  }, async (req, reply) => {
    const stop = new AbortController();
    req.raw.on('close', () => stop.abort());
    const offset = req.query.offset ?? 0;
    const events = d.runs.follow(req.params.runId, offset, stop.signal, KEEP_ALIVE_MS);
    if (!events) return reply.code(404).send(errorBody('NOT_FOUND', `No run ${req.params.runId} on this orchestrator.`));
    // SSE when asked (Accept or ?format=sse), NDJSON otherwise; each event carries its offset for resuming.
    // A quiet run gets a keep-alive now and then (an empty line; an SSE comment), so a client can tell a
    // quiet run from a dead connection.
    const sse = req.query.format === 'sse' || (req.headers.accept ?? '').includes('text/event-stream');
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': sse ? 'text/event-stream' : 'application/x-ndjson', 'cache-control': 'no-store' });
    for await (const item of events) {
      reply.raw.write(item === undefined ? (sse ? ': keep-alive\n\n' : '\n') : encodeStored(item, sse));
    }
    reply.raw.end();
  });
}

/** A stored run's results, the workers' capacity, and a result's artifacts. */
function addResultRoutes(app: FastifyInstance, d: ServerDeps): void {
  app.get<{ Params: { runId: string } }>('/api/v1/results/:runId', need('read'), async (req, reply) =>
    d.results(req.params.runId) ?? reply.code(404).send(errorBody('NOT_FOUND', `No stored run ${req.params.runId}.`)));
  app.get('/api/v1/resources/capacity', need('read'), async () => d.capacity());

  // A result's artifact, by the path the result names (e.g. .aitest/artifacts/RUN/TEST-0/failure.png).
  app.get<{ Params: { runId: string; '*': string } }>('/api/v1/runs/:runId/artifacts/*', need('read'), async (req, reply) => {
    const root = path.resolve(d.artifactsDir, req.params.runId);
    const file = path.resolve(root, req.params['*']);
    if (!file.startsWith(root + path.sep) || !root.startsWith(path.resolve(d.artifactsDir) + path.sep)) {
      return reply.code(400).send(errorBody('BAD_REQUEST', 'That path leaves the run\'s artifacts.'));
    }
    try {
      const body = await readFile(file);
      return reply.type(CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream').send(body);
    } catch {
      return reply.code(404).send(errorBody('NOT_FOUND', `No artifact ${req.params['*']} in run ${req.params.runId}.`));
    }
  });
}

function tokenOf(req: FastifyRequest): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}
