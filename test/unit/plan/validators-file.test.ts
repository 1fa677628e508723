// src/plan/validators/*.ts are generated from the schema (ajv standalone code); they must be current.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { testSchemas } from '../../../src/plan/schema.js';
import { planValidatorsSources } from '../../../src/plan/validator-code.js';
import { testValidatorModules } from '../../../src/plan/validators/index.js';

const dir = new URL('../../../src/plan/validators/', import.meta.url);
const sources = planValidatorsSources();

it.each(Object.keys(sources))('%s is up to date with src/plan/schema.ts (run `npm run schema` to refresh it)', (file) => {
  expect(readFileSync(new URL(file.replace('validators/', ''), dir), 'utf8')).toBe(sources[file]);
});

it('holds no generated file the schema no longer produces', () => {
  expect(readdirSync(dir).map((f) => `validators/${f}`).sort()).toEqual(Object.keys(sources).sort());
});

it('loads a validator for every test type of the schema, and only from the module that declares it', async () => {
  expect(Object.keys(testValidatorModules).sort()).toEqual(Object.keys(testSchemas).sort());
  for (const [type, load] of Object.entries(testValidatorModules)) {
    const { testValidators } = await load();
    expect(typeof testValidators[type], type).toBe('function');
  }
});
