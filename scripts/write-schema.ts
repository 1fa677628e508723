// Writes the files generated from the plan schema (`npm run schema`): aitest.config.schema.json for editors and
// src/plan/plan-validators.ts (the compiled validators); unit tests fail when either is stale.
import { writeFile } from 'node:fs/promises';
import { planJsonSchemaText } from '../src/plan/json-schema.js';
import { planValidatorsSource } from '../src/plan/validator-code.js';

const outputs: [URL, string][] = [
  [new URL('../aitest.config.schema.json', import.meta.url), planJsonSchemaText()],
  [new URL('../src/plan/plan-validators.ts', import.meta.url), planValidatorsSource()],
];
for (const [target, text] of outputs) {
  await writeFile(target, text);
  process.stdout.write(`wrote ${target.pathname}\n`);
}
