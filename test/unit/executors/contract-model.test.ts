// The contract executor's operation model: Swagger 2.0 and OpenAPI 3.1 documents normalised into one shape,
// and documents that cannot be loaded rejected with a message that names the problem.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AitestError } from '../../../src/errors.js';
import { loadContract, specLocation } from '../../../src/executors/contract/load-spec.js';
import type { Contract, Operation } from '../../../src/executors/contract/model.js';

const fixtures = fileURLToPath(new URL('../../fixtures/openapi/', import.meta.url));
const demoSpec = fileURLToPath(new URL('../../../examples/demo-app/openapi.yaml', import.meta.url));

const op = (c: Contract, title: string): Operation => {
  const found = c.operations.find((o) => o.title === title);
  if (!found) throw new Error(`no ${title} in ${c.operations.map((o) => o.title).join(', ')}`);
  return found;
};

describe('Swagger 2.0', async () => {
  const c = await loadContract(path.join(fixtures, 'petstore-swagger2.yaml'));

  it('lists every operation with its title, id, tags and pointer; the server is scheme://host/basePath', () => {
    expect(c.version).toBe('2.0');
    expect(c.dialect).toBe('draft-07');
    expect(c.servers).toEqual(['https://pets.example.com/v2']);
    expect(c.operations.map((o) => [o.title, o.operationId])).toEqual([
      ['GET /pets', 'listPets'], ['POST /pets', 'addPet'], ['GET /pets/{petId}', 'getPet'], ['POST /pets/{petId}/photo', 'uploadPhoto'], ['GET /categories', 'listCategories'],
    ]);
    expect(op(c, 'GET /pets/{petId}').pointer).toBe('#/paths/~1pets~1{petId}/get');
  });

  it('turns type fields into schemas, collectionFormat into a style, x-example into the example', () => {
    const [tags, limit, requestId] = op(c, 'GET /pets').parameters;
    expect(tags).toMatchObject({ name: 'tags', in: 'query', required: false, example: { value: ['cat', 'dog'] }, style: 'form', explode: false, schema: { type: 'array', items: { type: 'string' } } });
    expect(limit).toMatchObject({ required: true, schema: { type: 'integer', minimum: 0, exclusiveMinimum: true, maximum: 100 } });
    expect(requestId).toMatchObject({ in: 'header', schema: { type: 'string', format: 'uuid' } });
    // Path-level parameters are inherited.
    expect(op(c, 'GET /pets/{petId}').parameters).toMatchObject([{ name: 'petId', in: 'path', required: true, schema: { type: 'integer', format: 'int64' } }]);
  });

  it('makes the body parameter a request body per `consumes`, and formData fields one object schema', () => {
    const body = op(c, 'POST /pets').requestBody!;
    expect(body.required).toBe(true);
    expect(body.content.map((m) => [m.type, m.schemaPointer])).toEqual([['application/json', '#/paths/~1pets/post/parameters/0/schema']]);
    expect(body.content[0]!.schema).toBe(c.document.definitions && (c.document.definitions as Record<string, unknown>).NewPet);
    const form = op(c, 'POST /pets/{petId}/photo').requestBody!;
    expect(form.content.map((m) => m.type)).toEqual(['multipart/form-data']);
    expect(form.content[0]!.schema).toEqual({ type: 'object', properties: { caption: { type: 'string' }, file: { type: 'file' } }, required: ['caption', 'file'] });
  });

  it('gives a response with a schema one media type per `produces`; one without a schema has no body', () => {
    const get = op(c, 'GET /pets/{petId}');
    expect(get.responses.map((r) => [r.key, r.content.map((m) => m.type)])).toEqual([['200', ['application/json', 'application/xml']], ['404', []]]);
    expect(op(c, 'GET /pets').responses[0]!.headers).toEqual([{ name: 'x-total', required: false, schema: { type: 'integer' }, pointer: '#/paths/~1pets/get/responses/200/headers/X-Total' }]);
  });

  it('reads securityDefinitions and security (document-level, overridden, or switched off with [])', () => {
    expect([...c.securitySchemes]).toEqual([['apiKey', { kind: 'apiKey', in: 'header', name: 'X-API-Key' }], ['basicAuth', { kind: 'basic' }]]);
    expect(op(c, 'GET /pets').security).toEqual([['apiKey']]);
    expect(op(c, 'POST /pets').security).toEqual([['basicAuth']]);
    expect(op(c, 'GET /categories').security).toEqual([]);
  });

  it('knows the named definitions by identity, for messages that point at them', () => {
    const pet = (c.document.definitions as Record<string, object>).Pet!;
    expect(c.schemaPointers.get(pet)).toBe('#/definitions/Pet');
  });
});

