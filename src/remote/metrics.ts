// The orchestrator's Prometheus metrics: tests by status and type, their durations, queue depth and
// workers (the gauge an autoscaler reads).
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Reporter } from '../reporters/types.js';

export interface OrchestratorMetrics {
  registry: Registry;
  /** Counts finished tests as a run's events go by. */
  observer: Reporter;
}

export function createMetrics(o: { queueDepth(): Promise<number>; workers(): Promise<number> }): OrchestratorMetrics {
  const registry = new Registry();
  const tests = new Counter({ name: 'aitest_tests_total', help: 'Finished tests by final status and type', labelNames: ['status', 'type'], registers: [registry] });
  const durations = new Histogram({
    name: 'aitest_test_duration_seconds', help: 'Test durations by type', labelNames: ['type'], registers: [registry],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
  });
  new Gauge({
    name: 'aitest_queue_depth', help: 'Tests waiting for a worker', registers: [registry],
    async collect() {
      this.set(await o.queueDepth());
    },
  });
  new Gauge({
    name: 'aitest_workers', help: 'Workers with a live heartbeat', registers: [registry],
    async collect() {
      this.set(await o.workers());
    },
  });
  return {
    registry,
    observer: {
      onEvent(e) {
        if (e.type !== 'test:end' || e.result.willRetry) return;
        tests.inc({ status: e.result.status, type: e.test.type });
        durations.observe({ type: e.test.type }, e.result.durationMs / 1000);
      },
    },
  };
}
