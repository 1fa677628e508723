import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttemptAbort } from '../../../src/util/attempt-abort.js';

describe('AttemptAbort', () => {
  it('calls each listener once with the reason set, and not after it was removed', () => {
    const a = new AttemptAbort();
    const seen: unknown[] = [];
    const removed = () => seen.push('removed');
    a.once('abort', () => seen.push(a.reason));
    a.on('abort', removed);
    a.removeListener('abort', removed);
    a.abort('first');
    a.abort('second');
    expect(seen).toEqual(['first']);
    expect(a.aborted).toBe(true);
  });

  it('its AbortSignal, made before or after the abort, is aborted with the same reason', () => {
    const early = new AttemptAbort();
    const signal = early.signal;
    early.abort('why');
    expect([signal.aborted, signal.reason]).toEqual([true, 'why']);
    const late = new AttemptAbort();
    late.abort('later');
    expect([late.signal.aborted, late.signal.reason]).toEqual([true, 'later']);
  });

  it('withTimeout aborts with a TimeoutError, follows its parent, and dispose stops both', async () => {
    const timed = AttemptAbort.withTimeout(new AttemptAbort(), 20, 'too slow');
    await new Promise((r) => setTimeout(r, 60));
    expect((timed.abort.reason as Error).name).toBe('TimeoutError');

    const parent = new AttemptAbort();
    const child = AttemptAbort.withTimeout(parent, 10_000, 'x');
    parent.abort('ctrl-c');
    expect(child.abort.reason).toBe('ctrl-c');
    child.dispose();

    const quiet = AttemptAbort.withTimeout(parent, 10, 'x');
    quiet.dispose();
    await new Promise((r) => setTimeout(r, 40));
    expect(quiet.abort.reason).toBe('ctrl-c'); // parent was already aborted; the timer never fired
  });
});

describe('AttemptAbort as an undici signal', () => {
  let server: http.Server;
  let origin: string;
  let closedByClient = false;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const t = setTimeout(() => res.end('late'), 5000);
      req.on('close', () => {
        clearTimeout(t);
        closedByClient = !res.writableEnded;
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

  it('aborting cancels the request in flight and the server sees the connection go', async () => {
    const agent = new Agent();
    const a = new AttemptAbort();
    const started = Date.now();
    setTimeout(() => a.abort(new Error('test timed out')), 50);
    await expect(agent.request({ origin, path: '/', method: 'GET', signal: a })).rejects.toThrow('test timed out');
    expect(Date.now() - started).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 50));
    expect(closedByClient).toBe(true);
    await agent.destroy();
  });
});