describe('OpenAPI 3.1', async () => {
  const c = await loadContract(path.join(fixtures, 'zoo-openapi31.yaml'));

  it('is JSON Schema 2020-12; server variables take their defaults', () => {
    expect(c.version).toBe('3.1');
    expect(c.dialect).toBe('2020-12');
    expect(c.servers).toEqual(['https://eu.zoo.example.com/api']);
  });

  it('reads parameters in query and cookie, with their examples and styles', () => {
    expect(op(c, 'GET /animals').parameters.map((p) => [p.name, p.in, p.required, p.example?.value, p.style])).toEqual([
      ['kind', 'query', false, undefined, undefined],
      ['page', 'query', true, undefined, undefined],
      ['filter', 'query', false, { legs: 4 }, 'deepObject'],
      ['session', 'cookie', true, 'abc', undefined],
    ]);
  });

  it('reads `2XX` and `default` responses, their media types and required headers', () => {
    const get = op(c, 'GET /animals');
    expect(get.responses.map((r) => [r.key, r.content.map((m) => m.type)])).toEqual([['2XX', ['application/json']], ['default', ['application/problem+json']]]);
    expect(get.responses[0]!.headers).toMatchObject([{ name: 'x-rate-limit', required: true, schema: { type: 'integer', minimum: 0 } }]);
    expect(get.responses[0]!.content[0]!.schemaPointer).toBe('#/paths/~1animals/get/responses/2XX/content/application~1json/schema');
  });

  it('takes a request body example from `examples`; security alternatives are kept in order', () => {
    const post = op(c, 'POST /animals');
    expect(post.requestBody!.content[0]!.example).toEqual({ value: { kind: 'lion', name: 'Leo', mane: true } });
    expect(post.tags).toEqual(['animals', 'admin']);
    expect(post.security).toEqual([['cookieKey'], ['queryKey']]);
    expect([...c.securitySchemes.values()]).toEqual([{ kind: 'apiKey', in: 'cookie', name: 'zoo_key' }, { kind: 'apiKey', in: 'query', name: 'key' }]);
  });
});

describe('the demo app\'s document', () => {
  it('is OpenAPI 3.0 with ten operations, one bearer scheme, and every response documented with JSON', async () => {
    const c = await loadContract(demoSpec);
    expect(c.version).toBe('3.0');
    expect(c.operations.map((o) => o.title)).toEqual([
      'GET /health', 'GET /api/items', 'GET /api/items/{id}', 'GET /api/users', 'POST /api/users', 'GET /api/users/{id}',
      'DELETE /api/users/{id}', 'POST /api/login', 'GET /api/me', 'GET /api/slow',
    ]);
    expect([...c.securitySchemes]).toEqual([['bearerAuth', { kind: 'bearer' }]]);
  });
});

describe('documents that cannot be loaded', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-contract-'));
  const write = (name: string, text: string): string => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const failure = async (location: string, shown: string): Promise<AitestError> => {
    try {
      await loadContract(location, shown);
    } catch (e) {
      if (e instanceof AitestError) return e;
      throw e;
    }
    throw new Error('expected the load to fail');
  };

  it('a missing file', async () => {
    const e = await failure(path.join(dir, 'nope.yaml'), './nope.yaml');
    expect(e.code).toBe('PLAN_INVALID');
    expect(e.message).toBe(`cannot read the contract spec ./nope.yaml (${path.join(dir, 'nope.yaml')}): no such file`);
    expect(e.hint).toMatch(/relative to the plan file/);
  });

  it('broken YAML, with the line it breaks on', async () => {
    const e = await failure(write('broken.yaml', 'openapi: 3.0.3\ninfo: { title: x\npaths: [\n'), './broken.yaml');
    expect(e.message).toMatch(/^the contract spec \.\/broken\.yaml is not valid YAML or JSON: .*\(3:1\)/s);
  });

  it('YAML that is not an OpenAPI document, and an unsupported version', async () => {
    expect((await failure(write('other.yaml', 'hello: 1\n'), './other.yaml')).message).toBe('the contract spec ./other.yaml is not an OpenAPI document: ./other.yaml is not a valid Openapi API definition');
    expect((await failure(write('v4.yaml', 'openapi: 4.0.0\ninfo: { title: x, version: "1" }\npaths: {}\n'), './v4.yaml')).message).toMatch(/^the contract spec \.\/v4\.yaml is not an OpenAPI document: Unsupported OpenAPI version: 4\.0\.0/);
  });

  it('a $ref to nothing', async () => {
    const text = 'openapi: 3.0.3\ninfo: { title: x, version: "1" }\npaths:\n  /a:\n    get:\n      responses:\n        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Missing" } } } }\n';
    const e = await failure(write('ref.yaml', text), './ref.yaml');
    expect(e.message).toMatch(/^the contract spec \.\/ref\.yaml has a broken \$ref: Missing \$ref pointer "#\/components\/schemas\/Missing"/);
  });

  it('resolves a spec path against the plan file; a URL stays a URL', () => {
    expect(specLocation('./api/openapi.yaml', 'plans/contract.yaml')).toBe(path.resolve('plans/api/openapi.yaml'));
    expect(specLocation('https://example.com/openapi.json', 'plans/contract.yaml')).toBe('https://example.com/openapi.json');
  });
});

describe('size', () => {
  it('builds the model of 3,000 operations quickly (no per-operation re-parsing)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aitest-contract-big-'));
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < 1500; i++) {
      paths[`/r${i}/{id}`] = {
        get: { operationId: `get${i}`, parameters: [{ $ref: '#/components/parameters/Id' }], responses: { 200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } } },
        put: { operationId: `put${i}`, parameters: [{ $ref: '#/components/parameters/Id' }], requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } }, responses: { 204: { description: 'ok' } } },
      };
    }
    const doc = {
      openapi: '3.0.3', info: { title: 'big', version: '1' }, paths,
      components: { parameters: { Id: { name: 'id', in: 'path', required: true, schema: { type: 'integer' } } }, schemas: { Thing: { type: 'object', properties: { a: { type: 'string' } } } } },
    };
    const file = path.join(dir, 'big.json');
    writeFileSync(file, JSON.stringify(doc));
    // How fast is bench/contract's job; here, that all of them are read.
    const c = await loadContract(file);
    expect(c.operations).toHaveLength(3000);
  });
});
