// `aitest generate`'s plan building: tag groups, vars for security schemes, skip rules, large schemas, and the
// written YAML validating as a plan; on a small in-memory spec and on the Swagger 2.0 fixture.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { AitestError, exitCodeForError } from '../../src/errors.js';
import { loadContract } from '../../src/executors/contract/load-spec.js';
import { checkGeneratedPlan } from '../../src/generate/check-generated.js';
import { buildPlan, DESTRUCTIVE_SKIP, envName, type GeneratedPlan } from '../../src/generate/plan-builder.js';
import { planToYaml } from '../../src/generate/render-yaml.js';

const fixtures = fileURLToPath(new URL('../fixtures/openapi/', import.meta.url));

const json = (schema: object) => ({ content: { 'application/json': { schema } } });

/** A small spec with tags out of order, three kinds of credentials, an unsendable scheme and destructive operations. */
const SPEC = {
  openapi: '3.0.3',
  info: { title: 'Shop', version: '1' },
  servers: [{ url: 'https://shop.example.com/api/' }],
  tags: [{ name: 'orders', description: 'Placing and reading orders.' }, { name: 'catalog' }],
  components: {
    securitySchemes: {
      token: { type: 'http', scheme: 'bearer' },
      'partner-key': { type: 'apiKey', in: 'query', name: 'key' },
      admin: { type: 'http', scheme: 'basic' },
      digest: { type: 'http', scheme: 'digest' },
      unused: { type: 'apiKey', in: 'header', name: 'X-Unused' },
    },
    schemas: {
      Product: { type: 'object', required: ['sku', 'price'], properties: { sku: { type: 'string' }, price: { type: 'number', format: 'money' }, tags: { type: 'array', items: { type: 'string' } } } },
    },
  },
  security: [{ token: [] }],
  paths: {
    '/products': {
      get: { tags: ['catalog'], summary: 'List the catalogue\nwith more lines', security: [], responses: { 200: { description: 'ok', ...json({ type: 'array', items: { $ref: '#/components/schemas/Product' } }) } } },
      post: { tags: ['catalog'], operationId: 'addProduct', security: [{ admin: [] }], requestBody: { required: true, ...json({ $ref: '#/components/schemas/Product' }) }, responses: { 201: { description: 'made', ...json({ $ref: '#/components/schemas/Product' }) }, 400: { description: 'bad' } } },
    },
    '/products/{sku}': {
      parameters: [{ name: 'sku', in: 'path', required: true, schema: { type: 'string' }, example: 'ABC-1' }],
      delete: { tags: ['catalog'], responses: { 204: { description: 'gone' } } },
      trace: { tags: ['catalog'], responses: { 200: { description: 'echo' } } },
    },
    '/orders': {
      post: {
        tags: ['orders'], summary: 'Place an order',
        requestBody: { required: true, ...json({ type: 'object', required: ['email', 'items'], properties: { email: { type: 'string', format: 'email' }, items: { type: 'array', minItems: 1, items: { type: 'string' } } } }) },
        responses: { '2XX': { description: 'placed', ...json({ type: 'object', required: ['id'], properties: { id: { type: 'integer' } } }) } },
      },
    },
    '/partner/feed': { get: { tags: ['partners'], security: [{ 'partner-key': [] }], responses: { 200: { description: 'feed', content: { 'text/csv': {} } } } } },
    '/legacy': { get: { security: [{ digest: [] }], responses: { default: { description: 'anything' } } } },
  },
};

async function contractOf(spec: object) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-generate-'));
  const file = path.join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(spec));
  return loadContract(file);
}

const test = (p: GeneratedPlan, name: string) => {
  const t = p.apiTests.find((x) => x.test.name === name);
  if (!t) throw new Error(`no ${name} in ${p.apiTests.map((x) => String(x.test.name)).join(', ')}`);
  return t;
};

