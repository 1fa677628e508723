// Each contract check against hand-made responses: what passes, what fails, what does not apply, and how a
// schema failure names the failing keyword's pointer, the instance path, and expected vs actual.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  contentTypeConformance, maxDuration, notAServerError, responseChecks, responseHeadersConformance, responseSchemaConformance, statusCodeConformance, ALL_CHECKS, type Observed,
} from '../../../src/executors/contract/checks.js';
import { loadContract } from '../../../src/executors/contract/load-spec.js';
import type { Contract, Operation, ResponseSpec } from '../../../src/executors/contract/model.js';
import { negativeCheck } from '../../../src/executors/contract/operation.js';
import { documentedResponse } from '../../../src/executors/contract/response-match.js';
import { createSchemaCheck } from '../../../src/executors/contract/schema-check.js';
import { acceptedIndex, selectOperations } from '../../../src/executors/contract/select.js';

const fixtures = fileURLToPath(new URL('../../fixtures/openapi/', import.meta.url));
const swagger = await loadContract(path.join(fixtures, 'petstore-swagger2.yaml'));
const zoo = await loadContract(path.join(fixtures, 'zoo-openapi31.yaml'));
const demo = await loadContract(fileURLToPath(new URL('../../../examples/demo-app/openapi.yaml', import.meta.url)));
const opOf = (c: Contract, title: string): Operation => c.operations.find((o) => o.title === title)!;

function res(status: number, body: unknown = '', headers: Record<string, string> = {}, durationMs = 5): Observed {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const h = typeof body === 'string' ? headers : { 'content-type': 'application/json; charset=utf-8', ...headers };
  return { status, headers: h, body: text, json, durationMs };
}

const documented = (op: Operation, status: number): ResponseSpec => documentedResponse(op, status)!;

/** A contract with one operation whose 200 response has `schema`, in the given version. */
function single(version: '3.0' | '3.1', schema: Record<string, unknown>, components: Record<string, Record<string, unknown>> = {}): { contract: Contract; op: Operation } {
  const op: Operation = {
    method: 'GET', path: '/x', title: 'GET /x', tags: [], parameters: [], security: [], pointer: '#/paths/~1x/get',
    responses: [{ key: '200', content: [{ type: 'application/json', schema, schemaPointer: '#/paths/~1x/get/responses/200/content/application~1json/schema' }], headers: [], pointer: '#/paths/~1x/get/responses/200' }],
  };
  const schemaPointers = new Map<object, string>(Object.entries(components).map(([name, s]) => [s, `#/components/schemas/${name}`]));
  const contract: Contract = {
    version, dialect: version === '3.1' ? '2020-12' : 'draft-07', source: 'mem', servers: [], operations: [op], securitySchemes: new Map(),
    schemaPointers, document: { components: { schemas: components } },
  };
  return { contract, op };
}

function schemaResult(s: { contract: Contract; op: Operation }, body: unknown) {
  return responseSchemaConformance(s.op, res(200, body), s.op.responses[0]!, createSchemaCheck(s.contract));
}

describe('not_a_server_error and status_code_conformance', () => {
  const op = opOf(demo, 'GET /api/items/{id}');

  it('a 5xx is a server error, whatever the document says', () => {
    expect(notAServerError(op, res(404))).toMatchObject({ ok: true });
    expect(notAServerError(op, res(503, 'down'))).toMatchObject({ ok: false, actual: 503, message: 'GET /api/items/{id}: not_a_server_error: the server answered 503: down' });
  });

  it('a status must be documented exactly, by its range (2XX) or by default', () => {
    expect(statusCodeConformance(op, res(404), documentedResponse(op, 404))).toMatchObject({ ok: true, expected: ['200', '404'], actual: 404 });
    expect(statusCodeConformance(op, res(203), documentedResponse(op, 203))).toMatchObject({ ok: false, message: 'GET /api/items/{id}: status_code_conformance: status 203 is not documented (documented: 200, 404)' });
    const animals = opOf(zoo, 'GET /animals');
    expect(documentedResponse(animals, 204)?.key).toBe('2XX');
    expect(documentedResponse(animals, 418)?.key).toBe('default');
  });
});

