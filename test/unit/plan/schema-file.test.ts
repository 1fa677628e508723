// aitest.config.schema.json is generated from the schema; it must be current and document every property.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { planJsonSchemaText } from '../../../src/plan/json-schema.js';

const file = new URL('../../../aitest.config.schema.json', import.meta.url);

it('is up to date with src/plan/schema.ts (run `npm run schema` to refresh it)', () => {
  expect(readFileSync(file, 'utf8')).toBe(planJsonSchemaText());
});

it('gives every property a description, so editors show help', () => {
  const missing: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`));
    if (typeof node !== 'object' || node === null) return;
    const props = (node as { properties?: Record<string, { description?: string }> }).properties;
    for (const [key, prop] of Object.entries(props ?? {})) if (!prop.description) missing.push(`${path}.${key}`);
    for (const [key, child] of Object.entries(node)) walk(child, `${path}/${key}`);
  };
  walk(JSON.parse(planJsonSchemaText()), '');
  expect(missing).toEqual([]);
});
