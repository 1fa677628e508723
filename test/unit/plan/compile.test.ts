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

it('expands browser tests over browsers × devices, each project its own id; api tests stay single', async () => {
  const file = tmp.write('matrix.yaml', `name: Matrix
browsers: [chromium, webkit]
devices: [Desktop Chrome, { name: Kiosk, viewport: { width: 1080, height: 1920 } }]
browser: { locale: de-DE, timezone: Europe/Berlin }
tests:
  - name: page
    type: ui
    url: /
    browser: { locale: fr-FR }
  - name: api
    type: api
    request: { url: /health }
`);
  const cases = compilePlan(await loadPlan(file, tmp.dir));
  const ui = cases.filter((c) => c.type === 'ui');
  expect(ui.map((c) => c.project)).toEqual([
    { browser: 'chromium', device: 'Desktop Chrome' },
    { browser: 'chromium', device: 'Kiosk' },
    { browser: 'webkit', device: 'Desktop Chrome' },
    { browser: 'webkit', device: 'Kiosk' },
  ]);
  expect(new Set(ui.map((c) => c.id)).size).toBe(4);
  // The test's own options override the plan's, key by key.
  expect(ui[0]!.browserOptions).toEqual({ locale: 'fr-FR', timezone: 'Europe/Berlin' });
  expect(ui[1]!.customDevice).toEqual({ name: 'Kiosk', viewport: { width: 1080, height: 1920 } });
  expect(ui[0]!.customDevice).toBeUndefined();
  const api = cases.filter((c) => c.type === 'api');
  expect(api).toHaveLength(1);
  expect(api[0]!.project).toBeUndefined();
});

it('a plan without browsers or devices runs browser tests once, without a project', async () => {
  const file = tmp.write('plain.yaml', 'name: Plain\ntests:\n  - { name: page, type: ui, url: / }\n');
  const [tc] = compilePlan(await loadPlan(file, tmp.dir));
  expect(tc!.project).toBeUndefined();
});

it('a browser test may open its pages on another base URL than the plan', async () => {
  const file = tmp.write('base.yaml', 'name: Base\nbaseUrl: http://a:1\ntests:\n  - { name: page, type: ui, url: /, baseUrl: "http://b:2" }\n  - { name: api, type: api, request: { url: / } }\n');
  expect(compilePlan(await loadPlan(file, tmp.dir)).map((c) => c.baseUrl)).toEqual(['http://b:2', 'http://a:1']);
});
