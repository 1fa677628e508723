// The plan language of `graphql` tests and of the `graphql:` step of an api test.
// The expectations it shares with api tests (status, headers, jsonPath, maxDuration) and `capture` are
// defined in schema.ts and handed in to `graphqlSchemas`: imports go from schema.ts to here, never back.
import { Type, type TLiteral, type TObject, type TOptional, type TOptionalWithFlag, type TSchema, type TUnknown } from '@sinclair/typebox';
import { strict, StringMap, testCommon } from './schema-common.js';

const documentText = (what: 'query' | 'mutation', example: string) =>
  Type.Union(
    [
      Type.String({ minLength: 1, description: `The ${what} document, e.g. \`${example}\`.` }),
      Type.Object(
        { file: Type.String({ minLength: 1, description: 'Path of a .graphql file holding the document, relative to the plan file.' }) },
        { ...strict, description: 'The document, read from a file.' },
      ),
    ],
    { title: `GraphQL text, or { file: PATH }`, description: `The ${what} to send: GraphQL text, or \`{ file: ./op.graphql }\` (relative to the plan).` },
  );

/** The fields of one GraphQL operation: a graphql test has them at its top, an api step under `graphql:`. */
export const graphqlOperationFields = {
  endpoint: Type.Optional(Type.String({ description: 'GraphQL endpoint: absolute URL, or a path relative to `baseUrl` (default `/graphql`).' })),
  query: Type.Optional(documentText('query', 'query($n: Int) { users(first: $n) { id name } }')),
  mutation: Type.Optional(documentText('mutation', 'mutation($name: String!) { createUser(name: $name) { id } }')),
  variables: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Variables of the operation; templates such as `${{ captures.id }}` are resolved.' })),
  operationName: Type.Optional(Type.String({ minLength: 1, description: 'Which operation of the document to run (needed when it holds several).' })),
  headers: Type.Optional(StringMap('Request headers (merged over `defaults.headers`).')),
};

export const GraphqlOperation = Type.Object(graphqlOperationFields, {
  ...strict,
  description: 'A GraphQL operation, sent as a JSON POST: exactly one of `query` or `mutation`, with `variables`.',
});

export const GraphqlErrorsExpectation = Type.Union(
  [
    Type.Literal('none', { description: 'The response has no `errors`.' }),
    Type.Integer({ minimum: 0, description: 'Exactly this many errors.' }),
    Type.Object(
      {
        count: Type.Optional(Type.Integer({ minimum: 0, description: 'Exactly this many errors.' })),
        message: Type.Optional(Type.String({ minLength: 1, description: 'Some error\'s message contains this text, or matches `/regex/flags`.' })),
      },
      { ...strict, minProperties: 1, description: 'How many errors, and/or a message one of them has.' },
    ),
  ],
  { title: 'none, a number of errors, or { count, message }', description: 'The response `errors`: `none`, how many, or `{ count, message }`.' },
);

/** The expectations only GraphQL responses have; an api step's `expect` takes them too (for its `graphql:` steps). */
export const graphqlExpectFields = {
  data: Type.Optional(Type.Unknown({ description: 'The response `data` deep-partially matches this value (extra keys allowed; lists match element by element).' })),
  errors: Type.Optional(GraphqlErrorsExpectation),
};

const dataSchema = Type.Optional(Type.Unknown({ description: 'JSON Schema the response `data` must validate against (formats supported).' }));

/** What schema.ts hands in: the api expectations a GraphQL response shares (`capture` comes as its own argument). */
export interface SharedHttpFields {
  status: TSchema;
  headers: TSchema;
  jsonPath: TSchema;
  maxDuration: TSchema;
  judge: TSchema;
}

// Spelled out, and passed to Type.Object explicitly, so TypeScript keeps the concrete schemas schema.ts hands
// in: inferred, they widen to TSchema and every static type comes out as `unknown`.
type GraphqlExpectProperties<H extends SharedHttpFields> = {
  status: H['status'];
  headers: H['headers'];
  errors: typeof graphqlExpectFields.errors;
  data: typeof graphqlExpectFields.data;
  jsonPath: H['jsonPath'];
  schema: TOptional<TUnknown>;
  maxDuration: H['maxDuration'];
  judge: H['judge'];
};
type GraphqlTestProperties<H extends SharedHttpFields, C extends TSchema> = typeof testCommon & typeof graphqlOperationFields & {
  type: TLiteral<'graphql'>;
  expect: TOptional<TObject<GraphqlExpectProperties<H>>>;
  capture: TOptionalWithFlag<C, true>;
};

/** The `expect` of a graphql test and the graphql test itself, built on the api test's shared pieces. */
export function graphqlSchemas<H extends SharedHttpFields, C extends TSchema>(
  http: H,
  capture: C,
): { GraphqlExpect: TObject<GraphqlExpectProperties<H>>; GraphqlTest: TObject<GraphqlTestProperties<H, C>> } {
  const GraphqlExpect = Type.Object<GraphqlExpectProperties<H>>(
    {
      status: http.status,
      headers: http.headers,
      errors: graphqlExpectFields.errors,
      data: graphqlExpectFields.data,
      jsonPath: http.jsonPath,
      schema: dataSchema,
      maxDuration: http.maxDuration,
      judge: http.judge,
    },
    {
      ...strict,
      description: 'What the GraphQL response must look like; each entry is a check. The HTTP status must be 200 unless `status` says otherwise; `jsonPath` looks at the whole body (`$.data.…`, `$.errors[0].message`).',
    },
  );
  const GraphqlTest = Type.Object<GraphqlTestProperties<H, C>>(
    {
      ...testCommon,
      type: Type.Literal('graphql', { description: 'A GraphQL query or mutation over HTTP.' }),
      ...graphqlOperationFields,
      expect: Type.Optional(GraphqlExpect),
      capture: Type.Optional(capture),
    },
    { ...strict, description: 'A graphql test: one `query` or `mutation` with `variables`, then `expect` and `capture`.' },
  );
  return { GraphqlExpect, GraphqlTest };
}
