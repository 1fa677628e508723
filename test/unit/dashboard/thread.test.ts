// The dashboard on the run's background thread must never take the run with it: a dashboard that fails
// to load leaves the reporter answering, and close() returns.
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { startDashboardThread } from '../../../src/dashboard/thread-main.js';
import { openDashboardThread } from '../../../src/dashboard/thread-open.js';
import { useThreadHosts } from '../../helpers/thread-host.js';

const failing = new URL('data:text/javascript,throw new Error("no ink here")');
const host = useThreadHosts();
const terminal = () => Object.assign(new PassThrough(), { columns: 80, rows: 24, isTTY: true }) as unknown as NodeJS.WriteStream;

it('a dashboard that fails to load: events are taken, close() returns, nothing is rerun', async () => {
  const h = host();
  const reporter = startDashboardThread({ host: h, thread: openDashboardThread(h, failing), stdout: terminal(), env: {}, interrupt: () => {}, stay: true });
  reporter.onEvent({ type: 'run:start', run: { id: 'r', plans: [{ name: 'P', file: 'p.yaml' }], startedAt: Date.now(), total: 0, workers: 1 } });
  await new Promise((r) => setTimeout(r, 300));
  await reporter.close!();
  expect(reporter.rerunRequested()).toBe(false);
}, 10_000);

it('a dashboard that fails before a run attaches it is not lost: the reporter still answers and closes', async () => {
  const h = host();
  // Opened early, as main.ts does, and attached only after it has failed.
  const thread = openDashboardThread(h, failing);
  expect((await thread.ended)?.message).toContain('no ink here');
  const reporter = startDashboardThread({ host: h, thread, stdout: terminal(), env: {}, interrupt: () => {}, stay: true });
  reporter.onEvent({ type: 'run:start', run: { id: 'r', plans: [{ name: 'P', file: 'p.yaml' }], startedAt: Date.now(), total: 0, workers: 1 } });
  await reporter.close!();
  expect(reporter.rerunRequested()).toBe(false);
}, 10_000);