describe('content_type_conformance', () => {
  const op = opOf(demo, 'GET /health');

  it('passes a documented type (parameters ignored); fails another, naming both', () => {
    expect(contentTypeConformance(op, res(200, { status: 'ok' }), documented(op, 200))).toMatchObject({ ok: true, actual: 'application/json' });
    expect(contentTypeConformance(op, res(200, 'ok', { 'content-type': 'text/plain; charset=utf-8' }), documented(op, 200))).toMatchObject({
      ok: false, expected: ['application/json'], actual: 'text/plain',
      message: 'GET /health: content_type_conformance: content-type text/plain is not documented for 200 (documented: application/json)',
    });
  });

  it('a body without a content-type fails; no body, or no documented body, is not checked', () => {
    expect(contentTypeConformance(op, res(200, 'x'), documented(op, 200))).toMatchObject({ ok: false });
    expect(contentTypeConformance(op, res(200, ''), documented(op, 200))).toBeUndefined();
    const del = opOf(demo, 'DELETE /api/users/{id}');
    expect(contentTypeConformance(del, res(204, '', { 'content-type': 'text/html' }), documented(del, 204))).toBeUndefined();
  });

  it('wildcards match: application/* and */*', () => {
    const wild = { ...documented(op, 200), content: [{ type: 'application/*', schemaPointer: '#' }] };
    expect(contentTypeConformance(op, res(200, 'x', { 'content-type': 'application/xml' }), wild)?.ok).toBe(true);
    expect(contentTypeConformance(op, res(200, 'x', { 'content-type': 'text/csv' }), wild)?.ok).toBe(false);
  });
});

