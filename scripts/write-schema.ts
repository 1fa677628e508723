// Writes the files generated from the plan schema (`npm run schema`): aitest.config.schema.json for editors and
// src/plan/validators/*.ts (the compiled validators); unit tests fail when any is stale.
import { mkdir, writeFile } from 'node:fs/promises';
import { planJsonSchemaText } from '../src/plan/json-schema.js';
import { planValidatorsSources } from '../src/plan/validator-code.js';

const outputs: [URL, string][] = [
  [new URL('../aitest.config.schema.json', import.meta.url), planJsonSchemaText()],
  ...Object.entries(planValidatorsSources()).map(([file, text]): [URL, string] => [new URL(`../src/plan/${file}`, import.meta.url), text]),
];
await mkdir(new URL('../src/plan/validators/', import.meta.url), { recursive: true });
for (const [target, text] of outputs) {
  await writeFile(target, text);
  process.stdout.write(`wrote ${target.pathname}\n`);
}
