// GraphQL support costs nothing to runs that don't use it: `graphql` is loaded only to parse a document.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { srcDir as src, staticPackages } from '../../helpers/static-imports.js';

it('neither the registry, the api executor nor the graphql executor loads `graphql` up front', () => {
  for (const file of ['executors/registry.ts', 'executors/api/executor.ts', 'executors/graphql/executor.ts']) {
    const packages = [...staticPackages(path.join(src, file))];
    expect(packages.filter((p) => p === 'graphql' || p === 'graphql-request'), file).toEqual([]);
  }
  // The lazy imports are there (the check above would also pass for code that never loads them).
  expect(readFileSync(path.join(src, 'executors/graphql/document.ts'), 'utf8')).toContain("import('graphql')");
  expect(readFileSync(path.join(src, 'executors/registry.ts'), 'utf8')).toContain("import('./graphql/executor.js')");
  expect(readFileSync(path.join(src, 'executors/api/exchange.ts'), 'utf8')).toContain("import('../graphql/exchange.js')");
});