describe('response_schema_conformance', () => {
  it('passes a valid body; a wrong type names the instance path, the keyword pointer in the component, expected and actual', () => {
    const op = opOf(demo, 'GET /api/items/{id}');
    const check = createSchemaCheck(demo);
    const item = { id: 2, name: 'Wireless mouse', price: 24.5, currency: 'EUR', inStock: true };
    expect(responseSchemaConformance(op, res(200, item), documented(op, 200), check)).toMatchObject({ ok: true });
    const bad = responseSchemaConformance(op, res(200, { ...item, price: '24.50' }), documented(op, 200), check)!;
    expect(bad).toMatchObject({ name: 'response_schema_conformance', ok: false, expected: 'number', actual: '24.50' });
    expect(bad.message).toBe('GET /api/items/{id}: response_schema_conformance: the 200 application/json body does not match its schema: /price must be number (expected number, got string "24.50"; schema #/components/schemas/Item/properties/price/type)');
  });

  it('a missing required field, and items of an array, are located too', () => {
    const list = opOf(demo, 'GET /api/users');
    const bad = responseSchemaConformance(list, res(200, [{ id: '00000000-0000-4000-8000-000000000001', name: 'Ada', createdAt: '2024-01-01T00:00:00Z' }]), documented(list, 200), createSchemaCheck(demo))!;
    expect(bad.message).toContain("/0 must have required property 'email' (expected property \"email\", got nothing; schema #/components/schemas/User/required)");
  });

  it('a body that is not JSON, or empty, fails; a non-JSON media type or an undocumented one is not checked', () => {
    const op = opOf(demo, 'GET /health');
    const check = createSchemaCheck(demo);
    expect(responseSchemaConformance(op, res(200, '{oops', { 'content-type': 'application/json' }), documented(op, 200), check)).toMatchObject({ ok: false, message: 'GET /health: response_schema_conformance: the 200 application/json body is not valid JSON: {oops' });
    expect(responseSchemaConformance(op, res(200, '', { 'content-type': 'application/json' }), documented(op, 200), check)?.message).toMatch(/body is empty/);
    expect(responseSchemaConformance(op, res(200, 'ok', { 'content-type': 'text/plain' }), documented(op, 200), check)).toBeUndefined();
    const pet = opOf(swagger, 'GET /pets/{petId}');
    expect(responseSchemaConformance(pet, res(200, '<pet/>', { 'content-type': 'application/xml' }), documented(pet, 200), createSchemaCheck(swagger))).toBeUndefined();
  });

  it('OpenAPI 3.0: nullable (with and without a type), enum with nullable, boolean exclusiveMinimum, int32', () => {
    const s = single('3.0', {
      type: 'object',
      properties: {
        a: { type: 'string', nullable: true },
        b: { allOf: [{ type: 'object' }], nullable: true },
        c: { type: 'string', enum: ['x'], nullable: true },
        d: { type: 'integer', minimum: 0, exclusiveMinimum: true },
        e: { type: 'integer', format: 'int32' },
      },
    });
    expect(schemaResult(s, { a: null, b: null, c: null, d: 1, e: 5 })?.ok).toBe(true);
    const bad = schemaResult(s, { a: 1, d: 0, e: 2 ** 40 })!;
    expect(bad.ok).toBe(false);
    expect(bad.message).toContain('/a must be string,null');
    expect(bad.message).toContain('/d must be > 0 (expected > 0, got 0; schema #/paths/~1x/get/responses/200/content/application~1json/schema/properties/d/exclusiveMinimum)');
    expect(bad.message).toContain('/e must match format "int32"');
  });

  it('OpenAPI 3.0: a discriminator picks the branch, so only that branch\'s errors are reported', () => {
    const Cat = { type: 'object', required: ['petType', 'meows'], properties: { petType: { type: 'string' }, meows: { type: 'boolean' } } };
    const Dog = { type: 'object', required: ['petType', 'barks'], properties: { petType: { type: 'string' }, barks: { type: 'boolean' } } };
    const Pet = { oneOf: [Cat, Dog], discriminator: { propertyName: 'petType' } };
    const s = single('3.0', Pet, { Pet, Cat, Dog });
    expect(schemaResult(s, { petType: 'Cat', meows: true })?.ok).toBe(true);
    // Without the discriminator both branches would be tried and the error would be oneOf's.
    const wrong = schemaResult(s, { petType: 'Cat', meows: 'yes' })!;
    expect(wrong.message).toContain('/meows must be boolean (expected boolean, got string "yes"; schema #/components/schemas/Cat/properties/meows/type)');
    expect(wrong.message).not.toContain('barks');
    // The if/then that picks the branch is machinery: its own "must match then" error would only repeat it.
    expect(wrong.message).not.toContain('"then"');
    expect(schemaResult(s, { petType: 'Cow' })!.message).toContain('/petType must be equal to one of the allowed values ("Cat", "Dog")');
  });

  it('OpenAPI 3.0: allOf composition, and oneOf without a discriminator', () => {
    const Base = { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } };
    const s = single('3.0', { allOf: [Base, { type: 'object', required: ['tag'], properties: { tag: { type: 'string' } } }] }, { Base });
    expect(schemaResult(s, { id: 1, tag: 'a' })?.ok).toBe(true);
    expect(schemaResult(s, { tag: 'a' })!.message).toContain("(root) must have required property 'id' (expected property \"id\", got nothing; schema #/components/schemas/Base/required)");
    const either = single('3.0', { oneOf: [{ type: 'integer' }, { type: 'string' }] });
    expect(schemaResult(either, 3)?.ok).toBe(true);
    expect(schemaResult(either, true)!.message).toContain('(root) must match exactly one schema in oneOf');
  });

  it('OpenAPI 3.1: JSON Schema 2020-12 (type lists, const, prefixItems, numeric exclusiveMinimum) and a discriminator mapping', async () => {
    const check = createSchemaCheck(zoo);
    const position = opOf(zoo, 'GET /animals/{id}/position');
    expect(responseSchemaConformance(position, res(200, [1.5, 2]), documented(position, 200), check)?.ok).toBe(true);
    expect(responseSchemaConformance(position, res(200, [1.5, 2, 3]), documented(position, 200), check)!.message).toContain('(root) must NOT have more than 2 items');
    const animals = opOf(zoo, 'GET /animals');
    const ok = [{ kind: 'lion', name: 'Leo', mane: true, nickname: null }, { kind: 'parrot', name: 'Polly', words: 12 }];
    expect(responseSchemaConformance(animals, res(200, ok), documented(animals, 200), check)?.ok).toBe(true);
    const bad = responseSchemaConformance(animals, res(200, [{ kind: 'parrot', name: 'Polly', words: -1 }]), documented(animals, 200), check)!;
    expect(bad.message).toContain('/0/words must be >= 0 (expected >= 0, got -1; schema #/components/schemas/Parrot/properties/words/minimum)');
    expect(bad.message).not.toContain('mane');
  });

  it('recursive schemas validate at any depth', () => {
    const categories = opOf(swagger, 'GET /categories');
    const check = createSchemaCheck(swagger);
    const tree = { name: 'a', children: [{ name: 'b', children: [{ name: 'c', children: [] }] }] };
    expect(responseSchemaConformance(categories, res(200, tree), documented(categories, 200), check)?.ok).toBe(true);
    const deep = { name: 'a', children: [{ name: 'b', children: [{ children: [] }] }] };
    expect(responseSchemaConformance(categories, res(200, deep), documented(categories, 200), check)!.message).toContain("/children/0/children/0 must have required property 'name' (expected property \"name\", got nothing; schema #/definitions/Category/required)");
  });

  it('Swagger 2.0: x-nullable and boolean exclusiveMinimum', () => {
    const pet = opOf(swagger, 'GET /pets/{petId}');
    const check = createSchemaCheck(swagger);
    expect(responseSchemaConformance(pet, res(200, { id: 1, name: 'Tom', kind: 'cat', nickname: null }), documented(pet, 200), check)?.ok).toBe(true);
    expect(responseSchemaConformance(pet, res(200, { id: 0, name: 'Tom', kind: 'cat' }), documented(pet, 200), check)!.message).toContain('/id must be > 0');
  });

  it('an invalid documented schema is a failed check that says so, not a crash', () => {
    const s = single('3.0', { type: 'object', properties: { a: { type: 'strnig' } } });
    expect(schemaResult(s, { a: 1 })!.message).toMatch(/the documented schema at #\/paths\/~1x\/get\/responses\/200\/content\/application~1json\/schema is not a valid JSON Schema/);
  });
});

