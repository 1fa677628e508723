// Swagger 2.0 documents (already dereferenced) → the operation model: `body`/`formData` parameters become a
// request body, `consumes`/`produces` become media types, `responses.schema` a JSON body, type fields schemas.
import { indexSchemas, isNode, mediaTypeName, mergeParameters, securityOf, stringList, type Node, rawOperations } from './doc-read.js';
import type { Contract, MediaType, Operation, Parameter, ParameterLocation, RequestBody, ResponseHeader, ResponseSpec, SchemaNode, SecurityScheme } from './model.js';
import { childPointer } from './pointer.js';

// The fields of a non-body parameter or a header that are JSON Schema keywords.
const SCHEMA_KEYS = [
  'type', 'format', 'items', 'enum', 'default', 'pattern', 'multipleOf', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'x-nullable',
];

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

// collectionFormat → OpenAPI 3 style/explode, so one serializer serves both versions.
const COLLECTION_STYLES: Record<string, { style: string; explode: boolean }> = {
  csv: { style: 'form', explode: false },
  ssv: { style: 'spaceDelimited', explode: false },
  tsv: { style: 'tabDelimited', explode: false },
  pipes: { style: 'pipeDelimited', explode: false },
  multi: { style: 'form', explode: true },
};

export function contractFromSwagger2(doc: Node, source: string): Contract {
  const schemaPointers = new Map<object, string>();
  indexSchemas(doc.definitions, '#/definitions', schemaPointers);
  return {
    version: '2.0',
    dialect: 'draft-07',
    source,
    servers: serversOf(doc),
    operations: operationsOf(doc),
    securitySchemes: securitySchemesOf(doc.securityDefinitions),
    schemaPointers,
    document: doc,
  };
}

function operationsOf(doc: Node): Operation[] {
  return rawOperations(doc).map(({ path, method, op, item, pointer }) => {
    const consumes = mediaTypes(op.consumes ?? doc.consumes, ['application/json']);
    const produces = mediaTypes(op.produces ?? doc.produces, ['application/json']);
    const params = mergeParameters(item.parameters, op.parameters);
    const operation: Operation = {
      method: method.toUpperCase(),
      path,
      title: `${method.toUpperCase()} ${path}`,
      tags: stringList(op.tags),
      parameters: params.flatMap(parameterOf),
      responses: responsesOf(op.responses, produces, childPointer(pointer, 'responses')),
      security: securityOf(op.security, doc.security),
      pointer,
    };
    if (typeof op.operationId === 'string') operation.operationId = op.operationId;
    // Where a parameter is written: its index in the operation's list, else in the path item's.
    const paramPointer = (p: Node): string => {
      const own = Array.isArray(op.parameters) ? op.parameters.indexOf(p) : -1;
      if (own !== -1) return childPointer(pointer, 'parameters', own);
      return childPointer('#/paths', path, 'parameters', Array.isArray(item.parameters) ? item.parameters.indexOf(p) : 0);
    };
    const body = requestBodyOf(params, consumes, paramPointer);
    if (body) operation.requestBody = body;
    return operation;
  });
}

function mediaTypes(v: unknown, fallback: string[]): string[] {
  const list = stringList(v).map(mediaTypeName);
  return list.length > 0 ? list : fallback;
}

/** A 2.0 parameter or header written with type fields, as a JSON Schema. */
function typeFieldsSchema(node: Node): SchemaNode {
  const schema: Record<string, unknown> = {};
  for (const k of SCHEMA_KEYS) if (node[k] !== undefined) schema[k] = node[k];
  return schema;
}

function parameterOf(p: Node): Parameter[] {
  if (p.in !== 'path' && p.in !== 'query' && p.in !== 'header') return [];
  const param: Parameter = { name: p.name as string, in: p.in as ParameterLocation, required: p.in === 'path' || p.required === true, schema: typeFieldsSchema(p) };
  // `x-example` is the common vendor extension for a 2.0 parameter example.
  if (p['x-example'] !== undefined) param.example = { value: p['x-example'] };
  if (p.type === 'array') {
    const fmt = COLLECTION_STYLES[typeof p.collectionFormat === 'string' ? p.collectionFormat : 'csv'] ?? COLLECTION_STYLES.csv!;
    param.style = p.in === 'query' ? fmt.style : 'simple';
    param.explode = fmt.explode;
  }
  return [param];
}

