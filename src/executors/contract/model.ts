// The one operation model that Swagger 2.0, OpenAPI 3.0 and 3.1 documents are normalised into: the rest of the
// contract executor never looks at which version a document was.
import type { SchemaDialect } from '../../assertions/schema-compiler.js';

export type SpecVersion = '2.0' | '3.0' | '3.1';

/** A JSON Schema node of the (dereferenced) document: plain data, possibly cyclic, never copied at load. */
export type SchemaNode = Record<string, unknown> | boolean;

/** A value the document gives as an example (wrapped, because `undefined`/`null` examples differ from none). */
export interface Example {
  value: unknown;
}

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface Parameter {
  name: string;
  in: ParameterLocation;
  required: boolean;
  schema?: SchemaNode;
  example?: Example;
  /** OpenAPI 3 `style` (2.0 `collectionFormat` is mapped onto it: csv → form/simple, multi → form + explode). */
  style?: string;
  explode?: boolean;
}

export interface MediaType {
  /** Lower-cased, without parameters: `application/json`. */
  type: string;
  schema?: SchemaNode;
  example?: Example;
  /** JSON pointer of `schema` in the document, for messages. */
  schemaPointer: string;
}

export interface RequestBody {
  required: boolean;
  content: MediaType[];
}

export interface ResponseHeader {
  /** Lower-cased. */
  name: string;
  required: boolean;
  schema?: SchemaNode;
  pointer: string;
}

export interface ResponseSpec {
  /** As written: `200`, `2XX` (any case) or `default`. */
  key: string;
  /** Empty when the response documents no body. */
  content: MediaType[];
  headers: ResponseHeader[];
  pointer: string;
}

/** One alternative of an operation's `security`: every named scheme must be satisfied (AND); alternatives are OR. */
type SecurityRequirement = string[];

export type SecurityScheme =
  | { kind: 'bearer' }
  | { kind: 'basic' }
  | { kind: 'apiKey'; in: 'header' | 'query' | 'cookie'; name: string }
  | { kind: 'unsupported'; type: string };

export interface Operation {
  /** Upper-case: `GET`. */
  method: string;
  /** The path template as written: `/api/users/{id}`. */
  path: string;
  /** `GET /api/users/{id}`: the step title and the name `accepted` refers to. */
  title: string;
  operationId?: string;
  tags: string[];
  parameters: Parameter[];
  requestBody?: RequestBody;
  responses: ResponseSpec[];
  /** Empty: no security. An empty alternative (`[]`) means credentials are optional. */
  security: SecurityRequirement[];
  pointer: string;
}

export interface Contract {
  version: SpecVersion;
  /** How the document's schemas validate: OpenAPI 3.1 is JSON Schema 2020-12, older ones a draft-04-ish subset. */
  dialect: SchemaDialect;
  /** Where the document came from (absolute path or URL), for messages. */
  source: string;
  servers: string[];
  operations: Operation[];
  securitySchemes: Map<string, SecurityScheme>;
  /** Named component schemas (`#/components/schemas/X`, `#/definitions/X`) by identity: messages point there. */
  schemaPointers: Map<object, string>;
  /** The dereferenced document, for resolving discriminator mappings. */
  document: Record<string, unknown>;
}