describe('response_headers_conformance', () => {
  it('a required header must be there, and a documented one must match its schema (typed from its text)', () => {
    const animals = opOf(zoo, 'GET /animals');
    const check = createSchemaCheck(zoo);
    const body = [{ kind: 'parrot', name: 'P', words: 1 }];
    expect(responseHeadersConformance(animals, res(200, body, { 'x-rate-limit': '10' }), documented(animals, 200), check)).toMatchObject({ ok: true, expected: ['x-rate-limit'] });
    expect(responseHeadersConformance(animals, res(200, body), documented(animals, 200), check)).toMatchObject({
      ok: false, message: 'GET /animals: response_headers_conformance: the 200 response headers do not match: header x-rate-limit is missing (required by #/paths/~1animals/get/responses/2XX/headers/X-Rate-Limit)',
    });
    expect(responseHeadersConformance(animals, res(200, body, { 'x-rate-limit': 'lots' }), documented(animals, 200), check)!.message).toContain('header x-rate-limit: (root) must be integer');
  });

  it('is not checked when the response documents no headers', () => {
    const op = opOf(demo, 'GET /health');
    expect(responseHeadersConformance(op, res(200, {}), documented(op, 200), createSchemaCheck(demo))).toBeUndefined();
  });
});

describe('max_duration, negative_data_rejection and the set of checks', () => {
  const op = opOf(demo, 'POST /api/users');

  it('max_duration compares with the limit', () => {
    expect(maxDuration(op, res(201, {}, {}, 40), 50)).toMatchObject({ ok: true, expected: '<= 50ms', actual: '40ms' });
    expect(maxDuration(op, res(201, {}, {}, 80), 50)).toMatchObject({ ok: false, message: 'POST /api/users: max_duration: the response took 80ms, more than 50ms' });
  });

  it('negative_data_rejection wants a 4xx, and says what was wrong with the request', () => {
    const n = { description: 'required body field "name" missing', draft: { params: [] } };
    expect(negativeCheck(op, n, { status: 400 })).toMatchObject({ ok: true, actual: 400 });
    expect(negativeCheck(op, n, { status: 201 })).toMatchObject({ ok: false, message: 'POST /api/users: negative_data_rejection: a request with required body field "name" missing got 201, expected a 4xx' });
    expect(negativeCheck(op, n, { status: 500 }).ok).toBe(false);
  });

  it('an undocumented status is checked by status and server-error checks only', () => {
    const items = opOf(demo, 'GET /api/items');
    const checks = responseChecks(items, res(203, [], { 'content-type': 'text/plain' }), { schemaCheck: createSchemaCheck(demo), maxDurationMs: 100 }, new Set(ALL_CHECKS));
    expect(checks.map((c) => [c.name, c.ok])).toEqual([['not_a_server_error', true], ['status_code_conformance', false], ['max_duration', true]]);
  });

  it('runs only the enabled checks', () => {
    const health = opOf(demo, 'GET /health');
    const checks = responseChecks(health, res(200, { status: 'ok' }), { schemaCheck: createSchemaCheck(demo) }, new Set(['response_schema_conformance'] as const));
    expect(checks.map((c) => c.name)).toEqual(['response_schema_conformance']);
  });
});

