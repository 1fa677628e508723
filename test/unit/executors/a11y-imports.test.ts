// The accessibility executor is registered for every run: it must not load Playwright or axe at start-up.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../../src/', import.meta.url));

// Packages imported at load time (not `import type`, not `await import()`) by `file` and what it imports.
function staticPackages(file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  if (seen.has(file)) return packages;
  seen.add(file);
  for (const m of readFileSync(file, 'utf8').matchAll(/^import (?!type )(?:[^;]*? from )?'([^']+)';/gm)) {
    const spec = m[1]!;
    if (spec.startsWith('.')) {
      for (const p of staticPackages(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')), seen)) packages.add(p);
    } else if (!spec.startsWith('node:')) {
      packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return packages;
}

it('loads axe-core and Playwright only when a scan runs', () => {
  const packages = staticPackages(path.join(src, 'executors/browser/a11y/a11y-executor.ts'));
  expect([...packages].filter((p) => ['@axe-core/playwright', 'axe-core', 'playwright-core'].includes(p))).toEqual([]);
  // The lazy import is there (the check above would also pass for a file that never loads axe).
  expect(readFileSync(path.join(src, 'executors/browser/a11y/axe-run.ts'), 'utf8')).toContain("await import('@axe-core/playwright')");
});
