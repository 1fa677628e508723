import { defineConfig } from 'vitest/config';

// Two projects: `npx vitest run --project unit` is the fast loop (no browser, no child CLI processes);
// e2e spawns the CLI, Chromium, Redis and demo apps, so its tests and hooks get more time on a loaded machine.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000 },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
      },
    ],
  },
});
