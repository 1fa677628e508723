// The demo app: a small JSON REST API plus a few HTML pages (pages.js) that the examples, the tests and the
// benchmark run against. openapi.yaml documents the REST API; `--faults` breaks that contract on purpose (faults.js).
//   node examples/demo-app/server.js [--port 4010] [--host 127.0.0.1] [--faults]     (or PORT / HOST / DEMO_FAULTS=1 env)
// Plain node:http (plus `ws` for the WebSocket routes of ws.js), no build step. Data lives in memory and resets on restart.
import { chatReply } from './chat.js';
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { brokenAnswers, faultsRequested } from './faults.js';
import * as pages from './pages.js';
import { readText } from './read-body.js';
import { attachWebSockets } from './ws.js';

function flag(name) {
  const i = process.argv.indexOf(`--${name}`);
  if (i !== -1 && process.argv[i + 1] !== undefined) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : undefined;
}

const port = Number(flag('port') ?? process.env.PORT ?? 4010);
const host = flag('host') ?? process.env.HOST ?? '127.0.0.1';
const DEMO_TOKEN = process.env.DEMO_TOKEN || 'demo-token';
const DEMO_USER = { username: 'demo', password: 'demo', name: 'Demo User', email: 'demo@example.com' };
const MAX_SLOW_MS = 60_000;
const HTML = 'text/html; charset=utf-8';

// ---------------------------------------------------------------- data

const items = [
  { id: 1, name: 'Mechanical keyboard', price: 89.9, currency: 'EUR', inStock: true },
  { id: 2, name: 'Wireless mouse', price: 24.5, currency: 'EUR', inStock: true },
  { id: 3, name: '27" monitor', price: 279, currency: 'EUR', inStock: false },
  { id: 4, name: 'USB-C hub', price: 39.99, currency: 'EUR', inStock: true },
  { id: 5, name: 'Laptop stand', price: 45, currency: 'EUR', inStock: true },
];

// Fixed ids for the seeded users, so openapi.yaml can give a real one as its example.
const users = new Map();
for (const [id, name, email] of [
  ['00000000-0000-4000-8000-000000000001', 'Ada Lovelace', 'ada@example.com'],
  ['00000000-0000-4000-8000-000000000002', 'Alan Turing', 'alan@example.com'],
]) {
  users.set(id, { id, name, email, createdAt: new Date().toISOString() });
}

/** token → username: the configured demo token plus tokens issued by POST /api/login. */
const tokens = new Map([[DEMO_TOKEN, DEMO_USER.username]]);

// ---------------------------------------------------------------- responses

// Fixed answers are encoded once: /health and /api/items/:id are the benchmark's hot routes.
const encoded = (value) => Buffer.from(JSON.stringify(value));
const HEALTH = encoded({ status: 'ok' });
const ITEMS = encoded(items);
const ITEM_BY_ID = new Map(items.map((item) => [String(item.id), encoded(item)]));
const ITEM_OBJECTS = new Map(items.map((item) => [String(item.id), item]));

function sendBuffer(res, status, buf, type = 'application/json; charset=utf-8', extra) {
  res.writeHead(status, { 'content-type': type, 'content-length': buf.length, ...extra });
  res.end(buf);
}

const sendJson = (res, status, value, extra) => sendBuffer(res, status, encoded(value), undefined, extra);
const sendText = (res, status, text) => sendBuffer(res, status, Buffer.from(text), 'text/plain; charset=utf-8');
const notFound = (res, what = 'route') => sendJson(res, 404, { error: `${what} not found` });

function methodNotAllowed(res, allowed) {
  sendJson(res, 405, { error: 'method not allowed', allowed }, { allow: allowed.join(', ') });
}


async function readJson(req) {
  const text = await readText(req);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw Object.assign(new Error('request body is not valid JSON'), { status: 400 });
  }
}

function bearerToken(req) {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return m ? m[1].trim() : undefined;
}

// ---------------------------------------------------------------- users

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function validateUser(body) {
  const details = [];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return [{ field: '(body)', message: 'body must be a JSON object with name and email' }];
  }
  if (typeof body.name !== 'string' || body.name.trim() === '') details.push({ field: 'name', message: 'name is required' });
  else if (body.name.length > 200) details.push({ field: 'name', message: 'name must be at most 200 characters' });
  if (typeof body.email !== 'string' || body.email.trim() === '') details.push({ field: 'email', message: 'email is required' });
  else if (!EMAIL.test(body.email)) details.push({ field: 'email', message: 'email must be a valid email address' });
  return details;
}

