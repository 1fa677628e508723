// Which documented response and media type an actual response falls under: `200` before `2XX` before
// `default`; `application/json` before `application/*` before `*/*`.
import { mediaTypeName } from './doc-read.js';
import type { MediaType, Operation, ResponseSpec } from './model.js';

export function documentedResponse(op: Operation, status: number): ResponseSpec | undefined {
  const exact = String(status);
  const range = `${Math.floor(status / 100)}XX`;
  return op.responses.find((r) => r.key === exact)
    ?? op.responses.find((r) => r.key.toUpperCase() === range)
    ?? op.responses.find((r) => r.key === 'default');
}

/** The response's media type (`application/json`), or undefined without a content-type header. */
export function actualMediaType(headers: Readonly<Record<string, string>>): string | undefined {
  const raw = headers['content-type'];
  return raw === undefined || raw.trim() === '' ? undefined : mediaTypeName(raw);
}

function matches(documented: string, actual: string): boolean {
  if (documented === actual || documented === '*/*') return true;
  const [type, sub] = documented.split('/');
  return sub === '*' && actual.startsWith(`${type}/`);
}

/** The most specific documented media type the actual one falls under. */
export function matchingMedia(content: readonly MediaType[], actual: string): MediaType | undefined {
  return content.find((m) => m.type === actual) ?? content.find((m) => m.type !== '*/*' && matches(m.type, actual)) ?? content.find((m) => matches(m.type, actual));
}

/** JSON bodies are what response schemas are checked on: `application/json`, `application/problem+json`, … */
export function isJsonMedia(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json') || type === 'text/json' || /^application\/[\w.-]*json$/.test(type);
}
