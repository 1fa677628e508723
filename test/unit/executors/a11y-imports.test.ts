// The accessibility executor is registered for every run: it must not load Playwright or axe at start-up.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { srcDir as src, staticPackages } from '../../helpers/static-imports.js';

it('loads axe-core and Playwright only when a scan runs', () => {
  const packages = staticPackages(path.join(src, 'executors/browser/a11y/a11y-executor.ts'));
  expect([...packages].filter((p) => ['@axe-core/playwright', 'axe-core', 'playwright-core'].includes(p))).toEqual([]);
  // The lazy import is there (the check above would also pass for a file that never loads axe).
  expect(readFileSync(path.join(src, 'executors/browser/a11y/axe-run.ts'), 'utf8')).toContain("await import('@axe-core/playwright')");
});
