// Loading a plan must not pay up front for what only errors, globs or the schema script need.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { srcDir as src, staticPackages } from '../../helpers/static-imports.js';

// Packages that cost tens of milliseconds to load: each is imported on demand where it is needed.
const HEAVY = ['@sinclair/typebox', 'ajv', 'ajv-formats', 'yaml', 'tinyglobby', 'tsx', '@faker-js/faker'];

it('loads and compiles a YAML plan without importing the heavy packages up front', () => {
  const packages = new Set([...staticPackages(path.join(src, 'plan/load.ts')), ...staticPackages(path.join(src, 'plan/compile.ts'))]);
  expect(packages.size).toBeGreaterThan(0);
  expect([...packages].filter((p) => HEAVY.includes(p))).toEqual([]);
});

it('a run loads no browser, GraphQL, WebSocket, OpenAPI or image package until its tests need one', () => {
  const packages = staticPackages(path.join(src, 'cli/commands/run.ts'));
  const lazy = ['playwright-core', '@axe-core/playwright', 'axe-core', 'pngjs', 'pixelmatch', 'web-vitals', 'graphql', 'ws', '@apidevtools/swagger-parser', 'better-sqlite3', 'ajv'];
  expect([...packages].filter((p) => lazy.includes(p))).toEqual([]);
});
