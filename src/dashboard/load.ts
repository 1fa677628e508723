// Where the dashboard's code is: the one-file build (dist/dashboard/bundle/dashboard.cjs, written by
// scripts/bundle-dashboard.mjs) when it exists, the modules themselves otherwise (running from source, or a
// build without the bundle step). As ~150 modules ink and React cost ~280 ms to load; bundled ~65 ms, and
// with V8's code cache (util/cached-script.ts) less again.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { requireCached } from '../util/cached-script.js';

export type DashboardModule = typeof import('./index.js');

export interface LoadedDashboard {
  dashboard: DashboardModule;
  /** Keeps the compiled code for the next start (see CachedScript.keep); nothing when not bundled. */
  keepCompiled(): void;
}

/** The dashboard: the history browser, the in-thread reporter and the live dashboard's thread. */
export async function loadDashboard(): Promise<LoadedDashboard> {
  const bundle = fileURLToPath(new URL('./bundle/dashboard.cjs', import.meta.url));
  if (existsSync(bundle)) {
    const loaded = requireCached<DashboardModule>(bundle);
    return { dashboard: loaded.exports, keepCompiled: loaded.keep };
  }
  // React picks its build from NODE_ENV here (the bundle has it fixed): a shipped CLI wants production.
  process.env.NODE_ENV ??= 'production';
  return { dashboard: await import('./index.js'), keepCompiled() {} };
}
