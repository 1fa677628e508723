// TypeScript plans: loaded at run time with defineConfig, located in the source, function checks allowed.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { compilePlan } from '../../../src/plan/compile.js';
import { loadPlan } from '../../../src/plan/load.js';
import type { ApiTestSpec, HttpResponseView } from '../../../src/plan/types.js';
import { issueAt, issuesOf, loadError, tempDir } from './temp-plan.js';

const tmp = tempDir();
const indexTs = fileURLToPath(new URL('../../../src/index.ts', import.meta.url));

it('loads a plan made with defineConfig, including a function check', async () => {
  const file = tmp.write(
    'shop.ts',
    `import { defineConfig } from ${JSON.stringify(indexTs.replace(/\.ts$/, '.js'))};

const base: string = 'http://127.0.0.1:4010';

export default defineConfig({
  name: 'Shop (TS)',
  baseUrl: base,
  tests: [
    {
      name: 'items are cheap',
      type: 'api',
      request: { url: '/items' },
      check: (res) => (res.json as unknown[]).length > 0 || 'no items',
    },
    {
      type: 'api',
      name: "steps",
      steps: [{ request: { method: 'POST', url: '/items', json: { n: '\${{ faker.commerce.productName }}' } }, check: (res) => res.status === 201 }],
    },
  ],
});
`,
  );
  const plan = await loadPlan(file, tmp.dir);
  expect(plan.file).toBe('shop.ts');
  expect(plan.spec.name).toBe('Shop (TS)');
  expect(plan.testLocations).toEqual([{ line: 10, column: 7 }, { line: 17, column: 7 }]);
  const [first] = compilePlan(plan);
  const res: HttpResponseView = { status: 200, headers: {}, body: '[]', json: [], durationMs: 1 };
  expect((first?.spec as ApiTestSpec).check?.(res)).toBe('no items');
  expect(first?.location).toEqual({ file: 'shop.ts', line: 10, column: 7 });
});

it('validates a TypeScript plan like a YAML one, pointing into the source', async () => {
  const file = tmp.write(
    'bad.mts',
    `export default {
  name: 'Bad',
  tests: [
    { name: 'a', type: 'api', request: { url: '/a' } },
    {
      name: 'b',
      type: 'api',
      request: { url: '/b', timout: 5 },
      expect: { status: 'ok', json: { at: () => 1 } },
    },
  ],
};
`,
  );
  const issues = await issuesOf(file, tmp.dir);
  expect(issueAt(issues, 'tests[1].request.timout')).toMatchObject({ hint: 'did you mean `timeout`?', location: { file: 'bad.mts', line: 8 } });
  expect(issueAt(issues, 'tests[1].expect.status').location?.line).toBe(9);
  expect(issueAt(issues, 'tests[1].expect.json.at').message).toBe('a function is not allowed here');
});

it('explains a missing default export and a plan that does not compile', async () => {
  const none = tmp.write('none.ts', 'export const plan = { name: "x", tests: [] };\n');
  const e1 = await loadError(none, tmp.dir);
  expect(e1.message).toBe('none.ts has no default export.');
  expect(e1.hint).toMatch(/export default defineConfig/);

  const broken = tmp.write('broken.ts', 'export default {\n  name: "x",\n  tests: [\n};\n');
  const e2 = await loadError(broken, tmp.dir);
  expect(e2.code).toBe('PLAN_INVALID');
  expect(e2.message).toMatch(/^broken\.ts does not compile: /);
  expect(e2.location).toMatchObject({ file: 'broken.ts', line: 4 });

  const throws = tmp.write('throws.mjs', 'throw new Error("boom at load");\n');
  const e3 = await loadError(throws, tmp.dir);
  expect(e3.message).toBe('throws.mjs failed to load: boom at load');
});
