// The dashboard's code for this thread: the one-file build (bundle-path.ts) when there is one, loaded with
// V8's code cache (util/cached-script.ts), the modules themselves otherwise (running from source, or a
// build without the bundle step). As ~150 modules ink and React cost ~280 ms to load; bundled ~65 ms, and
// with the code cache less again.
import { requireCached } from '../util/cached-script.js';

export type DashboardModule = typeof import('./index.js');

export interface LoadedDashboard {
  dashboard: DashboardModule;
  /** Keeps the compiled code for the next start (see CachedScript.keep); nothing when not bundled. */
  keepCompiled(): void;
}

/**
 * The dashboard (the history browser, the in-thread reporter and the live dashboard's thread), from the
 * bundle given (see bundle-path.ts), else from its modules.
 */
export async function loadDashboard(bundle: string | undefined): Promise<LoadedDashboard> {
  if (bundle) {
    const loaded = requireCached<DashboardModule>(bundle);
    return { dashboard: loaded.exports, keepCompiled: loaded.keep };
  }
  // React picks its build from NODE_ENV here (the bundle has it fixed): a shipped CLI wants production.
  process.env.NODE_ENV ??= 'production';
  return { dashboard: await import('./index.js'), keepCompiled() {} };
}
