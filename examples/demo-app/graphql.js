// The demo app's GraphQL endpoint, over the same users and items as the REST API (server.js hands them in):
//   POST /graphql  { "query": "…", "variables": { … }, "operationName": "…" }
//   GET  /graphql?query=…&variables={…}&operationName=…    (queries only; a mutation needs POST)
// Built with the `graphql` package (buildSchema + graphql()); server.js imports this module on the first
// request, so a server that never sees /graphql never loads it.
// Status codes (GraphQL over HTTP, application/json): 200 for every well-formed request, GraphQL errors
// included (syntax, validation, resolver errors are in `errors`); 400 when the request itself is malformed
// (no query, a body or `variables` that is not JSON); 405 for other methods and for a mutation over GET.
import { randomUUID } from 'node:crypto';
import { buildSchema, getOperationAST, GraphQLError, graphql, parse } from 'graphql';
import { readText } from './read-body.js';


const schema = buildSchema(`
  type User {
    id: ID!
    name: String!
    email: String!
    createdAt: String!
  }

  type Item {
    id: ID!
    name: String!
    price: Float!
    currency: String!
    inStock: Boolean!
  }

  type Query {
    "Users in creation order; the first \`first\` of them when given."
    users(first: Int): [User!]!
    user(id: ID!): User
    items: [Item!]!
    "Always fails with the error \\"boom failed\\" (for tests of GraphQL errors)."
    boom: String
  }

  type Mutation {
    "Same rules as POST /api/users: a name, a valid email, no duplicate email."
    createUser(name: String!, email: String!): User!
  }
`);

/** Resolvers over the server's data: `users` (id → user), `items` (list), `validateUser` (REST body rules). */
function rootValue({ users, items, validateUser }) {
  return {
    users({ first }) {
      const all = [...users.values()];
      if (first === undefined || first === null) return all;
      if (first < 0) throw new GraphQLError('first must be a non-negative integer', { extensions: { code: 'BAD_USER_INPUT' } });
      return all.slice(0, first);
    },
    user: ({ id }) => users.get(id) ?? null,
    items: () => items,
    boom() {
      throw new Error('boom failed');
    },
    createUser({ name, email }) {
      const details = validateUser({ name, email });
      if (details.length > 0) {
        throw new GraphQLError(`validation failed: ${details.map((d) => d.message).join(', ')}`, { extensions: { code: 'BAD_USER_INPUT', details } });
      }
      const trimmed = email.trim();
      for (const u of users.values()) {
        if (u.email.toLowerCase() === trimmed.toLowerCase()) {
          throw new GraphQLError(`a user with email ${trimmed} already exists`, { extensions: { code: 'CONFLICT' } });
        }
      }
      const user = { id: randomUUID(), name: name.trim(), email: trimmed, createdAt: new Date().toISOString() };
      users.set(user.id, user);
      return user;
    },
  };
}

function send(res, status, value, extra) {
  const buf = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': buf.length, ...extra });
  res.end(buf);
}

/** A request the endpoint cannot run at all: answered in the GraphQL shape, `{ errors: [{ message }] }`. */
const refuse = (res, status, message, extra) => send(res, status, { errors: [{ message }] }, extra);


/** `{ query, variables, operationName }` from a POST body or a GET query string; a string when malformed. */
async function readParams(req, query) {
  if (req.method === 'GET') {
    let variables;
    const raw = query.get('variables');
    if (raw !== null && raw !== '') {
      try {
        variables = JSON.parse(raw);
      } catch {
        return '`variables` is not valid JSON';
      }
    }
    return { query: query.get('query'), variables, operationName: query.get('operationName') || undefined };
  }
  let body;
  try {
    body = JSON.parse(await readText(req));
  } catch (e) {
    if (e.status) throw e;
    return 'the request body is not valid JSON; send { "query": "…", "variables": { … } }';
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'the request body must be a JSON object with `query`';
  return { query: body.query, variables: body.variables ?? undefined, operationName: body.operationName ?? undefined };
}

/** Answers one /graphql request. `store` is `{ users, items, validateUser }` from server.js. */
export async function handleGraphql(req, res, query, store) {
  if (req.method !== 'GET' && req.method !== 'POST') return refuse(res, 405, 'GraphQL is served over GET and POST', { allow: 'GET, POST' });
  const params = await readParams(req, query);
  if (typeof params === 'string') return refuse(res, 400, params);
  if (typeof params.query !== 'string' || params.query.trim() === '') return refuse(res, 400, 'a `query` is required');
  if (params.variables !== undefined && (params.variables === null || typeof params.variables !== 'object' || Array.isArray(params.variables))) {
    return refuse(res, 400, '`variables` must be a JSON object');
  }
  if (req.method === 'GET') {
    // GET must not change anything: a mutation is refused before it runs.
    let document;
    try {
      document = parse(params.query);
    } catch {
      document = undefined; // graphql() below reports the syntax error
    }
    const operation = document && getOperationAST(document, params.operationName);
    if (operation?.operation === 'mutation') return refuse(res, 405, 'a mutation needs POST', { allow: 'POST' });
  }
  const result = await graphql({
    schema,
    source: params.query,
    rootValue: rootValue(store),
    variableValues: params.variables,
    operationName: params.operationName,
  });
  send(res, 200, result);
}
