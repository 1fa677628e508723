// Contract testing costs nothing to runs that don't use it: swagger-parser loads only inside the executor.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../../src/', import.meta.url));

// Packages imported at load time (not `import type`, not `import()`) by `file` and what it imports.
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

it('neither the registry nor the contract executor loads swagger-parser (or TypeBox) up front', () => {
  for (const file of ['executors/registry.ts', 'executors/contract/executor.ts']) {
    const packages = [...staticPackages(path.join(src, file))];
    expect(packages.filter((p) => p === '@apidevtools/swagger-parser' || p === '@sinclair/typebox'), file).toEqual([]);
  }
  expect(readFileSync(path.join(src, 'executors/contract/load-spec.ts'), 'utf8')).toContain("await import('@apidevtools/swagger-parser')");
  expect(readFileSync(path.join(src, 'executors/registry.ts'), 'utf8')).toContain("import('./contract/executor.js')");
});
