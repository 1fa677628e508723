// The `contract` test: an OpenAPI (or Swagger 2.0) document says what the API answers; the executor calls
// every operation it selects and checks the answers against it. Built from schema-common only, so schema.ts
// can list it without an import cycle.
import { Type } from '@sinclair/typebox';
import { duration, strict, StringMap, testCommon } from './schema-common.js';

/** The checks, named as Schemathesis names them (plus `max_duration`), so findings read the same in both tools. */
export const contractCheckNames = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'response_headers_conformance',
  'max_duration',
  'negative_data_rejection',
] as const;

export const ContractCheckName = Type.Union(contractCheckNames.map((n) => Type.Literal(n)), {
  title: 'a check name such as status_code_conformance',
  description: 'One of the contract checks.',
});

export const OperationFilter = Type.Object(
  {
    operationId: Type.Optional(Type.String({ minLength: 1, description: 'The operation\'s `operationId`.' })),
    tag: Type.Optional(Type.String({ minLength: 1, description: 'A tag the operation has.' })),
    path: Type.Optional(Type.String({ minLength: 1, description: 'The path template as the spec writes it (`/api/users/{id}`); `*` matches any characters (`/api/users*`).' })),
    method: Type.Optional(Type.String({ pattern: '^[A-Za-z]+$', description: 'HTTP method, any case (`GET`, `post`).' })),
  },
  { ...strict, minProperties: 1, description: 'Selects operations: all the fields given must match.' },
);

export const SchemeCredentials = Type.Union(
  [
    Type.Object({ bearer: Type.String({ description: 'Token sent as `Authorization: Bearer …` (http bearer, oauth2, openIdConnect schemes).' }) }, { ...strict, description: 'A bearer token.' }),
    Type.Object(
      {
        basic: Type.Object(
          { username: Type.String({ description: 'User name.' }), password: Type.String({ description: 'Password.' }) },
          { ...strict, description: 'Credentials sent as `Authorization: Basic …`.' },
        ),
      },
      { ...strict, description: 'HTTP basic credentials.' },
    ),
    Type.Object({ apiKey: Type.String({ description: 'The key, sent where the apiKey scheme says (header, query or cookie).' }) }, { ...strict, description: 'An API key.' }),
  ],
  { title: '{ bearer: TOKEN }, { basic: { username, password } } or { apiKey: VALUE }', description: 'Credentials for one security scheme of the spec.' },
);

export const AcceptedFinding = Type.Object(
  {
    operation: Type.String({ minLength: 1, description: 'The operation: `METHOD /path/template` as reported, or its operationId.' }),
    check: ContractCheckName,
    reason: Type.String({ minLength: 1, description: 'Why it is accepted (a ticket, a decision); shown with the passing check.' }),
  },
  { ...strict, description: 'A known finding: the check passes with `accepted: <reason>` instead of failing.' },
);

export const ContractTest = Type.Object(
  {
    ...testCommon,
    type: Type.Literal('contract', { description: 'An API checked against its OpenAPI or Swagger document.' }),
    spec: Type.String({ minLength: 1, description: 'The OpenAPI 3.0/3.1 or Swagger 2.0 document (YAML or JSON): a path relative to the plan file, or an http(s) URL.' }),
    server: Type.Optional(Type.String({ description: 'Base URL the operation paths are appended to (default: the plan\'s baseUrl, else the spec\'s first server).' })),
    include: Type.Optional(Type.Array(OperationFilter, { minItems: 1, description: 'Run only operations matching one of these (default: all).' })),
    exclude: Type.Optional(Type.Array(OperationFilter, { minItems: 1, description: 'Skip operations matching one of these.' })),
    auth: Type.Optional(Type.Record(Type.String(), SchemeCredentials, { description: 'Credentials by security scheme name (as in the spec\'s securitySchemes / securityDefinitions).' })),
    headers: Type.Optional(StringMap('Headers sent with every request (merged over `defaults.headers`).')),
    checks: Type.Optional(Type.Array(ContractCheckName, { minItems: 1, uniqueItems: true, description: 'The checks to run (default: all that apply).' })),
    negative: Type.Optional(Type.Boolean({ description: 'Also send invalid requests (a required value missing, a body field of the wrong type) and expect a 4xx: check `negative_data_rejection`.' })),
    maxDuration: Type.Optional(duration('Each response arrives within this time: check `max_duration`.')),
    accepted: Type.Optional(Type.Array(AcceptedFinding, { description: 'Known findings that pass, with their reason, instead of failing.' })),
  },
  { ...strict, description: 'A contract test: every selected operation of `spec` is called once, in document order, and its response checked against the spec; one step per operation. `timeout` covers all of them.' },
);
