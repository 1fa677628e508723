// A contract test over a document with hundreds of operations and schemas (allOf over shared $refs, a
// patterned path parameter with no example), against a server that implements it: every operation is
// expanded, called and checked, and each is its own passing result. How long it takes is measured by
// bench/contract, not asserted here.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript shared with the benchmark, which has no type declarations.
import { largeSpec, startLargeSpecServer } from '../../bench/contract/large-spec.js';
import { runCliProcess, tempDir } from '../helpers/cli.js';
import { readReport } from '../helpers/report.js';

const RESOURCES = 200;
let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  server = (await startLargeSpecServer()) as typeof server;
});
afterAll(() => server?.close());

it(`checks all ${RESOURCES * 3} operations of a large document, one passing result each`, async () => {
  const dir = tempDir({
    'plan.yaml': `name: large contract\ntests:\n  - name: everything\n    type: contract\n    spec: ./large.json\n    server: ${server.url}\n    negative: true\n    timeout: 5m\n`,
  });
  writeFileSync(path.join(dir, 'large.json'), JSON.stringify(largeSpec(RESOURCES)));
  const r = await runCliProcess(['run', 'plan.yaml', '--reporter', 'dot', '--reporter', 'json:report.json'], { cwd: dir });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const tests = readReport(dir);
  expect(tests.length).toBe(RESOURCES * 3);
  expect(tests.filter((t) => t.status !== 'passed').map((t) => [t.name, t.error])).toEqual([]);
  const names = new Set(tests.map((t) => t.name));
  expect(names.has('GET /things0')).toBe(true);
  expect(names.has(`POST /things${RESOURCES - 1}`)).toBe(true);
  // The id came from the pattern `^[a-z]{2}-[0-9]{4}$` (the server answers 404 to anything else), and the
  // negative requests (no body, a wrongly typed `name`) were refused with a 4xx.
  const read = tests.find((t) => t.name === 'GET /things7/{id}')!;
  expect(read.checks.map((c) => c.name)).toContain('response_schema_conformance');
  const create = tests.find((t) => t.name === 'POST /things7')!;
  expect(create.checks.filter((c) => c.name === 'negative_data_rejection').length).toBeGreaterThan(0);
});
