// The quick start plan in TypeScript: the same tests as quickstart.yaml, plus a custom check function.
//   npx aitest run examples/quickstart.ts
import { defineConfig } from 'aitest';

export default defineConfig({
  name: 'Quickstart (TypeScript)',
  baseUrl: 'http://127.0.0.1:${{ vars.port }}',
  webServer: {
    command: 'node examples/demo-app/server.js --port ${{ vars.port }}',
    url: 'http://127.0.0.1:${{ vars.port }}/health',
    timeout: '20s',
  },
  vars: {
    // The demo app's port: DEMO_PORT from the environment (the test suite passes a free one), else 4010.
    port: { env: 'DEMO_PORT', default: '4010' },
    token: { env: 'DEMO_TOKEN', secret: true, default: 'demo-token' },
    seed: 42,
  },
  // Room for a busy machine: a test that takes 3 s alone can take over 10 s beside other work.
  defaults: { timeout: '30s' },
  tests: [
    {
      name: 'health answers',
      type: 'api',
      tags: ['smoke'],
      request: { method: 'GET', url: '/health' },
      // maxDuration generous on purpose: it shows the check, and still passes on a busy machine.
      expect: { status: 200, json: { status: 'ok' }, maxDuration: '5s' },
    },
    {
      name: 'catalogue prices are positive',
      type: 'api',
      request: { method: 'GET', url: '/api/items' },
      expect: { status: 200 },
      // A TypeScript plan can check anything a function can: return a message to fail.
      check: (res) => {
        const items = res.json as { price: number }[];
        const bad = items.filter((i) => !(i.price > 0));
        return bad.length === 0 || `${bad.length} items have a non-positive price`;
      },
    },
    {
      name: 'create then fetch a user',
      type: 'api',
      steps: [
        {
          name: 'create',
          request: { method: 'POST', url: '/api/users', json: { name: '${{ faker.person.fullName }}', email: '${{ faker.internet.email }}' } },
          expect: { status: 201, schema: { type: 'object', required: ['id'] } },
          capture: { userId: '$.id' },
        },
        {
          name: 'fetch',
          request: { method: 'GET', url: '/api/users/${{ captures.userId }}' },
          expect: { status: 200, jsonPath: { '$.id': { equals: '${{ captures.userId }}' } } },
        },
      ],
    },
    {
      name: 'profile needs a token',
      type: 'api',
      request: { method: 'GET', url: '/api/me', auth: { bearer: '${{ vars.token }}' } },
      expect: { status: 200 },
    },
    {
      name: 'sign in reaches the dashboard',
      type: 'ui',
      url: '/login',
      steps: [
        { fill: { selector: '#email', value: 'demo@example.com' } },
        { fill: { selector: { label: 'Password' }, value: 'demo' } },
        { click: { role: 'button', name: 'Sign in' } },
        { expect: { url: '/dashboard' } },
        // TypeScript plans can drive the page directly.
        { evaluate: async ({ page }) => { if ((await page.locator('.todo').count()) !== 3) throw new Error('expected 3 todos'); } },
      ],
    },
    { name: 'sign-in page is accessible', type: 'accessibility', url: '/login', standard: 'wcag21aa' },
  ],
});
