// defineConfig gives TypeScript plans types: `tsc --noEmit` (npm test) checks the @ts-expect-error lines.
import { expect, it } from 'vitest';
import { defineConfig, type PlanSpec } from '../../../src/index.js';

it('returns the plan as written, typed', () => {
  const plan: PlanSpec = defineConfig({
    name: 'Typed',
    vars: { token: { env: 'TOKEN', secret: true }, seed: 1 },
    defaults: { timeout: '10s' },
    tests: [
      {
        name: 'a',
        type: 'api',
        request: { method: 'GET', url: '/a' },
        expect: { status: '2xx' },
        check: (res) => res.status === 200 || `status ${res.status}`,
      },
    ],
  });
  expect(plan.tests[0]?.name).toBe('a');

  // @ts-expect-error a misspelt key is a type error
  defineConfig({ name: 'x', tests: [{ name: 'a', type: 'api', request: { url: '/' }, timout: 5 }] });
  // @ts-expect-error an unknown test type is a type error
  defineConfig({ name: 'x', tests: [{ name: 'a', type: 'apii', request: { url: '/' } }] });
  // @ts-expect-error a method outside the list is a type error
  defineConfig({ name: 'x', tests: [{ name: 'a', type: 'api', request: { method: 'get', url: '/' } }] });
});
