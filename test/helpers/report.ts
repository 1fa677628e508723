// Reading what a run wrote with `--reporter json:FILE`, typed as the JSON reporter writes it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { JsonReport, JsonTest } from '../../src/reporters/json-report.js';
import { startDemoApp, type RunningApp } from './demo-app.js';

export type { JsonTest } from '../../src/reporters/json-report.js';

export function readReport(dir: string, file = 'report.json'): JsonTest[] {
  return (JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as JsonReport).tests;
}

/** The test called `name` (the first, when it ran in several projects); throws naming the ones there are. */
export function testNamed(tests: JsonTest[], name: string): JsonTest {
  const t = tests.find((x) => x.name === name);
  if (!t) throw new Error(`no test named ${name} in ${tests.map((x) => x.name).join(', ')}`);
  return t;
}

/** The demo app for the tests of a file: started before them, stopped after. */
export function useDemoApp(env: Record<string, string> = {}): { readonly app: RunningApp } {
  const holder = {} as { app: RunningApp };
  beforeAll(async () => {
    holder.app = await startDemoApp(env);
  });
  afterAll(() => holder.app?.stop());
  return holder;
}
