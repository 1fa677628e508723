// Writes aitest.config.schema.json from the plan schema (`npm run schema`); a unit test fails when it is stale.
import { writeFile } from 'node:fs/promises';
import { planJsonSchemaText } from '../src/plan/json-schema.js';

const target = new URL('../aitest.config.schema.json', import.meta.url);
await writeFile(target, planJsonSchemaText());
process.stdout.write(`wrote ${target.pathname}\n`);
