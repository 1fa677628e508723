// OpenAPI 3.0 / 3.1 documents (already dereferenced) → the operation model.
import { asSchema, exampleOf, indexSchemas, isNode, mediaTypeName, mergeParameters, securityOf, stringList, type Node, rawOperations } from './doc-read.js';
import type { Contract, MediaType, Operation, Parameter, ParameterLocation, RequestBody, ResponseHeader, ResponseSpec, SecurityScheme } from './model.js';
import { childPointer } from './pointer.js';

const LOCATIONS: ReadonlySet<string> = new Set(['path', 'query', 'header', 'cookie']);

export function contractFromOpenApi3(doc: Node, source: string): Contract {
  const version = typeof doc.openapi === 'string' && doc.openapi.startsWith('3.1') ? '3.1' : '3.0';
  const components = isNode(doc.components) ? doc.components : {};
  const schemaPointers = new Map<object, string>();
  indexSchemas(components.schemas, '#/components/schemas', schemaPointers);
  return {
    version,
    dialect: version === '3.1' ? '2020-12' : 'draft-07',
    source,
    servers: serversOf(doc.servers),
    operations: operationsOf(doc),
    securitySchemes: securitySchemesOf(components.securitySchemes),
    schemaPointers,
    document: doc,
  };
}

function operationsOf(doc: Node): Operation[] {
  return rawOperations(doc).map(({ path, method, op, item, pointer }) => {
    const operation: Operation = {
      method: method.toUpperCase(),
      path,
      title: `${method.toUpperCase()} ${path}`,
      tags: stringList(op.tags),
      parameters: mergeParameters(item.parameters, op.parameters).flatMap(parameterOf),
      responses: responsesOf(op.responses, childPointer(pointer, 'responses')),
      security: securityOf(op.security, doc.security),
      pointer,
    };
    if (typeof op.operationId === 'string') operation.operationId = op.operationId;
    const body = requestBodyOf(op.requestBody, childPointer(pointer, 'requestBody'));
    if (body) operation.requestBody = body;
    return operation;
  });
}

function parameterOf(p: Node): Parameter[] {
  if (!LOCATIONS.has(p.in as string)) return [];
  const param: Parameter = { name: p.name as string, in: p.in as ParameterLocation, required: p.in === 'path' || p.required === true };
  // A parameter has a `schema`, or (rarely) a `content` map with one media type holding it.
  const media = isNode(p.content) ? Object.values(p.content).find(isNode) : undefined;
  const schema = asSchema(p.schema) ?? (media ? asSchema(media.schema) : undefined);
  if (schema !== undefined) param.schema = schema;
  const example = exampleOf(p) ?? (media ? exampleOf(media) : undefined);
  if (example) param.example = example;
  if (typeof p.style === 'string') param.style = p.style;
  if (typeof p.explode === 'boolean') param.explode = p.explode;
  return [param];
}

function contentOf(content: unknown, pointer: string): MediaType[] {
  if (!isNode(content)) return [];
  const out: MediaType[] = [];
  for (const [type, media] of Object.entries(content)) {
    if (!isNode(media)) continue;
    const m: MediaType = { type: mediaTypeName(type), schemaPointer: childPointer(pointer, type, 'schema') };
    const schema = asSchema(media.schema);
    if (schema !== undefined) m.schema = schema;
    const example = exampleOf(media);
    if (example) m.example = example;
    out.push(m);
  }
  return out;
}

function requestBodyOf(body: unknown, pointer: string): RequestBody | undefined {
  if (!isNode(body)) return undefined;
  return { required: body.required === true, content: contentOf(body.content, childPointer(pointer, 'content')) };
}

function responsesOf(responses: unknown, pointer: string): ResponseSpec[] {
  if (!isNode(responses)) return [];
  const out: ResponseSpec[] = [];
  for (const [key, r] of Object.entries(responses)) {
    if (!isNode(r)) continue;
    const at = childPointer(pointer, key);
    out.push({ key, content: contentOf(r.content, childPointer(at, 'content')), headers: headersOf(r.headers, childPointer(at, 'headers')), pointer: at });
  }
  return out;
}

function headersOf(headers: unknown, pointer: string): ResponseHeader[] {
  if (!isNode(headers)) return [];
  const out: ResponseHeader[] = [];
  for (const [name, h] of Object.entries(headers)) {
    // "If a response header is defined with the name Content-Type, it SHALL be ignored."
    if (!isNode(h) || name.toLowerCase() === 'content-type') continue;
    const header: ResponseHeader = { name: name.toLowerCase(), required: h.required === true, pointer: childPointer(pointer, name) };
    const media = isNode(h.content) ? Object.values(h.content).find(isNode) : undefined;
    const schema = asSchema(h.schema) ?? (media ? asSchema(media.schema) : undefined);
    if (schema !== undefined) header.schema = schema;
    out.push(header);
  }
  return out;
}

function securitySchemesOf(schemes: unknown): Map<string, SecurityScheme> {
  const out = new Map<string, SecurityScheme>();
  if (!isNode(schemes)) return out;
  for (const [name, s] of Object.entries(schemes)) {
    if (!isNode(s)) continue;
    const scheme = typeof s.scheme === 'string' ? s.scheme.toLowerCase() : '';
    if (s.type === 'http' && scheme === 'bearer') out.set(name, { kind: 'bearer' });
    else if (s.type === 'http' && scheme === 'basic') out.set(name, { kind: 'basic' });
    else if (s.type === 'apiKey' && typeof s.name === 'string' && (s.in === 'header' || s.in === 'query' || s.in === 'cookie')) out.set(name, { kind: 'apiKey', in: s.in, name: s.name });
    // Both end in a bearer access token; obtaining it is the plan's business (a var, a login step).
    else if (s.type === 'oauth2' || s.type === 'openIdConnect') out.set(name, { kind: 'bearer' });
    else out.set(name, { kind: 'unsupported', type: `${String(s.type)}${scheme ? ` ${scheme}` : ''}` });
  }
  return out;
}

/** Server URLs with their `{variables}` set to the defaults. */
function serversOf(servers: unknown): string[] {
  if (!Array.isArray(servers)) return [];
  return servers.filter(isNode).flatMap((s) => {
    if (typeof s.url !== 'string') return [];
    const vars = isNode(s.variables) ? s.variables : {};
    return [s.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
      const v = vars[name];
      return isNode(v) && v.default !== undefined ? String(v.default) : whole;
    })];
  });
}
