// How the contract executor builds requests: values from examples or generated from schemas, parameters
// serialised by style, bodies by media type, credentials by scheme, and the invalid (negative) variants.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AitestError } from '../../../src/errors.js';
import { draftRequest } from '../../../src/executors/contract/draft.js';
import { loadContract } from '../../../src/executors/contract/load-spec.js';
import type { Operation, Parameter } from '../../../src/executors/contract/model.js';
import { negativeCases } from '../../../src/executors/contract/negative.js';
import { NO_SECURITY, renderRequest } from '../../../src/executors/contract/render.js';
import { checkCredentials, credentialSecrets, securityFor } from '../../../src/executors/contract/security.js';
import { valueFor } from '../../../src/executors/contract/values.js';

const fixtures = fileURLToPath(new URL('../../fixtures/openapi/', import.meta.url));
const swagger = await loadContract(path.join(fixtures, 'petstore-swagger2.yaml'));
const zoo = await loadContract(path.join(fixtures, 'zoo-openapi31.yaml'));
const demo = await loadContract(fileURLToPath(new URL('../../../examples/demo-app/openapi.yaml', import.meta.url)));
const opOf = (c: typeof zoo, title: string): Operation => c.operations.find((o) => o.title === title)!;

function operation(o: Partial<Operation>): Operation {
  return { method: 'GET', path: '/x', title: 'GET /x', tags: [], parameters: [], responses: [], security: [], pointer: '#/paths/~1x/get', ...o };
}

describe('values from schemas', () => {
  it('prefers the schema\'s example, then examples[0], default, const, enum[0]', () => {
    expect(valueFor({ type: 'string', example: 'ex', default: 'd' })).toBe('ex');
    expect(valueFor({ type: 'string', examples: ['first', 'second'], default: 'd' })).toBe('first');
    expect(valueFor({ type: 'integer', default: 7, enum: [1, 7] })).toBe(7);
    expect(valueFor({ const: 'lion' })).toBe('lion');
    expect(valueFor({ type: 'string', enum: [null, 'b', 'c'] })).toBe('b');
  });

  it('fills formats with valid values', () => {
    const formats = ['email', 'uuid', 'date-time', 'date', 'uri', 'hostname', 'ipv4', 'ipv6', 'byte'];
    expect(formats.map((format) => valueFor({ type: 'string', format }))).toEqual([
      'user@example.com', '00000000-0000-4000-8000-000000000000', '2024-01-01T00:00:00Z', '2024-01-01', 'https://example.com/', 'example.com', '127.0.0.1', '::1', 'AA==',
    ]);
  });

  it('respects string lengths and patterns', () => {
    expect(valueFor({ type: 'string', minLength: 10 })).toBe('stringaaaa');
    expect(valueFor({ type: 'string', maxLength: 3 })).toBe('str');
    expect(valueFor({ type: 'string', pattern: '^[0-9]+$' })).toBe('0');
    expect(valueFor({ type: 'string', pattern: '^[A-Z]{3}$' })).toBe('ABC');
    // Patterns no stock value fits are inverted by a regex generator, lowest choice everywhere.
    expect(valueFor({ type: 'string', pattern: '^SKU-[0-9a-f]{8}$' })).toBe('SKU-00000000');
    expect(valueFor({ type: 'string', pattern: '^[A-Z]{2}\\d{2}[A-Z0-9]{4}\\d{7}$' })).toBe('AA00AAAA0000000');
    expect(valueFor({ type: 'string', pattern: '^(eu|us)-[a-z]+-\\d$' })).toBe('eu-a-0');
    // A minLength longer than the pattern's shortest match is met by repeating more, not by padding.
    const long = valueFor({ type: 'string', pattern: '^x[0-9]+$', minLength: 6 }) as string;
    expect(long).toMatch(/^x[0-9]+$/);
    expect(long.length).toBeGreaterThanOrEqual(6);
  });

  it('respects number ranges, exclusive bounds in both spellings, and multipleOf', () => {
    expect(valueFor({ type: 'integer' })).toBe(1);
    expect(valueFor({ type: 'integer', minimum: 5 })).toBe(5);
    expect(valueFor({ type: 'integer', minimum: 5, exclusiveMinimum: true })).toBe(6);
    expect(valueFor({ type: 'integer', exclusiveMinimum: 0 })).toBe(1);
    expect(valueFor({ type: 'number', maximum: -3 })).toBe(-3);
    expect(valueFor({ type: 'integer', minimum: 7, multipleOf: 5 })).toBe(10);
    expect(valueFor({ type: 'number', minimum: 0, exclusiveMaximum: 1, multipleOf: 2 })).toBe(0);
  });

  it('objects get their required properties only; readOnly ones are left out of requests', () => {
    const schema = { type: 'object', required: ['id', 'name', 'tags'], properties: { id: { type: 'integer', readOnly: true }, name: { type: 'string' }, tags: { type: 'array', items: { type: 'string', format: 'email' } }, extra: { type: 'string' } } };
    expect(valueFor(schema)).toEqual({ name: 'string', tags: ['user@example.com'] });
    expect(valueFor(schema, 'response')).toEqual({ id: 1, name: 'string', tags: ['user@example.com'] });
  });

  it('merges allOf parts, takes the first non-null oneOf branch, and stops in recursive schemas', () => {
    expect(valueFor({ allOf: [{ type: 'object', required: ['a'], properties: { a: { type: 'string' } } }, { required: ['b'], properties: { b: { type: 'boolean' } } }] })).toEqual({ a: 'string', b: false });
    expect(valueFor({ oneOf: [{ type: 'null' }, { type: 'integer', minimum: 3 }] })).toBe(3);
    const node: Record<string, unknown> = { type: 'object', required: ['child'], properties: {} };
    (node.properties as Record<string, unknown>).child = node;
    expect(() => valueFor(node)).not.toThrow();
  });
});

