// Where the dashboard's code is: the one-file builds (dist/dashboard/bundle/, written by
// scripts/bundle-dashboard.mjs) when they exist, the modules themselves otherwise (running from source,
// or a build without the bundle step). As ~150 modules ink and React cost ~280 ms to load; bundled ~65 ms.
import { existsSync } from 'node:fs';

export type DashboardModule = typeof import('./index.js');

const bundled = (file: string): URL | undefined => {
  const url = new URL(`./bundle/${file}`, import.meta.url);
  return existsSync(url) ? url : undefined;
};

/** The history browser and the in-thread reporter, for `aitest show` and tests. */
export async function loadDashboard(): Promise<DashboardModule> {
  const bundle = bundled('index.js');
  if (bundle) return (await import(bundle.href)) as DashboardModule;
  // React picks its build from NODE_ENV here (the bundle has it fixed): a shipped CLI wants production.
  process.env.NODE_ENV ??= 'production';
  return import('./index.js');
}

/** The module the live dashboard's thread runs. */
export function dashboardThreadEntry(): URL {
  return bundled('thread-worker.js') ?? new URL('./thread-worker.js', import.meta.url);
}
