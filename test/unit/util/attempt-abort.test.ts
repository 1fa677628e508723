import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { deferred, type Deferred } from '../../helpers/deferred.js';
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

  it('withTimeout aborts with a TimeoutError once its time is up, and follows its parent', async () => {
    const timed = AttemptAbort.withTimeout(new AttemptAbort(), 20, 'too slow');
    await new Promise<void>((r) => timed.abort.once('abort', () => r()));
    expect(timed.abort.reason).toMatchObject({ name: 'TimeoutError', message: 'too slow' });

    const parent = new AttemptAbort();
    const child = AttemptAbort.withTimeout(parent, 10_000, 'x');
    parent.abort('ctrl-c');
    expect(child.abort.reason).toBe('ctrl-c');
    child.dispose();
  });

  describe('with fake timers', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('dispose stops the timer and stops following the parent', () => {
      const parent = new AttemptAbort();
      const disposed = AttemptAbort.withTimeout(parent, 10, 'x');
      disposed.dispose();
      vi.advanceTimersByTime(1000);
      parent.abort('ctrl-c');
      expect(disposed.abort.aborted).toBe(false);
      expect(vi.getTimerCount()).toBe(0);
    });
  });
});

describe('AttemptAbort as an undici signal', () => {
  let server: http.Server;
  let origin: string;
  // Resolved when the server has the request, and when it sees the client's connection go.
  let arrived: Deferred<void>;
  let closedByClient: Deferred<boolean>;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      // Answers only if the abort did not work; the test then fails on the request resolving.
      const t = setTimeout(() => res.end('late'), 20_000);
      req.on('close', () => {
        clearTimeout(t);
        closedByClient.resolve(!res.writableEnded);
      });
      arrived.resolve();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

  it('aborting cancels the request in flight and the server sees the connection go', async () => {
    arrived = deferred();
    closedByClient = deferred();
    const agent = new Agent();
    const a = new AttemptAbort();
    void arrived.promise.then(() => a.abort(new Error('test timed out')));
    await expect(agent.request({ origin, path: '/', method: 'GET', signal: a })).rejects.toThrow('test timed out');
    expect(await closedByClient.promise).toBe(true);
    await agent.destroy();
  });
});
