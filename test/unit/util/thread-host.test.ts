// The run's background thread: the store and the dashboard share it, so one service that fails must not
// take the other with it.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { openStore } from '../../../src/store/sqlite.js';
// The thread runs compiled JavaScript: `npm test` builds dist/ before vitest starts.
import { startStoreWriter } from '../../../dist/store/writer-thread.js';
import { useThreadHosts } from '../../helpers/thread-host.js';

const module = (source: string): URL => new URL(`data:text/javascript,${encodeURIComponent(source)}`);
// Answers each message with the thread it runs on.
const echo = module(`import { threadId } from 'node:worker_threads';
export const serve = (port) => port.on('message', (m) => port.postMessage({ m, threadId }));`);
// Throws from a timer, where nothing catches it, as ink's code could; says so when asked to end.
const faulty = (faultable: boolean) => module(`export const serve = (port) => {
  port.on('message', () => setTimeout(() => { throw new Error('drawing failed'); }, 1));
  return ${faultable ? '{ fault: () => {} }' : 'undefined'};
};`);

const host = useThreadHosts();
const ask = (port: MessagePort, m: unknown): Promise<{ m: unknown; threadId: number }> =>
  new Promise((resolve) => {
    port.once('message', resolve);
    port.postMessage(m);
  });

it('runs services side by side on one thread, each with its own port', async () => {
  const h = host();
  const a = h.open(echo);
  const b = h.open(echo);
  const [ra, rb] = await Promise.all([ask(a.port, 'to a'), ask(b.port, 'to b')]);
  expect(ra.m).toBe('to a');
  expect(rb.m).toBe('to b');
  expect(ra.threadId).toBe(rb.threadId);
  a.close();
  b.close();
  expect(await a.ended).toBeUndefined();
});

it('a service that fails to load ends with its error; the others go on', async () => {
  const h = host();
  const other = h.open(echo);
  const broken = h.open(module('throw new Error("no such thing")'));
  expect((await broken.ended)?.message).toContain('no such thing');
  expect((await ask(other.port, 'still here')).m).toBe('still here');
  other.close();
});

it('an error nobody caught ends the service that may have thrown it, not the one beside it', async () => {
  const h = host();
  const other = h.open(echo);
  const bad = h.open(faulty(true));
  bad.port.postMessage('go');
  expect((await bad.ended)?.message).toContain('drawing failed');
  expect((await ask(other.port, 'still here')).m).toBe('still here');
  other.close();
});

it('an error no open service may have thrown ends the thread, and every service learns why', async () => {
  const h = host();
  const other = h.open(echo);
  const bad = h.open(faulty(false));
  await ask(other.port, 'up');
  bad.port.postMessage('go');
  expect((await other.ended)?.message).toContain('drawing failed');
  expect((await bad.ended)?.message).toContain('drawing failed');
  // Opened after: told at once.
  expect((await h.open(echo).ended)?.message).toContain('drawing failed');
});

it('the store commits every result though a service beside it fails', async () => {
  const h = host();
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'aitest-host-')), 'r.db');
  const store = startStoreWriter(file, h);
  await store.ready;
  const bad = h.open(faulty(true));
  const t = (i: number) => ({ id: `t${i}`, name: `test ${i}`, type: 'api' as const, plan: 'P', file: 'p.yaml', line: i, column: 1, tags: [] });
  const result = { status: 'passed' as const, attempt: 0, willRetry: false, startedAt: 0, durationMs: 1, checks: [], steps: [], metrics: [], artifacts: [] };
  store.write({ type: 'run:start', run: { id: 'r1', plans: [{ name: 'P', file: 'p.yaml' }], startedAt: 0, total: 4, workers: 1 } });
  for (let i = 0; i < 2; i++) store.write({ type: 'test:end', test: t(i), result });
  await store.flush();
  bad.port.postMessage('go');
  expect((await bad.ended)?.message).toContain('drawing failed');
  for (let i = 2; i < 4; i++) store.write({ type: 'test:end', test: t(i), result });
  store.write({ type: 'run:end', summary: { runId: 'r1', status: 'passed', startedAt: 0, durationMs: 5, total: 4, passed: 4, failed: 0, flaky: 0, skipped: 0, timedOut: 0, errors: 0, notRun: 0 } });
  await store.close();
  const read = openStore(file);
  try {
    expect(read.getRun('r1')?.status).toBe('passed');
    expect(read.results('r1').map((r) => r.name)).toEqual(['test 0', 'test 1', 'test 2', 'test 3']);
  } finally {
    read.close();
  }
});
