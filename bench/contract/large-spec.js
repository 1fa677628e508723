// A large, honest OpenAPI 3.0 document and a server that implements it: `resources` × 3 operations
// (list with a bounded `limit`, read by a patterned id, create from a body), every schema a $ref to its
// own component built with allOf over shared ones, as big real-world specs are. Used by the contract
// benchmark (how long thousands of operations take to load and expand) and by an e2e test (they all run
// and pass).
import http from 'node:http';

/**
 * The document as a plain object (write it out as JSON): `resources * 3` operations, `resources + 3` schemas.
 * `examples: true` gives the path parameter an example, which Dredd needs (aitest makes one from the pattern).
 */
export function largeSpec(resources, { examples = false } = {}) {
  const paths = {};
  const schemas = {
    Id: { type: 'string', pattern: '^[a-z]{2}-[0-9]{4}$' },
    Audit: { type: 'object', required: ['createdAt'], properties: { createdAt: { type: 'string', format: 'date-time' } } },
    Named: { type: 'object', required: ['id', 'name'], properties: { id: { $ref: '#/components/schemas/Id' }, name: { type: 'string', minLength: 1 }, note: { type: 'string', nullable: true } } },
  };
  for (let i = 0; i < resources; i++) {
    const name = `Thing${i}`;
    const ref = { $ref: `#/components/schemas/${name}` };
    schemas[name] = { allOf: [{ $ref: '#/components/schemas/Named' }, { $ref: '#/components/schemas/Audit' }, { type: 'object', properties: { rank: { type: 'integer', minimum: 0 } } }] };
    const json = (schema) => ({ 'application/json': { schema } });
    paths[`/things${i}`] = {
      get: {
        operationId: `list${name}`, tags: [`group${i % 20}`],
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 50 } }],
        responses: { 200: { description: 'the list', content: json({ type: 'array', items: ref }) } },
      },
      post: {
        operationId: `create${name}`, tags: [`group${i % 20}`],
        requestBody: { required: true, content: json({ type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } }) },
        responses: { 201: { description: 'created', content: json(ref) }, 400: { description: 'invalid body' } },
      },
    };
    paths[`/things${i}/{id}`] = {
      get: {
        operationId: `get${name}`, tags: [`group${i % 20}`],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { $ref: '#/components/schemas/Id' }, ...(examples ? { example: 'cd-5678' } : {}) }],
        responses: { 200: { description: 'one', content: json(ref) }, 404: { description: 'not found' } },
      },
    };
  }
  return { openapi: '3.0.3', info: { title: 'Large', version: '1.0.0' }, paths, components: { schemas } };
}

/** Serves what largeSpec documents, for any number of resources; resolves with its URL and a close function. */
export function startLargeSpecServer() {
  const thing = { id: 'ab-1234', name: 'a thing', note: null, createdAt: '2026-01-01T00:00:00Z', rank: 1 };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const send = (status, body) => {
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(text);
    };
    const list = /^\/things\d+$/.test(url.pathname);
    const one = /^\/things\d+\/[^/]+$/.test(url.pathname);
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.method === 'GET' && list) return send(200, [thing]);
      if (req.method === 'GET' && one) return /^[a-z]{2}-[0-9]{4}$/.test(url.pathname.split('/')[2]) ? send(200, thing) : send(404);
      if (req.method === 'POST' && list) {
        let parsed;
        try {
          parsed = JSON.parse(body);
        } catch {
          return send(400);
        }
        return typeof parsed?.name === 'string' && parsed.name.length > 0 ? send(201, { ...thing, name: parsed.name }) : send(400);
      }
      send(404);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => server.close(() => r())),
  })));
}