function requestBodyOf(params: Node[], consumes: string[], paramPointer: (p: Node) => string): RequestBody | undefined {
  const body = params.find((p) => p.in === 'body');
  if (body) {
    const schema = isNode(body.schema) ? body.schema : {};
    const example = body['x-example'] !== undefined ? { value: body['x-example'] } : undefined;
    const at = childPointer(paramPointer(body), 'schema');
    return {
      required: body.required === true,
      content: consumes.filter((t) => !FORM_TYPES.includes(t)).map((type) => ({ type, schema, ...(example ? { example } : {}), schemaPointer: at })),
    };
  }
  const fields = params.filter((p) => p.in === 'formData');
  if (fields.length === 0) return undefined;
  // formData parameters are the fields of one form: an object schema with a property each.
  const properties: Record<string, SchemaNode> = {};
  const required: string[] = [];
  for (const f of fields) {
    properties[f.name as string] = typeFieldsSchema(f);
    if (f.required === true) required.push(f.name as string);
  }
  const schema = { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
  const types = consumes.filter((t) => FORM_TYPES.includes(t));
  return {
    required: required.length > 0,
    content: (types.length > 0 ? types : ['application/x-www-form-urlencoded']).map((type) => ({ type, schema, schemaPointer: paramPointer(fields[0]!) })),
  };
}

function responsesOf(responses: unknown, produces: string[], pointer: string): ResponseSpec[] {
  if (!isNode(responses)) return [];
  const out: ResponseSpec[] = [];
  for (const [key, r] of Object.entries(responses)) {
    if (!isNode(r)) continue;
    const at = childPointer(pointer, key);
    const examples = isNode(r.examples) ? r.examples : {};
    // Only a response with a `schema` has a body; it may come in any of the `produces` types.
    const content: MediaType[] = isNode(r.schema) || typeof r.schema === 'boolean'
      ? produces.map((type) => ({ type, schema: r.schema as SchemaNode, ...(examples[type] !== undefined ? { example: { value: examples[type] } } : {}), schemaPointer: childPointer(at, 'schema') }))
      : [];
    out.push({ key, content, headers: headersOf(r.headers, childPointer(at, 'headers')), pointer: at });
  }
  return out;
}

function headersOf(headers: unknown, pointer: string): ResponseHeader[] {
  if (!isNode(headers)) return [];
  // 2.0 has no `required` on headers: a documented header is checked when it is there.
  return Object.entries(headers).filter(([name, h]) => isNode(h) && name.toLowerCase() !== 'content-type').map(([name, h]) => ({
    name: name.toLowerCase(), required: false, schema: typeFieldsSchema(h as Node), pointer: childPointer(pointer, name),
  }));
}

function securitySchemesOf(defs: unknown): Map<string, SecurityScheme> {
  const out = new Map<string, SecurityScheme>();
  if (!isNode(defs)) return out;
  for (const [name, s] of Object.entries(defs)) {
    if (!isNode(s)) continue;
    if (s.type === 'basic') out.set(name, { kind: 'basic' });
    else if (s.type === 'apiKey' && typeof s.name === 'string' && (s.in === 'header' || s.in === 'query')) out.set(name, { kind: 'apiKey', in: s.in, name: s.name });
    else if (s.type === 'oauth2') out.set(name, { kind: 'bearer' });
    else out.set(name, { kind: 'unsupported', type: String(s.type) });
  }
  return out;
}

/** `schemes[0]://host basePath`; just the basePath when the document names no host. */
function serversOf(doc: Node): string[] {
  const basePath = typeof doc.basePath === 'string' ? doc.basePath.replace(/\/$/, '') : '';
  if (typeof doc.host !== 'string') return basePath ? [basePath] : [];
  const schemes = stringList(doc.schemes);
  return [`${schemes[0] ?? 'http'}://${doc.host}${basePath}`];
}
