// What the CLI takes from the dashboard folder; the bundle (scripts/bundle-dashboard.mjs) is built from here.
export { createDashboardReporter, type DashboardReporter } from './reporter.js';
export { browseHistory } from './browse.js';
export { runDashboardThread } from './thread-worker.js';
export type { HistoryRun, HistorySource } from './history.js';
export type { FinishedTest } from './state.js';