describe('buildPlan on a small spec', async () => {
  const contract = await contractOf(SPEC);
  const plan = buildPlan(contract, { specRef: './openapi.json', schemaRef: './aitest.config.schema.json' });

  it('names the plan after info.title and takes the first server as baseUrl', () => {
    expect(plan.name).toBe('Shop');
    expect(plan.baseUrl).toBe('https://shop.example.com/api');
    expect(buildPlan(contract, { specRef: 'x', baseUrl: 'http://127.0.0.1:9' }).baseUrl).toBe('http://127.0.0.1:9');
  });

  it('groups api tests by first tag: the document tags order, then first use, untagged last', () => {
    expect(plan.apiTests.map((t) => [t.group, t.test.name])).toEqual([
      ['orders', 'POST /orders'],
      ['catalog', 'GET /products'],
      ['catalog', 'POST /products'],
      ['catalog', 'DELETE /products/{sku}'],
      ['partners', 'GET /partner/feed'],
      ['untagged', 'GET /legacy'],
    ]);
    expect(plan.groupDescriptions.get('orders')).toBe('Placing and reading orders.');
    expect(plan.leftOut).toEqual([{ title: 'TRACE /products/{sku}', reason: 'the plan language cannot send TRACE' }]);
    expect(test(plan, 'GET /products').comments[0]).toBe('List the catalogue');
    expect(test(plan, 'POST /products').comments[0]).toBe('operationId: addProduct');
  });

  it('declares env vars (secret, no values) for the schemes operations use, and wires them into auth and requests', () => {
    expect(plan.vars.map((v) => [v.name, v.value])).toEqual([
      ['token', { env: 'TOKEN_TOKEN', secret: true }],
      ['partner_key', { env: 'PARTNER_KEY_KEY', secret: true }],
      ['adminUsername', { env: 'ADMIN_USERNAME', secret: true }],
      ['adminPassword', { env: 'ADMIN_PASSWORD', secret: true }],
    ]);
    expect(plan.contract.test).toMatchObject({
      type: 'contract', spec: './openapi.json',
      auth: {
        token: { bearer: '${{ vars.token }}' },
        'partner-key': { apiKey: '${{ vars.partner_key }}' },
        admin: { basic: { username: '${{ vars.adminUsername }}', password: '${{ vars.adminPassword }}' } },
      },
    });
    expect(test(plan, 'POST /orders').test.request).toMatchObject({ auth: { bearer: '${{ vars.token }}' } });
    expect(test(plan, 'POST /products').test.request).toMatchObject({ auth: { basic: { username: '${{ vars.adminUsername }}' } } });
    expect(test(plan, 'GET /partner/feed').test.request).toMatchObject({ url: '/partner/feed', query: { key: '${{ vars.partner_key }}' } });
    expect(test(plan, 'GET /products').test.request).toEqual({ url: '/products' });
    expect(envName('bearerAuth')).toBe('BEARER_AUTH');
    expect(envName('x-api.key')).toBe('X_API_KEY');
  });

  it('skips DELETE as destructive and operations whose credentials aitest cannot send', () => {
    expect(test(plan, 'DELETE /products/{sku}').test).toMatchObject({ skip: DESTRUCTIVE_SKIP, request: { method: 'DELETE', url: '/products/ABC-1' }, expect: { status: 204 } });
    expect(test(plan, 'GET /legacy').test.skip).toBe('needs credentials aitest cannot send (http digest)');
    expect(plan.stats).toEqual({ operations: 7, apiTests: 6, skipped: 2 });
  });

  it('expects the documented 2xx with the converted response schema; fresh emails in created bodies', () => {
    const add = test(plan, 'POST /products').test;
    expect(add.expect).toEqual({
      status: 201,
      headers: { 'content-type': '/^application\\/json/i' },
      // The unknown `money` format is dropped; the known ones stay.
      schema: { type: 'object', required: ['sku', 'price'], properties: { sku: { type: 'string' }, price: { type: 'number' }, tags: { type: 'array', items: { type: 'string' } } } },
    });
    expect(add.request).toMatchObject({ method: 'POST', json: { sku: 'string', price: 1 } });
    const order = test(plan, 'POST /orders');
    expect(order.test.expect).toMatchObject({ status: '2xx' });
    expect(order.test.request).toMatchObject({ json: { email: '${{ faker.internet.email }}', items: ['string'] } });
    // A text/csv answer: no content-type regex, no schema.
    expect(test(plan, 'GET /partner/feed').test.expect).toEqual({ status: 200 });
  });

  it('checks a schema larger than the limit with jsonPath instead', () => {
    const small = buildPlan(contract, { specRef: 'x', maxSchemaChars: 20 });
    const add = test(small, 'POST /products');
    expect(add.test.expect).toMatchObject({ status: 201, jsonPath: { $: { type: 'object' }, '$.sku': { exists: true }, '$.price': { exists: true } } });
    expect(add.test.expect).not.toHaveProperty('schema');
    expect(add.comments.join('\n')).toContain('checked with jsonPath here');
  });

  it('writes YAML with the modeline, tag headings and comments, which validates as a plan', async () => {
    const text = planToYaml(plan, { source: 'openapi.json' });
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./aitest.config.schema.json');
    expect(text).toContain('Not generated: TRACE /products/{sku}');
    expect(text).toMatch(/^ {2}# ── orders: Placing and reading orders\. ─+$/m);
    expect(text).toMatch(/^ {2}# ── untagged ─+$/m);
    expect(text).toContain('  # Place an order\n');
    expect(text).not.toMatch(/[&*]a\d/);
    expect(await checkGeneratedPlan(text, 'plan.yaml')).toBe(7);
    const data = parse(text) as { tests: { name: string }[]; vars: Record<string, unknown> };
    expect(data.tests.map((t) => t.name)).toEqual(['Shop matches its OpenAPI contract', ...plan.apiTests.map((t) => t.test.name)]);
    expect(data.vars.token).toEqual({ env: 'TOKEN_TOKEN', secret: true });
  });
});

describe('buildPlan on the Swagger 2.0 fixture', async () => {
  const contract = await loadContract(path.join(fixtures, 'petstore-swagger2.yaml'));
  const plan = buildPlan(contract, { specRef: './petstore-swagger2.yaml' });

  it('uses scheme://host/basePath, the apiKey header and basic credentials, and validates', async () => {
    expect(plan.baseUrl).toBe('https://pets.example.com/v2');
    expect(plan.vars.map((v) => v.value.env)).toEqual(['API_KEY_KEY', 'BASIC_AUTH_USERNAME', 'BASIC_AUTH_PASSWORD']);
    const list = test(plan, 'GET /pets').test;
    expect(list.request).toMatchObject({ headers: { 'x-api-key': '${{ vars.apiKey }}' } });
    expect(String((list.request as { url: string }).url)).toMatch(/^\/pets\?/);
    expect(test(plan, 'POST /pets').test.request).toMatchObject({ method: 'POST', auth: { basic: { username: '${{ vars.basicAuthUsername }}' } } });
    // `security: []` on the operation: no credentials.
    expect(test(plan, 'GET /categories').test.request).toEqual({ url: '/categories' });
    // A multipart upload is sent as the contract run sends it: a raw body with its boundary.
    expect(test(plan, 'POST /pets/{petId}/photo').test.request).toMatchObject({ body: expect.stringContaining('name="caption"') as unknown });
    const text = planToYaml(plan, { source: 'petstore-swagger2.yaml' });
    expect(await checkGeneratedPlan(text, 'pets.yaml')).toBe(1 + plan.apiTests.length);
  });

  it('the recursive Category schema becomes $defs + $ref, as the contract checks convert it', () => {
    const schema = (test(plan, 'GET /categories').test.expect as { schema: Record<string, unknown> }).schema;
    expect(JSON.stringify(schema)).toContain('#/$defs/');
  });
});

describe('checkGeneratedPlan', () => {
  it('an invalid generated plan is an INFRA error (exit 3) with every issue', async () => {
    let err: unknown;
    try {
      await checkGeneratedPlan('name: x\ntests:\n  - name: a\n    type: api\n    expect: { status: nope }\n', 'plan.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AitestError);
    expect(exitCodeForError(err)).toBe(3);
    expect((err as AitestError).issues?.map((i) => i.path)).toContain('tests[0].expect.status');
  });
});
