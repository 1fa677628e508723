// Shared set-up of the api executor tests: the demo app, an echo server and one worker for the file.
import { afterAll, beforeAll } from 'vitest';
import type { RunEvent } from '../../../src/events/types.js';
import { startDemoApp, type RunningApp } from '../../helpers/demo-app.js';
import { apiTestCase, createWorkerHarness, type WorkerHarness } from '../../helpers/worker.js';
import { startEchoServer, type EchoServer } from './echo-server.js';

/** The demo app's bearer token in these tests; it must never show up in anything recorded. */
export const TOKEN = 'tok-unit-very-secret-4711';

export interface ApiFixture {
  app: RunningApp;
  echo: EchoServer;
  worker: WorkerHarness;
  /** An api TestCase whose baseUrl is the demo app. */
  onApp(spec: Parameters<typeof apiTestCase>[0], o?: Parameters<typeof apiTestCase>[1]): ReturnType<typeof apiTestCase>;
}

/** Registers beforeAll/afterAll hooks; the fields are filled in once beforeAll has run. */
export function useApiFixture(): ApiFixture {
  const f = {
    onApp: (spec, o = {}) => apiTestCase(spec, { baseUrl: f.app.url, ...o }),
  } as ApiFixture;
  beforeAll(async () => {
    [f.app, f.echo] = await Promise.all([startDemoApp({ DEMO_TOKEN: TOKEN }), startEchoServer()]);
    f.worker = createWorkerHarness({ env: { DEMO_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await f.worker?.close();
    await Promise.all([f.app?.stop(), f.echo?.close()]);
  });
  return f;
}

export const stepEvents = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'test:step' ? [e.step] : []));
