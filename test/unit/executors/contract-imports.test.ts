// Contract testing costs nothing to runs that don't use it: swagger-parser loads only inside the executor.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { srcDir as src, staticPackages } from '../../helpers/static-imports.js';

it('neither the registry nor the contract executor loads swagger-parser (or TypeBox) up front', () => {
  for (const file of ['executors/registry.ts', 'executors/contract/executor.ts']) {
    const packages = [...staticPackages(path.join(src, file))];
    expect(packages.filter((p) => p === '@apidevtools/swagger-parser' || p === '@sinclair/typebox'), file).toEqual([]);
  }
  expect(readFileSync(path.join(src, 'executors/contract/load-spec.ts'), 'utf8')).toContain("await import('@apidevtools/swagger-parser')");
  expect(readFileSync(path.join(src, 'executors/registry.ts'), 'utf8')).toContain("import('./contract/executor.js')");
});
