// The demo app's WebSocket endpoints, for the websocket tests and examples. A `ws` server in noServer
// mode: server.js keeps the one port and hands us its HTTP upgrades.
//   /ws/echo     sends every message back as it came (text as text, JSON as the same JSON)
//   /ws/chat     ?room=NAME (default `lobby`), so parallel tests need not hear each other.
//                { type: 'hello', name } → { type: 'welcome', name, id } to the sender (plus `team` from an
//                x-team header and the picked subprotocol, when there are), { type: 'joined', name } to the
//                others in the room; { type: 'say', text } → { type: 'said', name, text } to everyone in it
//   /ws/push     { type: 'tick', n } every 100 ms, n = 1..5, then closes with 1000 'done'
//   /ws/silent   accepts and never answers
// Any other path: the upgrade is answered with a 404.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { WebSocketServer } from 'ws';

const PUSH_EVERY_MS = 100;
const PUSH_TICKS = 5;

const send = (ws, value) => ws.send(JSON.stringify(value));

function parse(data) {
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
}

function echo(ws) {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
}

/** room name → its open sockets. */
const rooms = new Map();

function chat(ws, req, query) {
  const roomName = query.get('room') || 'lobby';
  if (!rooms.has(roomName)) rooms.set(roomName, new Set());
  const room = rooms.get(roomName);
  room.add(ws);
  ws.on('close', () => {
    room.delete(ws);
    if (room.size === 0) rooms.delete(roomName);
  });
  let name;
  const team = req.headers['x-team'];
  ws.on('message', (data) => {
    const msg = parse(data);
    if (msg === null || typeof msg !== 'object') return send(ws, { type: 'error', error: 'messages are JSON objects with a type' });
    if (msg.type === 'hello' && typeof msg.name === 'string' && msg.name !== '') {
      name = msg.name;
      send(ws, { type: 'welcome', name, id: randomUUID(), ...(team ? { team } : {}), ...(ws.protocol ? { protocol: ws.protocol } : {}) });
      for (const other of room) if (other !== ws) send(other, { type: 'joined', name });
    } else if (msg.type === 'say' && typeof msg.text === 'string') {
      // Members introduce themselves first: a message without a name would be anonymous.
      if (name === undefined) return send(ws, { type: 'error', error: 'say hello first: { type: "hello", name }' });
      for (const member of room) send(member, { type: 'said', name, text: msg.text });
    } else {
      send(ws, { type: 'error', error: `unknown message type ${JSON.stringify(msg.type)}` });
    }
  });
}

function push(ws) {
  let n = 0;
  const timer = setInterval(() => {
    send(ws, { type: 'tick', n: ++n });
    if (n === PUSH_TICKS) {
      clearInterval(timer);
      ws.close(1000, 'done');
    }
  }, PUSH_EVERY_MS);
  // A client that leaves early must not keep the timer sending into a closed socket.
  ws.on('close', () => clearInterval(timer));
}

const routes = { '/ws/echo': echo, '/ws/chat': chat, '/ws/push': push, '/ws/silent': () => {} };

/** Answers an upgrade with a plain HTTP error: the client sees the status instead of a dropped connection. */
function refuse(socket, status, error) {
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Serves the WebSocket routes on `server`'s upgrades. */
export function attachWebSockets(server) {
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    // A client that resets mid-handshake must not crash the app.
    socket.on('error', () => {});
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q === -1 ? raw : raw.slice(0, q);
    const query = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1));
    const handler = routes[path];
    if (!handler) return refuse(socket, 404, `no WebSocket endpoint at ${path}`);
    wss.handleUpgrade(req, socket, head, (ws) => handler(ws, req, query));
  });
  // Open sockets would hold server.close() until its forced exit: say goodbye (1001 going away) instead.
  const goodbye = () => {
    for (const ws of wss.clients) ws.close(1001, 'server stopping');
  };
  process.once('SIGTERM', goodbye);
  process.once('SIGINT', goodbye);
  return wss;
}
