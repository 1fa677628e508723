// Compiling a plan: defaults, stable ids, locations and skip reasons on plain TestCases.
import { expect, it } from 'vitest';
import { compilePlan } from '../../../src/plan/compile.js';
import { loadPlan } from '../../../src/plan/load.js';
import { tempDir } from './temp-plan.js';

const tmp = tempDir();

it('applies defaults, keeps vars unresolved and gives stable ids', async () => {
  const file = tmp.write(
    'plans/shop.yaml',
    `name: Shop
baseUrl: http://127.0.0.1:4010
vars:
  token: { env: SHOP_TOKEN, secret: true }
defaults: { timeout: 10s, retries: 1, headers: { x-suite: shop } }
tests:
  - name: list
    type: api
    tags: [smoke]
    request: { url: /items }
  - name: slow one
    type: api
    timeout: 2m
    retries: 0
    skip: true
    request: { url: /slow }
  - name: later
    type: api
    skip: flaky upstream
    only: true
    request: { url: /later }
`,
  );
  const cases = compilePlan(await loadPlan(file, tmp.dir));
  expect(cases.map((c) => [c.name, c.timeoutMs, c.retries, c.skip, c.only])).toEqual([
    ['list', 10_000, 1, undefined, undefined],
    ['slow one', 120_000, 0, 'skipped in plan', undefined],
    ['later', 10_000, 1, 'flaky upstream', true],
  ]);
  const first = cases[0]!;
  expect(first).toMatchObject({
    plan: 'Shop', file: 'plans/shop.yaml', type: 'api', tags: ['smoke'], baseUrl: 'http://127.0.0.1:4010',
    headers: { 'x-suite': 'shop' }, vars: { token: { env: 'SHOP_TOKEN', secret: true } },
    location: { file: 'plans/shop.yaml', line: 7, column: 5 },
  });
  expect(first.spec).toMatchObject({ request: { url: '/items' } });
  expect(first.id).toMatch(/^[0-9a-f]{16}$/);
  // Stable across loads, unique per name; plain data a remote worker can receive.
  const again = compilePlan(await loadPlan(file, tmp.dir));
  expect(again.map((c) => c.id)).toEqual(cases.map((c) => c.id));
  expect(new Set(cases.map((c) => c.id)).size).toBe(3);
  expect(JSON.parse(JSON.stringify(cases))).toEqual(cases);
});

it('uses 30s, or the given default, when nothing sets a timeout', async () => {
  const file = tmp.write('plain.yaml', 'name: P\ntests:\n  - { name: a, type: api, request: { url: / } }\n');
  const plan = await loadPlan(file, tmp.dir);
  expect(compilePlan(plan)[0]).toMatchObject({ timeoutMs: 30_000, retries: 0, tags: [], headers: {}, vars: {} });
  expect(compilePlan(plan, { defaultTimeoutMs: 5000 })[0]?.timeoutMs).toBe(5000);
});
