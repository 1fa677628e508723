// src/plan/plan-validators.ts is generated from the schema (ajv standalone code); it must be current.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { planValidatorsSource } from '../../../src/plan/validator-code.js';

const file = new URL('../../../src/plan/plan-validators.ts', import.meta.url);

it('is up to date with src/plan/schema.ts (run `npm run schema` to refresh it)', () => {
  expect(readFileSync(file, 'utf8')).toBe(planValidatorsSource());
});