describe('selecting operations and accepted findings', () => {
  it('include/exclude by operationId, tag, method and path (with *)', () => {
    const titles = (inc?: object[], exc?: object[]) => selectOperations(demo.operations, inc, exc).map((o) => o.title);
    expect(titles([{ tag: 'items' }])).toEqual(['GET /api/items', 'GET /api/items/{id}']);
    expect(titles([{ path: '/api/users*' }], [{ method: 'delete' }])).toEqual(['GET /api/users', 'POST /api/users', 'GET /api/users/{id}']);
    expect(titles([{ tag: 'users', method: 'POST' }, { operationId: 'getHealth' }])).toEqual(['GET /health', 'POST /api/users']);
    expect(() => titles([{ tag: 'nope' }])).toThrow(/^include\/exclude leave no operation to run \(the spec has 10: GET \/health, /);
  });

  it('accepted findings match by title (any method case) or operationId; an unknown operation is a plan error', () => {
    const accepted = acceptedIndex([
      { operation: 'get /api/items', check: 'status_code_conformance', reason: 'DEMO-9' },
      { operation: 'getUser', check: 'response_schema_conformance', reason: 'DEMO-10' },
    ], demo.operations);
    expect(accepted(opOf(demo, 'GET /api/items'), 'status_code_conformance')).toBe('DEMO-9');
    expect(accepted(opOf(demo, 'GET /api/items'), 'content_type_conformance')).toBeUndefined();
    expect(accepted(opOf(demo, 'GET /api/users/{id}'), 'response_schema_conformance')).toBe('DEMO-10');
    expect(() => acceptedIndex([{ operation: 'GET /api/item', check: 'max_duration', reason: 'x' }], demo.operations)).toThrow('accepted[0].operation "GET /api/item" is not an operation of the contract spec');
  });
});
