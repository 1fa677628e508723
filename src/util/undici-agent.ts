// undici's Agent without the rest of undici.
//
// `import { Agent } from 'undici'` evaluates undici's whole index: fetch, WebSocket, caches, mocks and
// Node's own bundled undici behind them, ~60 ms of start-up on this machine, where the Agent and its
// request API need ~18 ms. undici is pinned in package.json and has no `exports` map, so these paths
// are stable for the version we ship; test/unit/util/undici-agent.test.ts fails if they move.
import { createRequire } from 'node:module';
import type { Agent as UndiciAgent } from 'undici';

const require = createRequire(import.meta.url);

export type Agent = UndiciAgent;
export const Agent = require('undici/lib/dispatcher/agent.js') as typeof UndiciAgent;

// undici's index gives every dispatcher `request()`, `stream()`, … this way; do the same when it has not.
const Dispatcher = require('undici/lib/dispatcher/dispatcher.js') as { prototype: Record<string, unknown> };
if (typeof Dispatcher.prototype.request !== 'function') Object.assign(Dispatcher.prototype, require('undici/lib/api/index.js'));