describe('requests from operations', () => {
  it('uses parameter and body examples; sends required parameters, and optional ones only when they have an example', () => {
    const draft = draftRequest(opOf(demo, 'GET /api/users'));
    expect(draft.params.map((d) => [d.param.name, d.value])).toEqual([['limit', 10]]);
    const spec = renderRequest(opOf(demo, 'POST /api/users'), draftRequest(opOf(demo, 'POST /api/users')), NO_SECURITY);
    expect(spec).toMatchObject({ method: 'POST', url: '/api/users', json: { name: 'Grace Hopper', email: 'grace@example.com' }, headers: { 'content-type': 'application/json' } });
    expect(renderRequest(opOf(demo, 'GET /api/items/{id}'), draftRequest(opOf(demo, 'GET /api/items/{id}')), NO_SECURITY).url).toBe('/api/items/2');
  });

  it('serialises query (form, csv, deepObject), header and cookie parameters', () => {
    const animals = opOf(zoo, 'GET /animals');
    expect(renderRequest(animals, draftRequest(animals), NO_SECURITY)).toMatchObject({ url: '/animals?page=1&filter%5Blegs%5D=4', headers: { cookie: 'session=abc' } });
    const pets = opOf(swagger, 'GET /pets');
    expect(renderRequest(pets, draftRequest(pets), NO_SECURITY).url).toBe('/pets?tags=cat%2Cdog&limit=1');
    const p = (o: Partial<Parameter>): Parameter => ({ name: 'v', in: 'query', required: true, ...o });
    const op = operation({ path: '/x/{id}', parameters: [p({ name: 'id', in: 'path', example: { value: 'a b/c' } }), p({ name: 'ids', example: { value: [1, 2] } }), p({ name: 'x-ids', in: 'header', example: { value: [1, 2] } })] });
    expect(renderRequest(op, draftRequest(op), NO_SECURITY)).toMatchObject({ url: '/x/a%20b%2Fc?ids=1&ids=2', headers: { 'x-ids': '1,2' } });
  });

  it('encodes form and multipart bodies; 2.0 file fields are sent as files', () => {
    const photo = opOf(swagger, 'POST /pets/{petId}/photo');
    const spec = renderRequest(photo, draftRequest(photo), NO_SECURITY);
    expect(spec.headers!['content-type']).toBe('multipart/form-data; boundary=aitest-contract-boundary');
    expect(spec.body).toContain('Content-Disposition: form-data; name="caption"\r\n\r\nstring\r\n');
    expect(spec.body).toContain('name="file"; filename="file.txt"');
    const form = operation({ method: 'POST', requestBody: { required: true, content: [{ type: 'application/x-www-form-urlencoded', schema: { type: 'object', required: ['a'], properties: { a: { type: 'integer' } } }, schemaPointer: '#' }] } });
    expect(renderRequest(form, draftRequest(form), NO_SECURITY)).toMatchObject({ body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  });
});

describe('security', () => {
  it('puts bearer and basic credentials into Authorization, apiKeys into their header, query or cookie', () => {
    expect(securityFor(opOf(demo, 'GET /api/me'), demo, { bearerAuth: { bearer: 't0k' } }).headers).toEqual({ authorization: 'Bearer t0k' });
    expect(securityFor(opOf(swagger, 'POST /pets'), swagger, { basicAuth: { basic: { username: 'u', password: 'p' } } }).headers).toEqual({ authorization: 'Basic dTpw' });
    expect(securityFor(opOf(swagger, 'GET /pets'), swagger, { apiKey: { apiKey: 'k' } }).headers).toEqual({ 'x-api-key': 'k' });
    // The first alternative the plan can satisfy: here the query key, since no cookie key is given.
    const animals = opOf(zoo, 'GET /animals');
    const query = securityFor(animals, zoo, { queryKey: { apiKey: 'q' } });
    expect(renderRequest(animals, draftRequest(animals), query).url).toBe('/animals?page=1&filter%5Blegs%5D=4&key=q');
    const cookie = securityFor(animals, zoo, { cookieKey: { apiKey: 'c' }, queryKey: { apiKey: 'q' } });
    expect(renderRequest(animals, draftRequest(animals), cookie).headers!.cookie).toBe('session=abc; zoo_key=c');
  });

  it('sends nothing when no alternative can be satisfied (the server answers as to an anonymous caller)', () => {
    expect(securityFor(opOf(demo, 'GET /api/me'), demo, {})).toEqual(NO_SECURITY);
    expect(securityFor(opOf(swagger, 'GET /categories'), swagger, { apiKey: { apiKey: 'k' } })).toEqual(NO_SECURITY);
  });

  it('rejects credentials for an unknown scheme or of the wrong kind, and lists what to redact', () => {
    expect(() => checkCredentials(demo, { bearerAuht: { bearer: 'x' } })).toThrow(AitestError);
    expect(() => checkCredentials(demo, { bearerAuht: { bearer: 'x' } })).toThrow('auth.bearerAuht: the contract spec has no security scheme "bearerAuht" (it has: bearerAuth)');
    expect(() => checkCredentials(swagger, { apiKey: { bearer: 'x' } })).toThrow('auth.apiKey gives bearer credentials, but the scheme "apiKey" is an apiKey in the header X-API-Key');
    expect(credentialSecrets({ a: { bearer: 't' }, b: { basic: { username: 'u', password: 'p' } }, c: { apiKey: 'k' } })).toEqual(['t', 'Bearer t', 'p', 'dTpw', 'k']);
  });
});

describe('negative cases', () => {
  it('drops a required body field, then sends a required field with the wrong type', () => {
    const post = opOf(demo, 'POST /api/users');
    const cases = negativeCases(post, draftRequest(post));
    expect(cases.map((c) => c.description)).toEqual(['required body field "name" missing', 'body field "name" sent as 12345 (documented as string)']);
    expect(cases.map((c) => c.draft.body!.value)).toEqual([{ email: 'grace@example.com' }, { name: 12345, email: 'grace@example.com' }]);
  });

  it('drops a required query parameter first (never a path parameter); a number field gets a string', () => {
    const pets = opOf(swagger, 'GET /pets');
    expect(negativeCases(pets, draftRequest(pets)).map((c) => c.description)).toEqual(['required query parameter "limit" missing']);
    const byId = opOf(demo, 'GET /api/items/{id}');
    expect(negativeCases(byId, draftRequest(byId))).toEqual([]);
    const op = operation({ method: 'POST', requestBody: { required: true, content: [{ type: 'application/json', schema: { type: 'object', properties: { n: { type: 'number' } } }, schemaPointer: '#' }] } });
    expect(negativeCases(op, draftRequest(op)).map((c) => [c.description, c.draft.body?.value])).toEqual([
      ['required request body missing', undefined],
      ['body field "n" sent as "not-a-number" (documented as number)', { n: 'not-a-number' }],
    ]);
  });
});

describe('redirects', () => {
  it('are not followed: the operation\'s own answer is what gets checked', () => {
    const op = operation({});
    expect(renderRequest(op, draftRequest(op), NO_SECURITY).followRedirects).toBe(false);
  });
});
