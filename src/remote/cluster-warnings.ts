// What a plan asks for that a cluster does not do, said in the run's log when the run starts: the
// orchestrator never starts a plan's webServer, and workers never launch a browser a plan names.
import type { PlanSpec } from '../plan/types.js';

export function clusterWarnings(spec: PlanSpec): string[] {
  const warnings: string[] = [];
  if (spec.webServer) {
    warnings.push('webServer is not started on the cluster: the workers run the tests against baseUrl as the plan gives it, so the server must already be running and reachable from the workers.');
  }
  const names = (t: unknown): boolean => (t as { browser?: { executablePath?: unknown } }).browser?.executablePath !== undefined;
  if (names(spec) || spec.tests.some(names)) {
    warnings.push('browser.executablePath is ignored on the cluster: each worker uses its own browser.');
  }
  return warnings;
}
