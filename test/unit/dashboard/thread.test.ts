// The dashboard's thread must never take the run with it: a thread that fails to load leaves the
// reporter answering, and close() returns.
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { startDashboardThread } from '../../../src/dashboard/thread-main.js';
import { spawnDashboardThread } from '../../../src/dashboard/thread-spawn.js';

it('a dashboard thread that fails to load: events are taken, close() returns, nothing is rerun', async () => {
  const stdout = Object.assign(new PassThrough(), { columns: 80, rows: 24, isTTY: true }) as unknown as NodeJS.WriteStream;
  const reporter = startDashboardThread({
    thread: spawnDashboardThread({}, new URL('data:text/javascript,throw new Error("no ink here")')),
    stdout, env: {}, interrupt: () => {}, stay: true,
  });
  reporter.onEvent({ type: 'run:start', run: { id: 'r', plans: [{ name: 'P', file: 'p.yaml' }], startedAt: Date.now(), total: 0, workers: 1 } });
  await new Promise((r) => setTimeout(r, 300));
  await reporter.close!();
  expect(reporter.rerunRequested()).toBe(false);
}, 10_000);

it('a thread that fails before a run attaches it is not lost: the reporter still answers and closes', async () => {
  const stdout = Object.assign(new PassThrough(), { columns: 80, rows: 24, isTTY: true }) as unknown as NodeJS.WriteStream;
  // Started early, as main.ts does, and attached only after it has failed.
  const thread = spawnDashboardThread({}, new URL('data:text/javascript,throw new Error("no ink here")'));
  await thread.gone;
  const reporter = startDashboardThread({ thread, stdout, env: {}, interrupt: () => {}, stay: true });
  reporter.onEvent({ type: 'run:start', run: { id: 'r', plans: [{ name: 'P', file: 'p.yaml' }], startedAt: Date.now(), total: 0, workers: 1 } });
  await reporter.close!();
  expect(reporter.rerunRequested()).toBe(false);
}, 10_000);
