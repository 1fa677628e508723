// The dashboard's thread must never take the run with it: a thread that fails to load leaves the
// reporter answering, and close() returns.
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { startDashboardThread } from '../../../src/dashboard/thread-main.js';

it('a dashboard thread that fails to load: events are taken, close() returns, nothing is rerun', async () => {
  const stdout = Object.assign(new PassThrough(), { columns: 80, rows: 24, isTTY: true }) as unknown as NodeJS.WriteStream;
  const reporter = startDashboardThread({
    threadModule: new URL('data:text/javascript,throw new Error("no ink here")'),
    stdout, env: {}, interrupt: () => {}, stay: true,
  });
  reporter.onEvent({ type: 'run:start', run: { id: 'r', plans: [{ name: 'P', file: 'p.yaml' }], startedAt: Date.now(), total: 0, workers: 1 } });
  await new Promise((r) => setTimeout(r, 300));
  await reporter.close!();
  expect(reporter.rerunRequested()).toBe(false);
}, 10_000);
