// Loading a plan must not pay up front for what only errors, globs or the schema script need.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../../src/', import.meta.url));
// Packages that cost tens of milliseconds to load: each is imported on demand where it is needed.
const HEAVY = ['@sinclair/typebox', 'ajv', 'ajv-formats', 'yaml', 'tinyglobby', 'tsx', '@faker-js/faker'];

// Packages imported at load time (not `import type`, not `await import()`) by `file` and what it imports.
function staticPackages(file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  if (seen.has(file)) return packages;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^import (?!type )(?:[^;]*? from )?'([^']+)';/gm)) {
    const spec = m[1]!;
    if (spec.startsWith('.')) {
      for (const p of staticPackages(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')), seen)) packages.add(p);
    } else if (!spec.startsWith('node:')) {
      packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return packages;
}

it('loads and compiles a YAML plan without importing the heavy packages up front', () => {
  const packages = new Set([...staticPackages(path.join(src, 'plan/load.ts')), ...staticPackages(path.join(src, 'plan/compile.ts'))]);
  expect(packages.size).toBeGreaterThan(0);
  expect([...packages].filter((p) => HEAVY.includes(p))).toEqual([]);
});