async function createUser(req, res) {
  const body = await readJson(req);
  const details = validateUser(body);
  if (details.length > 0) return sendJson(res, 400, { error: 'validation failed', details });
  const email = body.email.trim();
  for (const u of users.values()) {
    if (u.email.toLowerCase() === email.toLowerCase()) return sendJson(res, 409, { error: `a user with email ${email} already exists` });
  }
  const user = { id: randomUUID(), name: body.name.trim(), email, createdAt: new Date().toISOString() };
  users.set(user.id, user);
  sendJson(res, 201, user, { location: `/api/users/${user.id}` });
}

function listUsers(res, query) {
  const all = [...users.values()];
  const limit = query.get('limit');
  if (limit === null) return sendJson(res, 200, all);
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 0) return sendJson(res, 400, { error: 'limit must be a non-negative integer', details: [{ field: 'limit', message: `got ${limit}` }] });
  sendJson(res, 200, all.slice(0, n));
}

async function usersRoute(req, res, id, query) {
  if (id === undefined) {
    if (req.method === 'GET') return listUsers(res, query);
    if (req.method === 'POST') return createUser(req, res);
    return methodNotAllowed(res, ['GET', 'POST']);
  }
  const user = users.get(id);
  if (req.method === 'GET') return user ? answer.user(res, user) : notFound(res, 'user');
  if (req.method === 'DELETE') {
    if (!user) return notFound(res, 'user');
    users.delete(id);
    res.writeHead(204).end();
    return;
  }
  methodNotAllowed(res, ['GET', 'DELETE']);
}

// ---------------------------------------------------------------- auth

async function login(req, res) {
  const body = await readJson(req);
  if (!body || typeof body.username !== 'string' || typeof body.password !== 'string') {
    return sendJson(res, 400, { error: 'validation failed', details: [{ field: '(body)', message: 'username and password are required' }] });
  }
  if (body.username !== DEMO_USER.username || body.password !== DEMO_USER.password) {
    return sendJson(res, 401, { error: 'invalid username or password' });
  }
  const token = `tok_${randomBytes(16).toString('hex')}`;
  tokens.set(token, body.username);
  sendJson(res, 200, { token, tokenType: 'Bearer' });
}

// ---------------------------------------------------------------- chat (judge examples)

async function chat(req, res, query) {
  const body = await readJson(req);
  if (!body || typeof body.message !== 'string' || body.message.trim() === '') {
    return sendJson(res, 400, { error: 'validation failed', details: [{ field: 'message', message: 'message is required' }] });
  }
  sendJson(res, 200, { reply: chatReply(body.message, query.get('tone')) });
}

function me(req, res) {
  const token = bearerToken(req);
  const username = token === undefined ? undefined : tokens.get(token);
  if (!username) {
    return sendJson(res, 401, { error: token === undefined ? 'missing bearer token' : 'invalid token' }, { 'www-authenticate': 'Bearer realm="demo"' });
  }
  sendJson(res, 200, { username, name: DEMO_USER.name, email: DEMO_USER.email });
}

// ---------------------------------------------------------------- html pages

// no-store: a browser test must always see what the server renders now (the dashboard's clock changes).
const sendHtml = (res, status, markup) => sendBuffer(res, status, Buffer.from(markup), HTML, { 'cache-control': 'no-store' });

/** A route for a page: GET and HEAD (node drops the body of a HEAD answer itself); anything else is a 405. */
const page = (render) => (req, res, query) =>
  req.method === 'GET' || req.method === 'HEAD' ? sendHtml(res, 200, render(query)) : methodNotAllowed(res, ['GET', 'HEAD']);

/** Counts dashboard requests: the value its .clock shows, different on every load. */
let dashboardTick = 0;

// The form posts email and password (form-urlencoded); no cookie or session: the dashboard is public.
async function loginForm(req, res) {
  if (req.method === 'GET' || req.method === 'HEAD') return sendHtml(res, 200, pages.loginPage());
  if (req.method !== 'POST') return methodNotAllowed(res, ['GET', 'HEAD', 'POST']);
  const form = new URLSearchParams(await readText(req));
  if (form.get('email')?.trim().toLowerCase() === DEMO_USER.email && form.get('password') === DEMO_USER.password) {
    // 303: the browser follows with a GET, so a reload of the dashboard does not post the form again.
    res.writeHead(303, { location: '/dashboard', 'content-length': 0 });
    return res.end();
  }
  sendHtml(res, 401, pages.loginPage({ error: 'Wrong email or password' }));
}

// ---------------------------------------------------------------- misc

/** `?ms=`, clamped to 0..MAX_SLOW_MS; not a number counts as 0. */
const delayMs = (query, fallback) => Math.min(Math.max(Number(query.get('ms') ?? fallback) || 0, 0), MAX_SLOW_MS);

