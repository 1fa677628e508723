// Where the built dashboard is: the one-file bundle written by scripts/bundle-dashboard.mjs into
// dist/dashboard/bundle/. Absent when running from source.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The bundle's file, when built. */
export function dashboardBundle(): string | undefined {
  const file = fileURLToPath(new URL('./bundle/dashboard.cjs', import.meta.url));
  return existsSync(file) ? file : undefined;
}