/** Answers after a delay; a client that gave up (timeout) should not keep a timer alive. */
function later(res, ms, send) {
  const timer = setTimeout(send, ms);
  res.on('close', () => clearTimeout(timer));
}

function slow(req, res, query) {
  const ms = delayMs(query, 300);
  later(res, ms, () => sendJson(res, 200, { sleptMs: ms }));
}

// The whole page waits (a slow server, not a slow script): Core Web Vitals tests see a late first byte.
function slowPage(req, res, query) {
  const ms = delayMs(query, 1500);
  later(res, ms, () => sendHtml(res, 200, pages.slowPage({ ms })));
}

function redirect(res, query) {
  const to = query.get('to');
  // Only local paths: the demo app is no open redirector.
  const location = to && to.startsWith('/') && !to.startsWith('//') ? to : '/health';
  res.writeHead(302, { location, 'content-length': 0 });
  res.end();
}

// ---------------------------------------------------------------- routing

// The answers faults.js can break; with --faults its broken versions replace them.
const honest = {
  health: (res) => sendBuffer(res, 200, HEALTH),
  items: (res) => sendBuffer(res, 200, ITEMS),
  item: (res, item) => sendBuffer(res, 200, ITEM_BY_ID.get(String(item.id))),
  user: (res, user) => sendJson(res, 200, user),
};
const faults = faultsRequested();
const answer = faults ? { ...honest, ...brokenAnswers({ sendJson, sendText }) } : honest;

const fixed = {
  '/health': (req, res) => answer.health(res),
  '/api/items': (req, res) => answer.items(res, items),
  '/api/me': me,
  '/api/login': (req, res) => (req.method === 'POST' ? login(req, res) : methodNotAllowed(res, ['POST'])),
  '/api/slow': (req, res, query) => slow(req, res, query),
  '/api/error': (req, res) => sendJson(res, 500, { error: 'internal server error', requestId: randomUUID() }),
  '/api/chat': (req, res, query) => (req.method === 'POST' ? chat(req, res, query) : methodNotAllowed(res, ['POST'])),
  '/graphql': (req, res, query) => import('./graphql.js').then((g) => g.handleGraphql(req, res, query, { users, items, validateUser })),
  '/redirect': (req, res, query) => redirect(res, query),
  '/text': (req, res) => sendText(res, 200, 'hello from the demo app\n'),
  // HTML pages for the browser tests (pages.js).
  '/': page(() => pages.homePage()),
  '/login': loginForm,
  '/dashboard': page(() => pages.dashboardPage({ tick: ++dashboardTick })),
  '/a11y/good': page(() => pages.a11yGoodPage()),
  '/a11y/bad': page(() => pages.a11yBadPage()),
  '/visual': page((query) => pages.visualPage({ variant: query.get('variant') })),
  '/chat': page((query) => pages.chatPage({ question: query.get('q') ?? '', answer: chatReply(query.get('q') ?? '', query.get('tone')) })),
  '/slow-page': slowPage,
};

function route(req, res) {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));

  const handler = fixed[path];
  if (handler) return handler(req, res, query);
  if (path.startsWith('/api/items/')) {
    const item = ITEM_OBJECTS.get(path.slice('/api/items/'.length));
    return item ? answer.item(res, item) : notFound(res, 'item');
  }
  if (path === '/api/users' || path === '/api/users/') return usersRoute(req, res, undefined, query);
  if (path.startsWith('/api/users/')) return usersRoute(req, res, decodeURIComponent(path.slice('/api/users/'.length)), query);
  notFound(res);
}

const server = http.createServer((req, res) => {
  Promise.resolve()
    .then(() => route(req, res))
    .catch((e) => {
      if (res.headersSent) return res.destroy();
      sendJson(res, e.status ?? 500, { error: e.status ? e.message : 'internal server error' });
    });
});
// Longer than client agents' idle timeouts, so the client, not the server, closes idle sockets (no reset races).
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
// WebSocket routes (/ws/echo, /ws/chat, /ws/push, /ws/silent) take this server's upgrades: see ws.js.
attachWebSockets(server);

server.listen(port, host, () => {
  const addr = server.address();
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  console.log(`demo app listening on http://${shownHost}:${addr.port}${faults ? ' (with contract faults, see faults.js)' : ''}`);
});

let stopping = false;
function stop(signal) {
  if (stopping) process.exit(1); // a second signal: stop now
  stopping = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  // In-flight requests get a moment to finish; then the sockets are cut.
  setTimeout(() => {
    server.closeAllConnections();
    process.exit(0);
  }, 2000).unref();
  console.log(`demo app stopping (${signal})`);
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
